package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// mainEnv makes the test binary run budgetetl itself (TestMain), so that
// tests can start it as separate processes.
const mainEnv = "BUDGETETL_TEST_MAIN"

// hangEnv makes the readers a run of this test binary starts never answer.
const hangEnv = "BUDGETETL_TEST_HANG"

func TestMain(m *testing.M) {
	// A run's worker processes are os.Executable, this test binary, with
	// the hidden reader command.
	if len(os.Args) > 1 && os.Args[1] == "reader" && os.Getenv(hangEnv) == "1" {
		select {} // a reader that never answers (TestInterruptedRun)
	}
	if os.Getenv(mainEnv) == "1" || len(os.Args) > 1 && os.Args[1] == "reader" {
		os.Exit(run(os.Args))
	}
	os.Exit(m.Run())
}

// budgetetl starts the test binary as budgetetl with args.
func budgetetl(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Args[0] = "budgetetl"
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	return cmd
}

// TestRunDestinations writes one run to csv: and sqlite:, loads the CSV
// directory into a second database with load, and checks that aggregate
// gives the same bytes from all three.
func TestRunDestinations(t *testing.T) {
	tmp := t.TempDir()
	out, db, loaded := filepath.Join(tmp, "out"), filepath.Join(tmp, "run.db"), filepath.Join(tmp, "loaded.db")
	if got := run([]string{"budgetetl", "run", "-q", "--to", "csv:" + out, "--to", "sqlite:" + db, samples}); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	if got := run([]string{"budgetetl", "load", "--to", "sqlite:" + loaded, out}); got != exitOK {
		t.Fatalf("load: exit status %d", got)
	}
	var want []byte
	for _, from := range []string{out, "sqlite:" + db, "sqlite:" + loaded} {
		file := filepath.Join(tmp, filepath.Base(from)+".csv")
		if got := run([]string{"budgetetl", "aggregate", "--from", from, "--by", "city,table,func5", "-o", file}); got != exitOK {
			t.Fatalf("aggregate --from %s: exit status %d", from, got)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = b
		} else if !bytes.Equal(b, want) {
			t.Errorf("aggregate --from %s =\n%s\nwant (from %s)\n%s", from, b, out, want)
		}
	}
	book := filepath.Join(tmp, "agg.xlsx")
	if got := run([]string{"budgetetl", "aggregate", "--from", out, "--by", "city,table,func5", "-o", book}); got != exitOK {
		t.Fatalf("aggregate -o %s: exit status %d", book, got)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("汇总"); len(rows) != bytes.Count(want, []byte("\n")) {
		t.Errorf("汇总 sheet has %d rows, the CSV %d lines", len(rows), bytes.Count(want, []byte("\n")))
	}
	if n := bytes.Count(want, []byte("\n")); n < 20 {
		t.Errorf("aggregate wrote %d lines, want the groups of 2 units:\n%s", n, want)
	}
	left, err := os.ReadFile(filepath.Join(tmp, "out.left_out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// samples/ holds 晋城市乡村振兴中心 three times (xlsx, pdf, borderless
	// pdf) and the 阳城 workbook twice (xlsx, borderless pdf).
	if n := bytes.Count(left, []byte("duplicate of")); n != 3 {
		t.Errorf("left out:\n%s\nwant 3 duplicates", left)
	}
}

func TestOutputUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
	}{
		{"bad destination", []string{"run", "-q", "--to", "excel:" + dir, samples}},
		{"destination without target", []string{"run", "-q", "--to", "sqlite:", samples}},
		{"aggregate unknown key", []string{"aggregate", "--from", dir, "--by", "city,colour"}},
		{"aggregate without --by", []string{"aggregate", "--from", dir}},
		{"aggregate missing run", []string{"aggregate", "--from", filepath.Join(dir, "none"), "--by", "city"}},
		{"aggregate bad -o", []string{"aggregate", "--from", dir, "--by", "city", "-o", filepath.Join(dir, "a.txt")}},
		{"load without DIR", []string{"load", "--to", "sqlite:" + filepath.Join(dir, "a.db")}},
		{"load without --to", []string{"load", dir}},
		{"unknown province", []string{"run", "-q", "-o", dir, "--province", "山西", samples}},
		{"city of another province", []string{"run", "-q", "-o", dir, "--province", "江苏省", "--city", "晋城市", samples}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := run(append([]string{"budgetetl"}, tt.args...)); got != exitUsage {
				t.Errorf("budgetetl %v: exit status %d, want %d", tt.args, got, exitUsage)
			}
		})
	}
}

// TestPostgresSyntheticCorpus loads the synthetic corpus into PostgreSQL
// twice, one run after the other, then from two processes at once; after
// each the database holds exactly the rows of facts.csv: the same count and
// the same exact sum, per document and in all.
func TestPostgresSyntheticCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "synthetic", "files")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s: %v", corpus, err)
	}
	dsn := testDatabase(t)
	out := filepath.Join(t.TempDir(), "out")
	if got := run([]string{"budgetetl", "run", "-q", "--workers", "2", "-o", out, corpus}); got != exitOK {
		t.Fatalf("run: exit status %d", got)
	}
	want := sumsOf(t, filepath.Join(out, "facts.csv"))
	for i := range 2 {
		if b, err := budgetetl("run", "-q", "--to", dsn, corpus).CombinedOutput(); err != nil {
			t.Fatalf("run %d --to postgres: %v\n%s", i+1, err, b)
		}
		wantDatabase(t, dsn, want, "after run "+string(rune('1'+i)))
	}
	var procs []*exec.Cmd
	var outs []*bytes.Buffer
	for range 2 {
		cmd := budgetetl("run", "-q", "--workers", "1", "--to", dsn, corpus)
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs, outs = append(procs, cmd), append(outs, &b)
	}
	for i, p := range procs {
		if err := p.Wait(); err != nil {
			t.Errorf("concurrent run %d: %v\n%s", i+1, err, outs[i])
		}
	}
	wantDatabase(t, dsn, want, "after two concurrent runs")
	var aggs [][]byte
	for _, from := range []string{out, dsn} {
		file := filepath.Join(t.TempDir(), "agg.csv")
		if got := run([]string{"budgetetl", "aggregate", "--from", from, "--by", "city,year,table,column,func7,econ5", "-o", file}); got != exitOK {
			t.Fatalf("aggregate --from %s: exit status %d", from, got)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		aggs = append(aggs, b)
	}
	if !bytes.Equal(aggs[0], aggs[1]) || bytes.Count(aggs[0], []byte("\n")) < 100 {
		t.Errorf("aggregate from PostgreSQL =\n%s\nfrom the directory =\n%s", aggs[1], aggs[0])
	}
}

// sumsOf counts and sums facts.csv per doc_id ("" for all).
func sumsOf(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sums, counts := map[string]decimal.Decimal{}, map[string]int{}
	for _, r := range recs[1:] {
		a := decimal.RequireFromString(r[16])
		for _, k := range []string{"", r[0]} {
			sums[k] = sums[k].Add(a)
			counts[k]++
		}
	}
	out := map[string]string{}
	for k, s := range sums {
		out[k] = s.String() + " in " + decimal.NewFromInt(int64(counts[k])).String()
	}
	return out
}

func wantDatabase(t *testing.T, dsn string, want map[string]string, when string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT coalesce(doc_id, ''), SUM(amount_yuan)::text || ' in ' || COUNT(*)
		FROM facts GROUP BY ROLLUP (doc_id)`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		got[k] = decimal.RequireFromString(v[:bytes.IndexByte([]byte(v), ' ')]).String() + v[bytes.IndexByte([]byte(v), ' '):]
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: doc %q: database has %q, facts.csv %q", when, k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: database has %d documents, facts.csv %d", when, len(got)-1, len(want)-1)
	}
}

// testDatabase creates an empty database on the server of
// BUDGETETL_TEST_POSTGRES (see load/postgres_test.go), or skips.
func testDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("BUDGETETL_TEST_POSTGRES")
	if base == "" {
		t.Skip("SKIP: no PostgreSQL: BUDGETETL_TEST_POSTGRES is not set (eval \"$(bash .ci/postgres)\" starts one)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Skipf("SKIP: no PostgreSQL at BUDGETETL_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "budgetetl_cli_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(ctx, base); err == nil {
			c.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestRegionFlags: --province fills the province of a document whose unit
// name says only its city, and keeps that city.
func TestRegionFlags(t *testing.T) {
	out := t.TempDir()
	if got := run([]string{"budgetetl", "run", "-q", "--province", "山西省", "-o", out, filepath.Join(samples, "jincheng-2026.xlsx")}); got != exitOK {
		t.Fatalf("exit status %d", got)
	}
	b, err := os.ReadFile(filepath.Join(out, "documents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[1][5:8]; got[0] != "山西省" || got[1] != "晋城市" || got[2] != "" {
		t.Errorf("province, city, county = %q, want 山西省 晋城市 and no county", got)
	}
}

// TestFormulaTextStaysText reads a workbook whose labels, unit name and
// sheet name start with = + - @ (and a label with a character outside
// GBK) into CSV (gb18030) and XLSX: no cell of either is a formula, the CSV
// ones carry the guard, the XLSX ones are strings as published, and the
// character outside GBK comes back.
func TestFormulaTextStaysText(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "inject.xlsx")
	replace := map[string]string{"事业运行": "=事业运行", "生产发展": "+生产发展", "住房公积金": "-住房公积金",
		"农业农村": "@农业农村", "住房改革支出": "住房改革支出𠀾"}
	injectWorkbook(t, filepath.Join(samples, "yangcheng-yuan-2026.xlsx"), in, replace)
	out, book := filepath.Join(tmp, "out"), filepath.Join(tmp, "out.xlsx")
	if got := run([]string{"budgetetl", "run", "-q", "--encoding", "gb18030", "--to", "csv:" + out, "--to", "xlsx:" + book, in}); got != exitOK {
		t.Fatalf("exit status %d", got)
	}
	raw, err := os.ReadFile(filepath.Join(out, "facts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	items, units, pages := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range recs[1:] {
		items[r[14]], units[r[1]], pages[r[19]] = true, true, true
	}
	for _, want := range []string{"'=事业运行", "'+生产发展", "'-住房公积金", "'@农业农村", "住房改革支出𠀾"} {
		if !items[want] {
			t.Errorf("facts.csv has no item %q (items %v)", want, items)
		}
	}
	if !units["'=阳城县农业技术推广中心"] || !pages["'=支出总表"] {
		t.Errorf("facts.csv unit names %v, pages %v: want the guarded =阳城县… and =支出总表", units, pages)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("facts")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for i, r := range rows[1:] {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if formula, _ := f.GetCellFormula("facts", cell); formula != "" {
				t.Fatalf("facts %s is the formula %q", cell, formula)
			}
			if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
				if ct, _ := f.GetCellType("facts", cell); ct != excelize.CellTypeInlineString {
					t.Errorf("facts %s %q: cell type %v, want a string", cell, v, ct)
				}
				found[v] = true
			}
		}
	}
	for _, want := range []string{"=事业运行", "+生产发展", "-住房公积金", "@农业农村", "=阳城县农业技术推广中心", "=支出总表"} {
		if !found[want] {
			t.Errorf("facts sheet has no string cell %q", want)
		}
	}
}

// injectWorkbook copies a workbook, replacing cell texts, prefixing the
// unit name with = and renaming the sheet 支出总表 to =支出总表.
func injectWorkbook(t *testing.T, from, to string, replace map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				nv, ok := replace[v]
				if !ok && strings.Contains(v, "阳城县农业技术推广中心") {
					nv, ok = strings.Replace(v, "阳城县农业技术推广中心", "=阳城县农业技术推广中心", 1), true
				}
				if ok {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if err := f.SetCellStr(sheet, cell, nv); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if err := f.SetSheetName("支出总表", "=支出总表"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(to); err != nil {
		t.Fatal(err)
	}
}

// TestAggregateCountsOnce: the same workbook under two names and its PDF
// beside it aggregate to exactly what the workbook alone gives, and the
// two repeats are listed as left out.
func TestAggregateCountsOnce(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	book, err := os.ReadFile(filepath.Join(samples, "jincheng-2026.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(samples, "jincheng-2026.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"a.xlsx": book, "b.xlsx": book, "c.pdf": pdf} {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	aggregateOf := func(inputs ...string) []byte {
		out := filepath.Join(t.TempDir(), "out")
		if got := run(append([]string{"budgetetl", "run", "-q", "-o", out}, inputs...)); got != exitOK {
			t.Fatalf("run %v: exit status %d", inputs, got)
		}
		file := filepath.Join(out, "agg.csv")
		if got := run([]string{"budgetetl", "aggregate", "--from", out, "--by", "table,column,func7", "-o", file}); got != exitOK {
			t.Fatalf("aggregate: exit status %d", got)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		left, _ := os.ReadFile(filepath.Join(out, "agg.left_out.csv"))
		return append(b, left...)
	}
	alone := aggregateOf(filepath.Join(in, "a.xlsx"))
	all := aggregateOf(in)
	if !bytes.HasPrefix(all, alone[:bytes.Index(alone, []byte("doc_id,source"))]) {
		t.Errorf("aggregate of a.xlsx, b.xlsx, c.pdf =\n%s\nwant the groups of a.xlsx alone:\n%s", all, alone)
	}
	if !bytes.Contains(all, []byte("b.xlsx,晋城市乡村振兴中心,the same file as an earlier input")) ||
		!bytes.Contains(all, []byte(`c.pdf,晋城市乡村振兴中心,"duplicate of`)) {
		t.Errorf("left out:\n%s\nwant b.xlsx (the same file) and c.pdf (the same unit)", all)
	}
}

// TestSyntheticWorkbook writes the synthetic corpus to csv: and xlsx:
// together: the facts sheet holds the rows of facts.csv, cell for cell
// (amounts as the same decimal text, stored as numbers); with
// BUDGETETL_TEST_LIBREOFFICE=1 LibreOffice headless converts the workbook to
// PDF (138 pages: 15 to 50 s, so not by default; load/xlsx_test.go converts
// a small workbook whenever soffice is installed).
func TestSyntheticWorkbook(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "synthetic", "files")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("SKIP: shared corpus not found at %s: %v", corpus, err)
	}
	tmp := t.TempDir()
	out, book := filepath.Join(tmp, "out"), filepath.Join(tmp, "synthetic.xlsx")
	if got := run([]string{"budgetetl", "run", "-q", "--to", "csv:" + out, "--to", "xlsx:" + book, corpus}); got != exitOK {
		t.Fatalf("exit status %d", got)
	}
	b, err := os.ReadFile(filepath.Join(out, "facts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("facts", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("facts sheet has %d rows, facts.csv %d", len(got), len(want))
	}
	for i := range want {
		row := append(got[i], make([]string, len(want[i])-len(got[i]))...)
		if strings.Join(row, "\x00") != strings.Join(want[i], "\x00") {
			t.Fatalf("facts sheet row %d = %q, facts.csv %q", i+1, row, want[i])
		}
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil || os.Getenv("BUDGETETL_TEST_LIBREOFFICE") != "1" {
		t.Log("SKIP the LibreOffice conversion: set BUDGETETL_TEST_LIBREOFFICE=1 (and install libreoffice-calc) for it")
		return
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+tmp+"/profile", "--convert-to", "pdf", "--outdir", tmp, book)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	if info, err := os.Stat(filepath.Join(tmp, "synthetic.pdf")); err != nil || info.Size() < 100_000 {
		t.Errorf("soffice wrote no PDF of the workbook: %v", err)
	}
}
