package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/width"
)

// fieldIndex finds where a field of a pipeline file stands, from the
// file's YAML syntax tree, so that every error names a line and column.
type fieldIndex struct {
	file  string
	lines []string
	root  ast.Node
}

// errorAt is the error msg at the field loc (the JSON Schema instance
// location: keys and array indexes). With key set, it points at the last
// key itself rather than its value (an unknown field). A field the tree
// does not hold is placed at the nearest one it does.
func (idx *fieldIndex) errorAt(loc []string, key bool, msg string) *SpecError {
	line, col := 1, 1
	if tok := idx.find(loc, key); tok != nil && tok.Position != nil {
		line, col = tok.Position.Line, tok.Position.Column
	}
	return &SpecError{File: idx.file, Line: line, Column: col, Field: fieldPath(loc), Msg: msg, SourceLine: lineAt(idx.lines, line)}
}

// find walks loc down the tree and returns the token of the deepest node
// reached.
func (idx *fieldIndex) find(loc []string, key bool) *token.Token {
	n := idx.root
	if n == nil {
		return nil
	}
	best := n.GetToken()
	for i, step := range loc {
		n = unwrapNode(n)
		switch v := n.(type) {
		case *ast.MappingNode:
			mv := findKey(v.Values, step)
			if mv == nil {
				return best
			}
			if key && i == len(loc)-1 {
				return mv.Key.GetToken()
			}
			n = mv.Value
		case *ast.MappingValueNode:
			mv := findKey([]*ast.MappingValueNode{v}, step)
			if mv == nil {
				return best
			}
			if key && i == len(loc)-1 {
				return mv.Key.GetToken()
			}
			n = mv.Value
		case *ast.SequenceNode:
			k, err := strconv.Atoi(step)
			if err != nil || k < 0 || k >= len(v.Values) {
				return best
			}
			n = v.Values[k]
		default:
			return best
		}
		if n == nil {
			return best
		}
		best = firstToken(n)
	}
	return best
}

// firstToken is where a node starts: for a mapping or a sequence, its
// first entry rather than the token that ends the previous line.
func firstToken(n ast.Node) *token.Token {
	switch v := unwrapNode(n).(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 && !v.IsFlowStyle {
			return v.Values[0].Key.GetToken()
		}
	case *ast.MappingValueNode:
		return v.Key.GetToken()
	case *ast.SequenceNode:
		if v.Start != nil {
			return v.Start
		}
	}
	return n.GetToken()
}

// unwrapNode looks through anchors and tags at the value they mark.
func unwrapNode(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

func findKey(values []*ast.MappingValueNode, name string) *ast.MappingValueNode {
	for _, mv := range values {
		if mv.Key != nil && keyName(mv.Key) == name {
			return mv
		}
	}
	return nil
}

func keyName(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	return k.GetToken().Value
}

// fieldPath writes an instance location as $.sources[1].glob.
func fieldPath(loc []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, step := range loc {
		if _, err := strconv.Atoi(step); err == nil {
			b.WriteString("[" + step + "]")
			continue
		}
		b.WriteString("." + step)
	}
	return b.String()
}

// additionalNames are the unknown fields an additionalProperties error
// names.
func additionalNames(v *jsonschema.ValidationError) []string {
	if k, ok := v.ErrorKind.(*kind.AdditionalProperties); ok {
		names := append([]string(nil), k.Properties...)
		sort.Strings(names)
		return names
	}
	return nil
}

// sortSpecErrors puts errors in file order.
func sortSpecErrors(es SpecErrors) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Column < es[j].Column
	})
}

// displayWidth is how many columns the first n runes of s take in a
// terminal (a CJK character takes two), so the caret lands under the
// column.
func displayWidth(s string, n int) int {
	w := 0
	for i, r := range []rune(s) {
		if i >= n {
			break
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
