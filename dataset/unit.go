package dataset

import "github.com/shopspring/decimal"

// Unit is a published money unit (unit_published).
type Unit string

// The units tables declare.
const (
	Yuan    Unit = "元"
	WanYuan Unit = "万元"
	YiYuan  Unit = "亿元"
	NoUnit  Unit = ""
)

var (
	one     = decimal.NewFromInt(1)
	wan     = decimal.NewFromInt(10_000)
	hundred = decimal.NewFromInt(100_000_000)
)

// Factor is the number of 元 in one unit (1 for 元 and for no unit).
func (u Unit) Factor() decimal.Decimal {
	switch u {
	case WanYuan:
		return wan
	case YiYuan:
		return hundred
	}
	return one
}

// ToYuan converts an amount in unit u to 元, exactly.
func ToYuan(v decimal.Decimal, u Unit) decimal.Decimal {
	return v.Mul(u.Factor())
}
