module github.com/budgetetl/budgetetl

go 1.26.8
