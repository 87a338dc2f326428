package transform

import "github.com/budgetetl/budgetetl/dataset"

// A title names a table's family; what the table holds decides the id where
// the title leaves it open: rows of economic codes make a 一般公共预算支出表
// general_budget_econ, a 财政拨款支出表 fiscal_econ and a 支出总表
// expense_econ; rows of function codes make a 基本支出 table basic_func; and
// the all-funds 基本支出 table of a document that also prints the 一般公共预算
// one is basic_econ_all (CONVENTIONS Y2).

// identify settles the table ids of a document's tables once their rows are
// read.
func identify(reads []*tableRead) {
	for _, tr := range reads {
		tr.Raw.ID = byContent(tr)
	}
	var general, all *tableRead
	for _, tr := range reads {
		if tr.Raw.ID != dataset.BasicEcon {
			continue
		}
		if titleFeatures(compact(tr.Raw.Title)).fund == fundAll {
			all = pick(all, tr)
		} else {
			general = pick(general, tr)
		}
	}
	if general != nil && all != nil {
		for _, tr := range reads {
			if tr.Raw.ID == dataset.BasicEcon && titleFeatures(compact(tr.Raw.Title)).fund == fundAll {
				tr.Raw.ID = dataset.BasicEconAll
			}
		}
	}
}

func pick(have, tr *tableRead) *tableRead {
	if have != nil {
		return have
	}
	return tr
}

// classPairs are the tables printed by function and by economic class
// under one family of titles: the rows' codes say which one a table is.
var classPairs = []struct{ fn, econ dataset.TableID }{
	{dataset.GeneralBudgetFunc, dataset.GeneralBudgetEcon},
	{dataset.BasicFunc, dataset.BasicEcon},
	{dataset.FiscalFunc, dataset.FiscalEcon},
	{dataset.Expense, dataset.ExpenseEcon},
}

// byContent corrects a table id by the classification its rows print.
func byContent(tr *tableRead) dataset.TableID {
	id := tr.Raw.ID
	c := printedClass(tr)
	for _, p := range classPairs {
		switch {
		case id == p.fn && c == classEcon:
			return p.econ
		case id == p.econ && c == classFunc:
			return p.fn
		}
	}
	return id
}

// printedClass is the classification most of a table's printed codes
// belong to, by the first slot of each row.
func printedClass(tr *tableRead) classKind {
	n := map[classKind]int{}
	for _, l := range tr.Lines {
		if l.Source == dataset.CodePublished {
			n[l.class]++
		}
	}
	best, most := classNone, 0
	for _, c := range []classKind{classFunc, classEcon, classGovEcon} {
		if n[c] > most {
			best, most = c, n[c]
		}
	}
	if best == classGovEcon {
		best = classEcon // 政府经济分类 rows: an economic table too
	}
	return best
}
