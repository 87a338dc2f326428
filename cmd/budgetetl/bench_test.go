package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// BenchmarkRun runs budgetetl as its own process on 200 and on 2,000
// distinct documents (made here from the sample workbooks, each with its
// own unit name, so none is a duplicate) writing csv:, xlsx: and sqlite:,
// and reports documents per second (wall and per CPU second) and the
// process's peak RSS. The document rate must not fall with the number of
// documents, nor memory grow: the run streams each document to the sinks.
//
//	go test -run '^$' -bench BenchmarkRun -benchtime 1x ./cmd/budgetetl
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := filepath.Join(b.TempDir(), "in")
			makeCorpus(b, in, n)
			b.ResetTimer()
			for range b.N {
				out := b.TempDir()
				start := time.Now()
				cmd := budgetetl("run", "-q", "--to", "csv:"+filepath.Join(out, "csv"), "--to", "xlsx:"+filepath.Join(out, "run.xlsx"),
					"--to", "sqlite:"+filepath.Join(out, "run.db"), in)
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("run: %v\n%s", err, msg)
				}
				wall := time.Since(start)
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
				b.ReportMetric(float64(n)/wall.Seconds(), "docs/s")
				b.ReportMetric(float64(n)/cpu.Seconds(), "docs/cpu-s")
				b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
			}
		})
	}
}

// makeCorpus writes n workbooks into dir: the two sample workbooks in
// turn, the i-th with unit name 第i… so that each is its own unit.
func makeCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	templates := []struct{ file, unit string }{
		{"jincheng-2026.xlsx", "晋城市乡村振兴中心"},
		{"yangcheng-yuan-2026.xlsx", "阳城县农业技术推广中心"},
	}
	for t, tpl := range templates {
		f, err := excelize.OpenFile(filepath.Join(samples, tpl.file))
		if err != nil {
			b.Fatal(err)
		}
		cells := unitCells(b, f, tpl.unit)
		for i := t; i < n; i += len(templates) {
			name := strings.Replace(tpl.unit, "中心", fmt.Sprintf("第%d中心", i), 1)
			for _, c := range cells {
				if err := f.SetCellStr(c[0], c[1], strings.Replace(c[2], tpl.unit, name, 1)); err != nil {
					b.Fatal(err)
				}
			}
			if err := f.SaveAs(filepath.Join(dir, fmt.Sprintf("doc%04d.xlsx", i))); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}

// unitCells finds the cells that print the unit name: sheet, cell, text.
func unitCells(b *testing.B, f *excelize.File, unit string) [][3]string {
	var out [][3]string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			b.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				if strings.Contains(v, unit) {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					out = append(out, [3]string{sheet, cell, v})
				}
			}
		}
	}
	if len(out) == 0 {
		b.Fatalf("%s not printed in the template", unit)
	}
	return out
}
