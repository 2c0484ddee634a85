package markdown_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
)

// FuzzParse feeds Parse arbitrary files. Its seeds are the files in
// testdata/fuzz/FuzzParse (which go test reads by itself), the policy the
// widget ships and the golden test inputs.
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s ./app/policy/markdown
//
// or make fuzz, which runs every fuzz target of the module.
func FuzzParse(f *testing.F) {
	f.Add(seed(f))
	inputs, err := filepath.Glob("testdata/render/*.md")
	if err != nil {
		f.Fatal(err)
	}
	for _, input := range inputs {
		src, err := os.ReadFile(input)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := markdown.Parse("fuzz.md", src, markdown.WithPageIDs(fuzzPageIDs...))
		if err != nil {
			for _, e := range unjoin(err) {
				var perr *policy.Error
				if !errors.As(e, &perr) {
					t.Fatalf("error %v (%T) is not a *policy.Error", e, e)
				}
				if perr.File != "fuzz.md" || perr.Line < 0 || perr.Col < 0 || (perr.Line == 0 && perr.Col != 0) || perr.Msg == "" {
					t.Fatalf("error %#v: want File fuzz.md, Line >= 0, a Col only with a Line, and a message", perr)
				}
			}
			if doc != nil {
				// A document with errors in its content is still
				// sanitised.
				checkSafeHTML(t, policyhtml.Render(doc.Body))
			}
			return
		}
		checkDocument(t, doc)
	})
}

// fuzzPageIDs stand for the ids of the page around a policy.
var fuzzPageIDs = []string{"main", "top", "toc"}

// unjoin returns the errors that err joins, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// checkDocument checks what must hold for every document that parses.
func checkDocument(t *testing.T, doc *policy.Document) {
	t.Helper()
	if doc.Title == "" || doc.Heading == "" {
		t.Errorf("Title %q, Heading %q: want both", doc.Title, doc.Heading)
	}
	if len(doc.Body) == 0 {
		t.Error("empty body")
	}

	ids := make(map[string]bool)
	prev := 1
	for _, h := range headings(doc.Body) {
		id := h.Attr("id")
		switch {
		case id == "":
			t.Errorf("heading %q has no id", h.PlainText())
		case ids[id]:
			t.Errorf("id %q is used twice", id)
		case contains(fuzzPageIDs, id):
			t.Errorf("heading %q has the page's id %q", h.PlainText(), id)
		}
		ids[id] = true
		l := h.HeadingLevel()
		if l < 2 || l > prev+1 {
			t.Errorf("%s %q follows h%d", h.Tag, h.PlainText(), prev)
		}
		prev = l
	}
	for _, e := range flatTOC(doc.TOC) {
		if !ids[e.ID] {
			t.Errorf("TOC entry %q links to #%s, which no heading in the body has", e.Title, e.ID)
		}
	}
	for _, w := range doc.Warnings {
		if w.File != "fuzz.md" || w.Line < 1 || w.Col < 1 {
			t.Errorf("warning %#v: want File fuzz.md, a line and a column", w)
		}
	}
	if d := depth(doc.Body); d > 3*markdown.MaxDepth+4 {
		t.Errorf("the body nests %d elements deep: the limit of %d levels does not hold", d, markdown.MaxDepth)
	}
	checkSafeHTML(t, policyhtml.Render(doc.Body))
}

// depth returns how deep nodes nest. Each level that MaxDepth counts
// (a list item, a quote, an inline element) is at most three nodes
// (ul > li > p), and a table adds four (table > tbody > tr > td).
func depth(nodes []*policy.Node) int {
	d := 0
	for _, n := range nodes {
		d = max(d, 1+depth(n.Children))
	}
	return d
}

// checkSafeHTML fails the test if out has a script element, an event
// handler or a script URL.
func checkSafeHTML(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("HTML has a script element:\n%s", out)
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Fatalf("<%s> has the event handler %s=%q:\n%s", tok.Data, a.Key, a.Val, out)
			}
			if (key == "href" || key == "src") && unsafeURL(a.Val) {
				t.Fatalf("<%s %s=%q> is not a safe URL:\n%s", tok.Data, a.Key, a.Val, out)
			}
		}
	}
}

// unsafeURL reports whether a browser could take u for a script or data
// URL: browsers ignore ASCII white space and control characters in a scheme.
func unsafeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, scheme) {
			return true
		}
	}
	return false
}
