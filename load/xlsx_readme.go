package load

import (
	"fmt"
	"strings"

	"github.com/budgetetl/budgetetl/dataset"
	"github.com/xuri/excelize/v2"
)

// sheetReadme is the first sheet of the workbook.
const sheetReadme = "说明"

// columnOrder gives the canonical columns in SCHEMA order with the header
// a Chinese reader knows them by.
var columnOrder = []struct {
	id    dataset.Column
	label string
}{
	{dataset.Total, "合计"}, {dataset.Basic, "基本支出"}, {dataset.Project, "项目支出"},
	{dataset.Personnel, "人员经费"}, {dataset.PublicFunds, "公用经费"}, {dataset.GeneralBudget, "一般公共预算"},
	{dataset.GovFund, "政府性基金预算"}, {dataset.StateCapitalCol, "国有资本经营预算"},
	{dataset.FiscalAppropriation, "财政拨款"}, {dataset.SpecialAccount, "财政专户管理资金"},
	{dataset.UnitFunds, "单位资金"}, {dataset.BusinessIncome, "事业收入"}, {dataset.OperatingIncome, "经营收入"},
	{dataset.SuperiorSubsidy, "上级补助收入"}, {dataset.SubsidiaryRemit, "附属单位上缴收入"},
	{dataset.OtherIncome, "其他收入"}, {dataset.CurrentYear, "当年预算安排"}, {dataset.Carryover, "上年结转"},
	{dataset.Reserve, "单位预留机动经费"}, {dataset.CarryForward, "结转下年"}, {dataset.Budget, "预算数"},
	{dataset.Actual, "决算数"},
}

// columnLabel is a column's header: its Chinese name, or the printed
// header of a raw: column.
func columnLabel(c dataset.Column) string {
	if c.IsRaw() {
		return strings.TrimPrefix(string(c), "raw:")
	}
	for _, o := range columnOrder {
		if o.id == c {
			return o.label
		}
	}
	return string(c)
}

// tableTitles name the sheet of each canonical table.
var tableTitles = map[dataset.TableID]string{
	dataset.Summary: "收支总表", dataset.Income: "收入总表", dataset.Expense: "支出总表",
	dataset.FiscalSummary: "财政拨款收支总表", dataset.GeneralBudgetFunc: "一般公共预算支出表",
	dataset.BasicEcon: "一般公共预算基本支出表", dataset.GeneralBudgetEcon: "一般公共预算支出经济分类表",
	dataset.GovFundIncome: "政府性基金收入表", dataset.GovFundFunc: "政府性基金支出表",
	dataset.StateCapital: "国有资本经营预算表", dataset.ThreePublic: "三公经费表",
	dataset.OperatingCosts: "机关运行经费表", dataset.Projects: "项目支出表", dataset.ProjectsCarryover: "项目支出表（上年结转）",
	dataset.Procurement: "政府采购预算表", dataset.FiscalFunc: "财政拨款支出表（功能）",
	dataset.FiscalBasicEcon: "财政拨款基本支出表（经济）", dataset.BasicEconAll: "基本支出表（全部资金）",
	dataset.BasicFunc: "基本支出表（功能）", dataset.ProjectEcon: "项目支出表（经济）",
	dataset.FiscalEcon: "财政拨款支出表（经济）", dataset.ExpenseEcon: "支出总表（经济）",
}

func tableSheetName(id dataset.TableID) string {
	if t, ok := tableTitles[id]; ok {
		return t
	}
	return string(id)
}

// readme writes the 说明 sheet: what the run read, what each sheet holds,
// what the numbers are.
func (x *XLSX) readme(f *excelize.File, sheets []sheetRows, header int) error {
	var lines [][]string
	add := func(cells ...string) { lines = append(lines, cells) }
	add("budgetetl 输出说明")
	if !x.opts.Started.IsZero() {
		add("生成时间", x.opts.Started.Format("2006-01-02 15:04:05 MST"))
	}
	add("文件", fmt.Sprintf("%d 个（读取失败 %d 个）", x.count.documents, x.count.failed))
	add("数据行", fmt.Sprintf("facts %d 行；未通过的核对 %d 条", x.count.facts, x.count.checksFailed))
	add("")
	add("金额", "金额单位一律为元，以数值写入（格式 #,##0.00），可直接求和。电子表格以双精度浮点数保存数值，"+
		"15 位有效数字以内（万亿元精确到分）与原值相同；求和结果可能带极小的浮点误差。"+
		"精确记录是 facts.csv 的 amount_yuan（十进制文本）。"+x.inexactNote())
	add("文字", "所有文字单元格都以字符串写入，不会被当作公式计算（即使以 = + - @ 开头）。")
	add("")
	add("工作表", "内容")
	add("说明", "本页")
	about := map[string]string{
		"documents": "每个输入文件一行（documents.csv）：格式、单位、地区、年度、识别出的表、状态；duplicate_of 为重复的文件，scope 为部门/单位",
		"checks":    "核对（checks.csv）：先列未通过（fail），再列警告（warn）与通过（pass）",
		"facts":     "每个公开金额一行（facts.csv），列与 facts.csv 相同",
	}
	for _, id := range dataset.Tables {
		about[tableSheetName(id)] = fmt.Sprintf("表 %s：按原表排列，科目编码、项目，再列各金额栏（元）与公开单位", id)
	}
	for _, s := range sheets {
		names := make([]string, len(s.parts))
		for i, p := range s.parts {
			names[i] = p.name
		}
		add(strings.Join(names, "、"), about[s.parts[0].name])
	}
	if x.chart.units() > 0 {
		add(sheetClasses, x.chart.note())
	}
	add("", fmt.Sprintf("一个工作表最多 %d 行；超过时续写在“名称 (2)”等工作表中。", x.opts.maxRows))
	add("")
	add("输入")
	inputs := x.opts.Inputs
	for i, in := range inputs {
		if i == 200 {
			add("", fmt.Sprintf("… 另 %d 项", len(inputs)-200))
			break
		}
		add("", in)
	}
	for i, l := range lines {
		row := make([]any, len(l))
		for j, v := range l {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheetReadme, cell, &row); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheetReadme, "A", "A", 28); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetReadme, "B", "B", 100); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetReadme, "A2", fmt.Sprintf("B%d", len(lines)), wrap); err != nil {
		return err
	}
	if err := fitPage(f, sheetReadme, false); err != nil {
		return err
	}
	return f.SetCellStyle(sheetReadme, "A1", "A1", header)
}

// inexactNote says how many amounts a double could not hold exactly.
func (x *XLSX) inexactNote() string {
	if x.inexact == 0 {
		return "本工作簿的所有金额都精确。"
	}
	return fmt.Sprintf("本工作簿有 %d 个金额超过 15 位有效数字，单元格中为近似值。", x.inexact)
}
