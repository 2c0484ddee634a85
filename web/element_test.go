package web

import (
	"encoding/json"
	"flag"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the files that `go generate ./web` writes")

// TestGeneratedFiles checks that embed.d.ts, custom-elements.json,
// embedding.md's tables and the constants of the scripts are what the
// description of the element and package site give; with -update (go
// generate ./web) it writes them.
func TestGeneratedFiles(t *testing.T) {
	files, err := generatedFiles(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		want := files[name]
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("web/%s is stale: run `go generate ./web` (-want +got):\n%s", name, diff)
		}
	}
}

// TestElementDescription checks the description against embed.js in the
// ways that the generated table cannot: embed.js dispatches each event it
// describes, and has the method; every attribute has the option of a
// container, and names are what the platform allows.
func TestElementDescription(t *testing.T) {
	script, err := os.ReadFile(elementScriptFile)
	if err != nil {
		t.Fatal(err)
	}
	js := string(script)
	if !strings.Contains(js, "class "+element.Class+" extends HTMLElement") {
		t.Errorf("embed.js does not declare the class %s", element.Class)
	}
	for _, ev := range jsEvents(element) {
		if !regexp.MustCompile(`emit\(\s*EVENTS\.` + ev.Key + `\b`).MatchString(js) {
			t.Errorf("embed.js never emits %s (EVENTS.%s)", ev.Value, ev.Key)
		}
	}
	for _, ev := range element.Events {
		if len(ev.Fields) == 0 || ev.Fields[0].Name != "policy" {
			t.Errorf("%s: the detail's first field is not the policy", ev.Name)
		}
	}
	for _, m := range element.Methods {
		if !regexp.MustCompile(`(?m)^    ` + m.Name + `\(`).MatchString(js) {
			t.Errorf("embed.js's class has no method %s", m.Name)
		}
	}
	var names, data []string
	for _, a := range element.Attributes {
		names = append(names, a.Name)
		data = append(data, a.Data)
		if !strings.HasPrefix(a.Data, "data-") {
			t.Errorf("attribute %s: the container's option %q is not a data- attribute", a.Name, a.Data)
		}
		if a.Description == "" {
			t.Errorf("attribute %s has no description", a.Name)
		}
	}
	for _, list := range [][]string{names, data} {
		if c := slices.Compact(slices.Sorted(slices.Values(list))); len(c) != len(list) {
			t.Errorf("names given twice: %q", list)
		}
	}
	// frame.js applies each custom property that embed.js passes on.
	for _, p := range element.CSSProperties {
		if !strings.HasPrefix(p.Name, cssPrefix) {
			t.Errorf("custom property %s does not start with %s", p.Name, cssPrefix)
		}
		if len(p.Sets) == 0 {
			t.Errorf("custom property %s sets nothing in the frame", p.Name)
		}
	}
	if !regexp.MustCompile(`^[a-z][a-z0-9]*-[a-z0-9-]*$`).MatchString(element.Tag) {
		t.Errorf("%q is not a valid custom element name", element.Tag)
	}
}

// TestElementManifest checks the parts of custom-elements.json that
// editors rely on.
func TestElementManifest(t *testing.T) {
	b, err := os.ReadFile(elementManifestFile)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		SchemaVersion string `json:"schemaVersion"`
		Modules       []struct {
			Declarations []struct {
				TagName       string `json:"tagName"`
				CustomElement bool   `json:"customElement"`
				Attributes    []struct {
					Name string `json:"name"`
				} `json:"attributes"`
			} `json:"declarations"`
			Exports []struct {
				Kind string `json:"kind"`
				Name string `json:"name"`
			} `json:"exports"`
		} `json:"modules"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion == "" || len(m.Modules) != 1 || len(m.Modules[0].Declarations) != 1 || len(m.Modules[0].Exports) != 1 {
		t.Fatalf("custom-elements.json: %+v", m)
	}
	d, x := m.Modules[0].Declarations[0], m.Modules[0].Exports[0]
	if d.TagName != element.Tag || !d.CustomElement || x.Kind != "custom-element-definition" || x.Name != element.Tag {
		t.Errorf("custom-elements.json declares %+v, exports %+v", d, x)
	}
	if len(d.Attributes) != len(element.Attributes) {
		t.Errorf("custom-elements.json has %d attributes, want %d", len(d.Attributes), len(element.Attributes))
	}
}

// TestEmbeddingRecipes checks that embedding.md shows every file of
// examples/ once, in a fence that TestGeneratedFiles keeps equal to the
// file, and that the CSP lines it gives are those of the plain HTML
// recipe, which the browser tests serve.
func TestEmbeddingRecipes(t *testing.T) {
	page, err := os.ReadFile(embeddingFile)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = fs.WalkDir(os.DirFS("."), "examples", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("examples/ holds %q: the test reads the wrong folder", files)
	}
	shown := map[string]int{}
	for _, m := range fenceRE.FindAllSubmatch(page, -1) {
		shown[string(m[2])]++
	}
	for _, name := range files {
		if shown[name] != 1 {
			t.Errorf("%s shows %s %d times, want once", embeddingFile, name, shown[name])
		}
		delete(shown, name)
	}
	for name := range shown {
		t.Errorf("%s shows %s, which is not a file of examples/", embeddingFile, name)
	}

	// The CSP lines of the page, in the recipe's meta tag.
	_, csp, ok := strings.Cut(string(page), "Content-Security-Policy: ")
	if !ok {
		t.Fatalf("%s gives no Content-Security-Policy", embeddingFile)
	}
	csp, _, _ = strings.Cut(csp, "\n")
	recipe, err := os.ReadFile("examples/plain/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range strings.Split(csp, "; ") {
		if !strings.Contains(string(recipe), d) {
			t.Errorf("the plain HTML recipe's CSP has no %q", d)
		}
	}
}

// TestScriptsWriteNoNameByHand checks that the scripts of web/ read the
// names of the frame's messages and the page's events, "policy:…", from
// their generated constants only, and that embed.js reads no attribute of
// the element that the description lacks.
func TestScriptsWriteNoNameByHand(t *testing.T) {
	comment := regexp.MustCompile(`(?m)^\s*//.*$`)
	for name := range scriptConsts() {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		code := comment.ReplaceAllString(generatedRE.ReplaceAllString(string(b), ""), "")
		for _, m := range regexp.MustCompile(`["'`+"`"+`]policy:[a-z]+`).FindAllString(code, -1) {
			t.Errorf("%s writes %s by hand: use its generated constant", name, m[1:])
		}
	}
	b, err := os.ReadFile(elementScriptFile)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range element.Attributes {
		names = append(names, a.Name)
	}
	for _, m := range regexp.MustCompile(`(?:this\.getAttribute\(|name === )"([a-z-]+)"`).FindAllStringSubmatch(string(b), -1) {
		if !slices.Contains(names, m[1]) {
			t.Errorf("embed.js reads the attribute %q, which the element's description lacks", m[1])
		}
	}
}

func TestWriteConsts(t *testing.T) {
	js := "(() => {\n  // Generated by `go generate ./web` (web/scripts.go): do not edit.\n  const OLD = 1;\n  // End of generated.\n  run();\n})();\n"
	got, err := writeConsts("test.js", []byte(js), []jsConst{
		{"A", `[x="y"]`, "A selector."},
		{"B", jsObject{{"one", "1"}, {"two", []string{"2", "3"}}}, ""},
		{"C", jsRegExp(`^[a-z]+$`), ""},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "(() => {\n  // Generated by `go generate ./web` (web/scripts.go): do not edit.\n  // A selector.\n  const A = '[x=\"y\"]';\n" +
		"  const B = { one: \"1\", two: [\"2\", \"3\"] };\n  const C = /^[a-z]+$/;\n  // End of generated.\n  run();\n})();\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("writeConsts (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"run();\n", js + js} {
		if _, err := writeConsts("test.js", []byte(bad), nil); err == nil {
			t.Errorf("no error for a script without one block of generated lines:\n%s", bad)
		}
	}
	if _, err := writeConsts("test.js", []byte(js), []jsConst{{"D", jsObject{{"not-a-key", "x"}}, ""}}); err == nil {
		t.Error("no error for a key that is not an identifier")
	}
}
