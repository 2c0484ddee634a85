package api

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateGolden = flag.Bool("update", false, "rewrite the README's tables of the API")

// The README's tables of the API's answers sit between these lines.
const (
	apiTablesBegin = "<!-- The API's answers: generated from app/api/api.go by `go test ./app/api -update`. -->\n"
	apiTablesEnd   = "<!-- End of the API's answers. -->\n"
)

// TestAPIReadme checks that the README's tables of the API's answers are
// those of the types of api.go: every field, its JSON type and its
// meaning.
func TestAPIReadme(t *testing.T) {
	src, err := os.ReadFile("api.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := apiTables(src)
	if err != nil {
		t.Fatal(err)
	}
	readmePath := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(readme, []byte(apiTablesBegin))
	got, after, ok2 := bytes.Cut(rest, []byte(apiTablesEnd))
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the lines that frame the API's tables:\n%s%s", apiTablesBegin, apiTablesEnd)
	}
	if *updateGolden {
		out := append(append(append(append(before, apiTablesBegin...), want...), apiTablesEnd...), after...)
		if err := os.WriteFile(readmePath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("README.md's tables of the API differ from api.go (-want +got); run go test ./app/api -update:\n%s", diff)
	}
}

// apiTables writes the tables of the API's answers: one per struct type of
// src, in its order, with a row per field: its JSON name, its JSON type
// and its comment.
func apiTables(src []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "api.go", src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return "", fmt.Errorf("%s is not a struct", ts.Name.Name)
			}
			doc := gd.Doc.Text()
			if ts.Doc != nil {
				doc = ts.Doc.Text()
			}
			if doc == "" {
				return "", fmt.Errorf("%s has no comment", ts.Name.Name)
			}
			for _, verb := range []string{" is ", " are "} {
				doc = strings.TrimPrefix(doc, ts.Name.Name+verb)
			}
			fmt.Fprintf(&b, "\n`%s`: %s\n\n| field | type | meaning |\n| --- | --- | --- |\n", ts.Name.Name, text(doc))
			for _, field := range st.Fields.List {
				typ, err := jsonTypeOf(field.Type)
				if err != nil {
					return "", fmt.Errorf("%s: %w", ts.Name.Name, err)
				}
				if len(field.Names) == 0 {
					fmt.Fprintf(&b, "| … | | the fields of %s |\n", typ)
					continue
				}
				name := field.Names[0].Name
				tag := ""
				if field.Tag != nil {
					tag = reflect.StructTag(strings.Trim(field.Tag.Value, "`")).Get("json")
				}
				jsonName, _, _ := strings.Cut(tag, ",")
				if jsonName == "" || jsonName == "-" {
					return "", fmt.Errorf("%s.%s has no JSON name", ts.Name.Name, name)
				}
				meaning := field.Doc.Text()
				if meaning == "" {
					meaning = field.Comment.Text()
				}
				if meaning == "" {
					return "", fmt.Errorf("%s.%s has no comment", ts.Name.Name, name)
				}
				for _, verb := range []string{" is ", " are "} {
					meaning = strings.TrimPrefix(meaning, name+verb)
				}
				fmt.Fprintf(&b, "| `%s` | %s | %s |\n", jsonName, typ, strings.TrimSuffix(text(meaning), "."))
			}
		}
	}
	return b.String(), nil
}

// jsonTypeOf names the JSON type of a field of Go type e.
func jsonTypeOf(e ast.Expr) (string, error) {
	switch e := e.(type) {
	case *ast.Ident:
		switch e.Name {
		case "string":
			return "string", nil
		case "int", "int64", "float64":
			return "number", nil
		case "bool":
			return "boolean", nil
		}
		return "`" + e.Name + "`", nil
	case *ast.StarExpr:
		t, err := jsonTypeOf(e.X)
		return t + " or null", err
	case *ast.ArrayType:
		elem := e.Elt
		if star, ok := elem.(*ast.StarExpr); ok {
			elem = star.X
		}
		t, err := jsonTypeOf(elem)
		return "array of " + t, err
	}
	return "", fmt.Errorf("no JSON type for %T", e)
}

// text writes a comment as Markdown on one line: its lines joined, and
// the characters that Markdown or a table would take for markup escaped.
func text(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", `\|`).Replace(strings.Join(strings.Fields(s), " "))
}
