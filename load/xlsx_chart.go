package load

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// sheetClasses is the sheet of spending by 类 across units.
const sheetClasses = "类支出"

// chartUnits is how many units the chart shows: the largest spenders.
// The sheet lists them all.
const chartUnits = 20

// classChart gathers, for each unit counted once (no failed document, no
// duplicate), its spending by 类: the detail rows of its 支出总表 (all
// funds), or of its 一般公共预算支出表 when it prints no 支出总表, by the
// first three digits of their function code. It holds one small map per
// unit, not the facts.
type classChart struct {
	rows  []classRow
	names map[string]string // 类 code → name as printed
}

type classRow struct {
	unit  string
	order int
	by    map[string]decimal.Decimal
	total decimal.Decimal
}

func newClassChart() *classChart { return &classChart{names: map[string]string{}} }

func (c *classChart) add(b dataset.Batch) {
	d := b.Document
	if d.Status == dataset.StatusFailed || d.DuplicateOf != "" {
		return
	}
	row := classRow{unit: d.UnitName, order: len(c.rows), by: map[string]decimal.Decimal{}}
	for _, table := range []dataset.TableID{dataset.Expense, dataset.GeneralBudgetFunc} {
		for _, f := range b.Facts {
			if f.Table != table || f.Column != dataset.Total || len(f.FuncCode) < 3 || f.Flow != dataset.FlowExpense {
				continue
			}
			class := f.FuncCode[:3]
			if len(f.FuncCode) == 3 && c.names[class] == "" {
				c.names[class] = f.Item
			}
			if f.RowKind == dataset.KindDetail {
				row.by[class] = row.by[class].Add(f.AmountYuan)
				row.total = row.total.Add(f.AmountYuan)
			}
		}
		if len(row.by) > 0 {
			break
		}
	}
	if len(row.by) > 0 {
		c.rows = append(c.rows, row)
	}
}

func (c *classChart) units() int { return len(c.rows) }

func (c *classChart) note() string {
	return fmt.Sprintf("各单位按支出功能分类“类”的支出（万元；支出总表的明细行，无支出总表时用一般公共预算支出表；重复与失败的文件不计），"+
		"按合计从大到小；图表为前 %d 个单位", min(chartUnits, len(c.rows)))
}

// write makes the sheet and its chart; nothing when no unit has spending
// by function.
func (c *classChart) write(f *excelize.File) error {
	if len(c.rows) == 0 {
		return nil
	}
	if _, err := f.NewSheet(sheetClasses); err != nil {
		return err
	}
	classes := make([]string, 0, len(c.names))
	seen := map[string]bool{}
	for _, r := range c.rows {
		for k := range r.by {
			if !seen[k] {
				seen[k] = true
				classes = append(classes, k)
			}
		}
	}
	slices.Sort(classes)
	slices.SortStableFunc(c.rows, func(a, b classRow) int { return cmp.Or(b.total.Cmp(a.total), cmp.Compare(a.order, b.order)) })
	header := []any{"单位", "合计（万元）"}
	for _, k := range classes {
		header = append(header, k+" "+c.names[k])
	}
	if err := f.SetSheetRow(sheetClasses, "A1", &header); err != nil {
		return err
	}
	wan := decimal.NewFromInt(10_000)
	for i, r := range c.rows {
		row := []any{r.unit, r.total.Div(wan).InexactFloat64()}
		for _, k := range classes {
			if v, ok := r.by[k]; ok {
				row = append(row, v.Div(wan).InexactFloat64())
			} else {
				row = append(row, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheetClasses, cell, &row); err != nil {
			return err
		}
	}
	return c.addChart(f, classes)
}

func (c *classChart) addChart(f *excelize.File, classes []string) error {
	last := len(c.rows) + 1
	lastCol, _ := excelize.ColumnNumberToName(len(classes) + 2)
	style, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetClasses, "B2", fmt.Sprintf("%s%d", lastCol, last), style); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetClasses, "A", "A", 30); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetClasses, "B", lastCol, 14); err != nil {
		return err
	}
	if err := f.SetPanes(sheetClasses, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := fitPage(f, sheetClasses, true); err != nil {
		return err
	}
	shown := min(chartUnits, len(c.rows)) + 1
	var series []excelize.ChartSeries
	for i := range classes {
		col, _ := excelize.ColumnNumberToName(i + 3)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", sheetClasses, col),
			Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", sheetClasses, shown),
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheetClasses, col, col, shown),
		})
	}
	anchor, _ := excelize.CoordinatesToCellName(1, last+3)
	return f.AddChart(sheetClasses, anchor, &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各单位支出（按功能分类·类，万元）"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 960, Height: uint(200 + 28*shown)},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Color: "000000"}},
	})
}

// fitPage prints a sheet landscape and one page wide; tall, one page tall
// too (a chart is not cut).
func fitPage(f *excelize.File, sheet string, tall bool) error {
	landscape, one, height := "landscape", 1, 0
	if tall {
		height = 1
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &height}); err != nil {
		return err
	}
	fit := true
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
