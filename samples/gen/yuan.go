package main

import "fmt"

// yuanWorkbook is a small disclosure in another common layout: amounts in 元
// printed with thousands separators (#,##0.00), the function code split into
// 类 | 款 | 项 columns under a merged 科目编码 header, and the unit name and
// unit of money on one line under the title. The unit and its figures are
// made up; every total adds up. Its 项目支出表 runs over several pages, and
// the last ones print no 项目类型 (a column with nothing in it there).
func yuanWorkbook() workbook {
	return workbook{
		UnitLine:    "编制单位：阳城县农业技术推广中心",
		UnitOfMoney: "单位：元",
		SameLine:    true,
		Format:      "#,##0.00",
		Tables:      []table{yuanSummary(), yuanExpense(), yuanGeneralBudget(), yuanProjects()},
	}
}

func yuanSummary() table {
	return table{
		Sheet: "收支总表", Title: "2026年部门收支总表",
		Header: [][]string{
			{"收入", ">", "支出", ">"},
			{"项目", "预算数", "项目", "预算数"},
		},
		Body: [][]string{
			{"一、一般公共预算拨款收入", "4,594,134.72", "一、一般公共服务支出", ""},
			{"二、政府性基金预算拨款收入", "", "二、社会保障和就业支出", "812,345.60"},
			{"三、国有资本经营预算拨款收入", "", "三、农林水支出", "3,456,789.12"},
			{"四、财政专户管理资金收入", "", "四、住房保障支出", "325,000.00"},
			{"五、单位资金", "", "", ""},
			{"本年收入合计", "4,594,134.72", "本年支出合计", "4,594,134.72"},
			{"上年结转", "", "结转下年", ""},
			{"收入总计", "4,594,134.72", "支出总计", "4,594,134.72"},
		},
	}
}

// yuanFunctionRows are the rows by function classification shared by the
// 支出总表 and the 一般公共预算支出表: 类, 款, 项, name, 合计, 基本, 项目.
var yuanFunctionRows = [][]string{
	{"合计", ">", ">", ">", "4,594,134.72", "3,594,134.72", "1,000,000.00"},
	{"208", "", "", "社会保障和就业支出", "812,345.60", "812,345.60", ""},
	{"208", "05", "", "行政事业单位养老支出", "812,345.60", "812,345.60", ""},
	{"208", "05", "05", "机关事业单位基本养老保险缴费支出", "541,563.73", "541,563.73", ""},
	{"208", "05", "06", "机关事业单位职业年金缴费支出", "270,781.87", "270,781.87", ""},
	{"213", "", "", "农林水支出", "3,456,789.12", "2,456,789.12", "1,000,000.00"},
	{"213", "01", "", "农业农村", "2,456,789.12", "2,456,789.12", ""},
	{"213", "01", "04", "事业运行", "2,456,789.12", "2,456,789.12", ""},
	{"213", "05", "", "巩固脱贫攻坚成果衔接乡村振兴", "1,000,000.00", "", "1,000,000.00"},
	{"213", "05", "05", "生产发展", "1,000,000.00", "", "1,000,000.00"},
	{"221", "", "", "住房保障支出", "325,000.00", "325,000.00", ""},
	{"221", "02", "", "住房改革支出", "325,000.00", "325,000.00", ""},
	{"221", "02", "01", "住房公积金", "325,000.00", "325,000.00", ""},
}

func yuanFunctionHeader(amounts string) [][]string {
	return [][]string{
		{"科目编码", ">", ">", "科目名称", amounts, ">", ">"},
		{"类", "款", "项", "^", "合计", "基本支出", "项目支出"},
	}
}

func yuanExpense() table {
	return table{Sheet: "支出总表", Title: "2026年部门支出总表",
		Header: yuanFunctionHeader("本年支出"), Body: yuanFunctionRows}
}

func yuanGeneralBudget() table {
	return table{Sheet: "一般公共预算支出表", Title: "2026年一般公共预算支出表",
		Header: yuanFunctionHeader("一般公共预算支出"), Body: yuanFunctionRows}
}

// yuanProjects lists 80 projects of the 1,000,000.00 项目支出 (213 05 05):
// alternately 10,000.00 and 15,000.00, all 一般公共预算. Only the first 30
// print a 项目类型, so the rows on the last pages have one column fewer; the
// header is printed again on every page.
func yuanProjects() table {
	t := table{Sheet: "项目支出表", Title: "2026年项目支出预算表", RepeatHeader: true,
		Header: [][]string{{"项目名称", "项目类型", "合计", "一般公共预算"}},
		Body:   [][]string{{"阳城县农业技术推广中心", "", "1,000,000.00", "1,000,000.00"}},
	}
	for i := 1; i <= 80; i++ {
		kind, amount := "", "10,000.00"
		if i <= 30 {
			kind = "一般性项目"
		}
		if i%2 == 0 {
			amount = "15,000.00"
		}
		t.Body = append(t.Body, []string{fmt.Sprintf("农业技术推广服务项目%02d", i), kind, amount, amount})
	}
	return t
}
