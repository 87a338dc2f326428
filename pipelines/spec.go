package pipelines

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Spec is a pipeline file (pipelines/*.yaml): what to read, how, and where
// the rows go. Its JSON Schema is spec.schema.json, shipped in the binary;
// LoadSpec checks a file against it and then for meaning (lint.go).
type Spec struct {
	Name    string      `yaml:"name"`
	Sources []Source    `yaml:"sources"`
	Options SpecOptions `yaml:"options"`
	Sinks   []string    `yaml:"sinks"`  // --to values; empty means csv:out
	State   string      `yaml:"state"`  // the state store; "" for the default, "none" for none
	Report  string      `yaml:"report"` // directory of the run report; "" for the default
	Strict  bool        `yaml:"strict"` // failing checks fail the run
	File    string      `yaml:"-"`      // the file it was read from
	Dir     string      `yaml:"-"`      // relative paths are relative to it
	Hash    string      `yaml:"-"`      // sha256 of the file's bytes
	fields  *fieldIndex
}

// Source is one place documents come from: exactly one of Path (a file or
// a directory, read recursively), Glob (a pattern; ** matches any number of
// directories) and URLs (a file of URLs for the fetch stage, downloaded
// into Store, by default DefaultStore beside the pipeline file, at most
// PerHost requests a second to one host). Include and Exclude filter the
// files of a path or glob by their path below the source (slash-separated,
// matched as globs); Metadata reads region names from that path
// ({province}/{city}/{county}/…, see pathmeta.go).
type Source struct {
	Path     string   `yaml:"path"`
	Glob     string   `yaml:"glob"`
	URLs     string   `yaml:"urls"`
	Store    string   `yaml:"store"`
	PerHost  float64  `yaml:"per_host"`
	Include  []string `yaml:"include"`
	Exclude  []string `yaml:"exclude"`
	Metadata string   `yaml:"metadata"`
}

// SpecOptions are the stage options of a pipeline file; each is the flag
// of the same name on the command line.
type SpecOptions struct {
	PDFEngine  string `yaml:"pdf_engine"`
	Encoding   string `yaml:"encoding"`
	CSVRawText bool   `yaml:"csv_raw_text"`
	Workers    int    `yaml:"workers"`
	Province   string `yaml:"province"`
	City       string `yaml:"city"`
	County     string `yaml:"county"`
}

//go:embed spec.schema.json
var specSchemaJSON []byte

// SpecSchema is the JSON Schema of pipeline files.
func SpecSchema() []byte { return bytes.Clone(specSchemaJSON) }

// SpecError is one problem of a pipeline file, where it stands: the file,
// the line and column (1-based), the field as a path ($.sources[1].glob),
// and the text of that line.
type SpecError struct {
	File         string
	Line, Column int
	Field        string
	Msg          string
	SourceLine   string
}

// Error prints `file:line:column: field: message`, then the source line
// with a caret under the column.
func (e *SpecError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Field, e.Msg)
	if e.SourceLine != "" {
		caret := strings.Repeat(" ", max(0, displayWidth(e.SourceLine, e.Column-1)))
		fmt.Fprintf(&b, "\n    %s\n    %s^", e.SourceLine, caret)
	}
	return b.String()
}

// SpecErrors are every problem found in a pipeline file, in file order.
type SpecErrors []*SpecError

func (es SpecErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// ErrSpec is the cause of the errors LoadSpec returns for a file that
// does not read as a pipeline (errors.Is); the problems are a SpecErrors.
var ErrSpec = errors.New("invalid pipeline file")

// Unwrap makes errors.Is(err, ErrSpec) hold.
func (es SpecErrors) Unwrap() error { return ErrSpec }

// LoadSpec reads the pipeline file at path: YAML, checked against the
// schema and for meaning. Every problem is in the SpecErrors it returns.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSpec(path, data)
	if err != nil {
		return nil, err
	}
	return s, s.lint()
}

// ParseSpec reads a pipeline file's bytes, named file in errors, checking
// the YAML and the schema, not the meaning (see Lint). A file that does not
// parse or fit the schema gives SpecErrors.
func ParseSpec(file string, data []byte) (*Spec, error) {
	lines := strings.Split(string(data), "\n")
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, SpecErrors{yamlError(file, lines, err)}
	}
	idx := &fieldIndex{file: file, lines: lines, root: docBody(f)}
	inst, err := instance(data)
	if err != nil {
		return nil, SpecErrors{yamlError(file, lines, err)}
	}
	if err := specSchema().Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return nil, err
		}
		return nil, idx.schemaErrors(ve)
	}
	s := &Spec{File: file, Dir: filepath.Dir(file), Hash: sha256Hex(data), fields: idx}
	if err := yaml.NodeToValue(idx.root, s); err != nil {
		return nil, SpecErrors{yamlError(file, lines, err)}
	}
	return s, nil
}

// instance is the file's value as JSON Schema validation takes it.
func instance(data []byte) (any, error) {
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(js)) == 0 {
		js = []byte("null")
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(js))
}

// specSchema compiles the embedded schema; it is part of the binary, so a
// failure is a programming error.
func specSchema() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(specSchemaJSON))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("pipeline.schema.json", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("pipeline.schema.json")
}

// yamlError places a YAML syntax or decoding error.
func yamlError(file string, lines []string, err error) *SpecError {
	e := &SpecError{File: file, Line: 1, Column: 1, Field: "$", Msg: err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		e.Msg = ye.GetMessage()
		if tok := ye.GetToken(); tok != nil && tok.Position != nil {
			e.Line, e.Column = tok.Position.Line, tok.Position.Column
		}
	}
	e.SourceLine = lineAt(lines, e.Line)
	return e
}

// schemaErrors turns the leaves of a validation error into SpecErrors.
func (idx *fieldIndex) schemaErrors(ve *jsonschema.ValidationError) SpecErrors {
	p := message.NewPrinter(language.English)
	var out SpecErrors
	var walk func(*jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) > 0 {
			for _, c := range v.Causes {
				walk(c)
			}
			return
		}
		loc := v.InstanceLocation
		if ap, ok := v.ErrorKind.(interface{ KeywordPath() []string }); ok && isAdditional(ap.KeywordPath()) {
			for _, name := range additionalNames(v) {
				out = append(out, idx.errorAt(append(append([]string{}, loc...), name), true, "unknown field "+quote(name)))
			}
			return
		}
		out = append(out, idx.errorAt(loc, false, v.ErrorKind.LocalizedString(p)))
	}
	walk(ve)
	sortSpecErrors(out)
	return out
}

func isAdditional(kw []string) bool {
	return len(kw) == 1 && kw[0] == "additionalProperties"
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func lineAt(lines []string, n int) string {
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

// docBody is the body of the file's first document, or nil.
func docBody(f *ast.File) ast.Node {
	if f == nil || len(f.Docs) == 0 {
		return nil
	}
	return f.Docs[0].Body
}
