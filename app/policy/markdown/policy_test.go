package markdown_test

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
	"github.com/seqeralabs/policy-widget/policies"
)

// policyFile returns a policy file titled "Test" with body after its front
// matter. The body starts on line 5.
func policyFile(body string) []byte {
	return []byte("---\ntitle: Test\n---\n\n" + body)
}

func mustParse(t testing.TB, src []byte) *policy.Document {
	t.Helper()
	doc, err := markdown.Parse("test.md", src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return doc
}

// seed returns the contents of the policy the widget ships.
func seed(t testing.TB) []byte {
	t.Helper()
	src, err := fs.ReadFile(policies.FS, "privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// walk calls f for each node of the tree, parents before children.
func walk(nodes []*policy.Node, f func(*policy.Node)) {
	for _, n := range nodes {
		f(n)
		walk(n.Children, f)
	}
}

// headings returns the heading elements of a body, in order.
func headings(body []*policy.Node) []*policy.Node {
	var hs []*policy.Node
	walk(body, func(n *policy.Node) {
		if n.HeadingLevel() > 0 {
			hs = append(hs, n)
		}
	})
	return hs
}

// flatTOC returns the entries of a TOC tree in reading order.
func flatTOC(entries []*policy.TOCEntry) []*policy.TOCEntry {
	var out []*policy.TOCEntry
	for _, e := range entries {
		out = append(out, e)
		out = append(out, flatTOC(e.Children)...)
	}
	return out
}

func TestParseMeta(t *testing.T) {
	tests := []struct {
		name  string
		front string
		bom   bool // start the file with U+FEFF
		want  policy.Meta
	}{
		{
			name:  "title only takes the defaults",
			front: "title: Terms of use\n",
			want:  policy.Meta{Title: "Terms of use", Lang: "en", TOCDepth: 2},
		},
		{
			name: "every field",
			front: "title: Privacy Policy\n" +
				"description: How we use your data.\n" +
				"updated: 2021-02-27\n" +
				"lang: pt-BR\n" +
				"toc_depth: 3\n",
			want: policy.Meta{
				Title:       "Privacy Policy",
				Description: "How we use your data.",
				Updated:     policy.NewDay(2021, time.February, 27),
				Lang:        "pt-BR",
				TOCDepth:    3,
			},
		},
		{
			name:  "layout and unknown keys are ignored",
			front: "title: T\nlayout: ../layouts/TextPage.astro\nauthor: [a, b]\nextra:\n  nested: true\n",
			want:  policy.Meta{Title: "T", Lang: "en", TOCDepth: 2},
		},
		{
			name:  "quoted title with a colon",
			front: "title: \"Cookies: what and why\"\n",
			want:  policy.Meta{Title: "Cookies: what and why", Lang: "en", TOCDepth: 2},
		},
		{
			name:  "title is trimmed",
			front: "title: \"  Spaced  \"\n",
			want:  policy.Meta{Title: "Spaced", Lang: "en", TOCDepth: 2},
		},
		{
			name:  "toc_depth bounds",
			front: "title: T\ntoc_depth: 5\n",
			want:  policy.Meta{Title: "T", Lang: "en", TOCDepth: 5},
		},
		{
			name:  "byte order mark before the front matter",
			front: "title: T\n",
			bom:   true,
			want:  policy.Meta{Title: "T", Lang: "en", TOCDepth: 2},
		},
		{
			name:  "CRLF line endings",
			front: "title: T\r\nlang: fr\r\n",
			want:  policy.Meta{Title: "T", Lang: "fr", TOCDepth: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\n" + tt.front + "---\n\nText.\n"
			if tt.bom {
				src = "\ufeff" + src
			}
			doc := mustParse(t, []byte(src))
			if diff := cmp.Diff(tt.want, doc.Meta); diff != "" {
				t.Errorf("Meta (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSeedMeta(t *testing.T) {
	doc, err := markdown.Parse("privacy.md", seed(t))
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Meta{
		Title:       "Privacy Policy",
		Description: "How Seqera collects, uses, stores and protects your personal data, and the rights you have over it.",
		Updated:     policy.NewDay(2021, time.February, 27),
		Lang:        "en",
		TOCDepth:    2,
	}
	if diff := cmp.Diff(want, doc.Meta); diff != "" {
		t.Errorf("Meta (-want +got):\n%s", diff)
	}
	if doc.Slug != "privacy" || doc.File != "privacy.md" {
		t.Errorf("Slug, File = %q, %q, want %q, %q", doc.Slug, doc.File, "privacy", "privacy.md")
	}
}

// level is a heading as the tests see it: its tag and its id.
type level struct{ Tag, ID string }

func levels(body []*policy.Node) []level {
	var out []level
	for _, h := range headings(body) {
		out = append(out, level{h.Tag, h.Attr("id")})
	}
	return out
}

func TestHeadingLevels(t *testing.T) {
	tests := []struct {
		name        string
		src         []byte
		wantHeading string
		want        []level
	}{
		{
			name:        "seed: the title h1 goes, the h3s become h2",
			src:         seed(t),
			wantHeading: "Privacy policy",
			want: []level{
				{"h2", "topics"},
				{"h2", "seqera-collects-the-following-data"},
				{"h2", "how-do-we-collect-your-data"},
				{"h2", "we-collect-data-and-process-data-when-you"},
				{"h2", "how-will-we-use-your-data"},
				{"h2", "how-do-we-store-your-data"},
				{"h2", "what-are-your-data-protection-rights"},
				{"h2", "cookies"},
				{"h2", "how-do-we-use-cookies"},
				{"h2", "how-to-manage-cookies"},
				{"h2", "privacy-policies-of-other-websites"},
				{"h2", "changes-to-our-privacy-policy"},
				{"h2", "how-to-contact-us"},
			},
		},
		{
			name:        "skipped levels are closed up",
			src:         policyFile("# One\n\n### Three\n\n##### Five\n"),
			wantHeading: "Test",
			want:        []level{{"h2", "one"}, {"h3", "three"}, {"h4", "five"}},
		},
		{
			name:        "starts at h4, then h2",
			src:         policyFile("#### Four\n\n## Two\n\n### Three\n"),
			wantHeading: "Test",
			want:        []level{{"h2", "four"}, {"h2", "two"}, {"h3", "three"}},
		},
		{
			name:        "leading h1 that is not the title stays as an h2",
			src:         policyFile("# Introduction\n\n## Scope\n"),
			wantHeading: "Test",
			want:        []level{{"h2", "introduction"}, {"h3", "scope"}},
		},
		{
			name:        "title h1 is matched without regard to case",
			src:         policyFile("# TEST\n\nText.\n\n## Scope\n"),
			wantHeading: "TEST",
			want:        []level{{"h2", "scope"}},
		},
		{
			name:        "title h1 after text stays in the body",
			src:         policyFile("Text.\n\n# Test\n\n## Scope\n"),
			wantHeading: "Test",
			want:        []level{{"h2", "test"}, {"h3", "scope"}},
		},
		{
			name: "a shallower heading never ends up below a deeper one",
			// Source: h1, h3, h5, then h4: the h4 is a sibling of the h5,
			// both under the h3, never the h5's child.
			src:         policyFile("# A\n\n### C\n\n##### E\n\n#### D\n\n## F\n"),
			wantHeading: "Test",
			want: []level{
				{"h2", "a"}, {"h3", "c"}, {"h4", "e"}, {"h4", "d"}, {"h3", "f"},
			},
		},
		{
			name:        "six source levels under a non-title h1 stop at h6",
			src:         policyFile("# L1\n\n## L2\n\n### L3\n\n#### L4\n\n##### L5\n\n###### L6\n"),
			wantHeading: "Test",
			want: []level{
				{"h2", "l1"}, {"h3", "l2"}, {"h4", "l3"}, {"h5", "l4"}, {"h6", "l5"}, {"h6", "l6"},
			},
		},
		{
			name:        "headings nested in a quote and a list are closed up too",
			src:         policyFile("## A\n\n> #### Quoted\n\n- ###### Listed\n"),
			wantHeading: "Test",
			want:        []level{{"h2", "a"}, {"h3", "quoted"}, {"h4", "listed"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.src)
			if doc.Heading != tt.wantHeading {
				t.Errorf("Heading = %q, want %q", doc.Heading, tt.wantHeading)
			}
			got := levels(doc.Body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headings (-want +got):\n%s", diff)
			}
			prev := 1
			for _, h := range headings(doc.Body) {
				l := h.HeadingLevel()
				if l < 2 || l > prev+1 {
					t.Errorf("%s %q follows h%d: want h2 to h%d", h.Tag, h.PlainText(), prev, min(prev+1, 6))
				}
				prev = l
			}
		})
	}
}

func TestTOC(t *testing.T) {
	type e = policy.TOCEntry
	tests := []struct {
		name string
		src  []byte
		want []*policy.TOCEntry
	}{
		{
			name: "skipped levels nest under the nearest shallower heading",
			src:  policyFile("## A\n\n#### A.1\n\n## B\n\n##### B.1\n\n### B.2\n"),
			want: []*e{
				{ID: "a", Title: "A", Level: 2, Children: []*e{{ID: "a1", Title: "A.1", Level: 3}}},
				{ID: "b", Title: "B", Level: 2, Children: []*e{
					{ID: "b1", Title: "B.1", Level: 3},
					{ID: "b2", Title: "B.2", Level: 3},
				}},
			},
		},
		{
			name: "default toc_depth 2 lists h2 and h3",
			src:  policyFile("## A\n\n### A.1\n\n#### A.1.1\n"),
			want: []*e{
				{ID: "a", Title: "A", Level: 2, Children: []*e{{ID: "a1", Title: "A.1", Level: 3}}},
			},
		},
		{
			name: "toc_depth 1 lists h2 only",
			src:  []byte("---\ntitle: T\ntoc_depth: 1\n---\n\n## A\n\n### A.1\n\n## B\n"),
			want: []*e{{ID: "a", Title: "A", Level: 2}, {ID: "b", Title: "B", Level: 2}},
		},
		{
			name: "toc_depth 3 lists h2 to h4",
			src:  []byte("---\ntitle: T\ntoc_depth: 3\n---\n\n## A\n\n### A.1\n\n#### A.1.1\n\n##### A.1.1.1\n"),
			want: []*e{
				{ID: "a", Title: "A", Level: 2, Children: []*e{
					{ID: "a1", Title: "A.1", Level: 3, Children: []*e{
						{ID: "a11", Title: "A.1.1", Level: 4},
					}},
				}},
			},
		},
		{
			name: "titles are plain text",
			src:  policyFile("## See [the *docs*](https://x.y/) and `code`\n"),
			want: []*e{{ID: "see-the-docs-and-code", Title: "See the docs and code", Level: 2}},
		},
		{
			name: "explicit ids",
			src:  policyFile("## Rights {#your-rights}\n"),
			want: []*e{{ID: "your-rights", Title: "Rights", Level: 2}},
		},
		{
			name: "no headings, no TOC",
			src:  policyFile("Just text.\n"),
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.src)
			if diff := cmp.Diff(tt.want, doc.TOC); diff != "" {
				t.Errorf("TOC (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTOCMatchesBody checks that the TOC and the headings in the body
// share their ids: one source of truth, so TOC links always land.
func TestTOCMatchesBody(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
	}{
		{"seed", seed(t)},
		{"nested and duplicated", []byte("---\ntitle: T\ntoc_depth: 5\n---\n\n" +
			"## Cookies\n\n### Cookies\n\n> ## Cookies\n\n- #### Deep {#deep}\n\n## Main\n\n## 🎉\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.src)
			type entry struct {
				ID, Title string
				Level     int
			}
			var fromBody, fromTOC []entry
			for _, h := range headings(doc.Body) {
				if h.HeadingLevel() <= doc.TOCDepth+1 {
					fromBody = append(fromBody, entry{h.Attr("id"), h.PlainText(), h.HeadingLevel()})
				}
			}
			for _, e := range flatTOC(doc.TOC) {
				fromTOC = append(fromTOC, entry{e.ID, e.Title, e.Level})
			}
			if len(fromTOC) == 0 {
				t.Fatal("empty TOC")
			}
			if diff := cmp.Diff(fromBody, fromTOC); diff != "" {
				t.Errorf("TOC against the body's headings (-body +toc):\n%s", diff)
			}
		})
	}
}

func TestSeedBody(t *testing.T) {
	doc := mustParse(t, seed(t))
	// The seed's text is as it was given, and one of its Topics names
	// another section than the one it links to.
	wantWarnings := []*policy.Error{{
		File: "test.md", Line: 17, Col: 3,
		Msg: `link text "What data do we collect?" names another section than #how-do-we-collect-your-data ("How do we collect your data?"), which the link on line 18 points at by its title`,
	}}
	if diff := cmp.Diff(wantWarnings, doc.Warnings); diff != "" {
		t.Errorf("Warnings (-want +got):\n%s", diff)
	}

	var strong []string
	brs, h1s := 0, 0
	walk(doc.Body, func(n *policy.Node) {
		switch n.Tag {
		case "strong":
			strong = append(strong, n.PlainText())
		case "br":
			brs++
		case "h1":
			h1s++
		}
	})
	if h1s != 0 {
		t.Errorf("body has %d h1 elements, want 0: the page's h1 is the title", h1s)
	}
	// Twelve "<br><br>" lines in the source.
	if brs != 24 {
		t.Errorf("body has %d br elements, want 24", brs)
	}
	// The raw <strong>Functionality</strong> is an element, like the
	// Markdown **…** ones, not text.
	if !contains(strong, "Functionality") || !contains(strong, "The right to access") {
		t.Errorf("strong elements = %q, want \"Functionality\" and \"The right to access\" among them", strong)
	}

	html := policyhtml.Render(doc.Body)
	for _, want := range []string{
		`<li><strong>Functionality</strong> – Seqera uses these cookies`,
		`<a href="mailto:info@seqera.io">info@seqera.io</a>`,
		`<a href="#how-to-manage-cookies">How to manage your cookies</a>`,
		`Carrer d&#39;Àvila, 19 - Loc 2`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML(doc.Body) does not contain %q", want)
		}
	}
	if strings.Contains(html, "Privacy policy</h") {
		t.Errorf("HTML(doc.Body) still has the title heading")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    string // policyhtml.Render(doc.Body)
		wantErr string // the error Parse reports with it, if any
	}{
		{
			name: "inline script dropped with its content",
			body: "Hello <script>alert(1)</script>world.\n",
			want: "<p>Hello world.</p>",
		},
		{
			name: "script block dropped with its content",
			body: "Before.\n\n<script>\nalert(1)\n</script>\n\nAfter.\n",
			want: "<p>Before.</p><p>After.</p>",
		},
		{
			name: "style and iframe blocks dropped with their content",
			body: "<style>p{color:red}</style>\n\n<iframe src=\"https://x.y\">frame</iframe>\n\nText.\n",
			want: "<p>Text.</p>",
		},
		{
			name: "img with onerror dropped",
			body: "A <img src=x onerror=alert(1)> B\n",
			want: "<p>A  B</p>",
		},
		{
			name:    "raw link to javascript keeps its text, not its href",
			body:    "<a href=\"javascript:alert(1)\">x</a>\n",
			want:    "<p><a>x</a></p>",
			wantErr: `test.md:5:1: link to "javascript:alert(1)": the scheme javascript: is not allowed`,
		},
		{
			name:    "raw link with an entity-encoded javascript scheme",
			body:    "<a href=\"&#106;avascript:alert(1)\">x</a>\n",
			want:    "<p><a>x</a></p>",
			wantErr: `test.md:5:1: link to "javascript:alert(1)": the scheme javascript: is not allowed`,
		},
		{
			name:    "raw link with a tab in its scheme",
			body:    "<a href=\"java&#9;script:alert(1)\">x</a>\n",
			want:    "<p><a>x</a></p>",
			wantErr: `test.md:5:1: link to "java\tscript:alert(1)": it is not a valid URL`,
		},
		{
			name:    "markdown link to javascript",
			body:    "[x](javascript:alert(1))\n",
			want:    "<p><span>x</span></p>",
			wantErr: `test.md:5:1: link to "javascript:alert(1)": the scheme javascript: is not allowed`,
		},
		{
			name:    "markdown link to mixed-case javascript",
			body:    "[x](JaVaScRiPt:alert(1))\n",
			want:    "<p><span>x</span></p>",
			wantErr: `test.md:5:1: link to "JaVaScRiPt:alert(1)": the scheme javascript: is not allowed`,
		},
		{
			name:    "markdown link to an entity-encoded javascript scheme",
			body:    "[x](&#106;avascript:alert(1))\n",
			want:    "<p><span>x</span></p>",
			wantErr: `test.md:5:1: link to "javascript:alert(1)": the scheme javascript: is not allowed`,
		},
		{
			name:    "markdown link to data",
			body:    "[x](data:text/html,<b>hi</b>)\n",
			want:    "<p><span>x</span></p>",
			wantErr: `test.md:5:1: link to "data:text/html,<b>hi</b>": the scheme data: is not allowed`,
		},
		{
			name:    "markdown image from data becomes its alt text",
			body:    "![i](data:image/png;base64,iVBORw0KGgo=)\n",
			want:    "<p>i</p>",
			wantErr: `test.md:5:1: image from "data:image/png;base64,iVBORw0KGgo=": the scheme data: is not allowed`,
		},
		{
			name:    "markdown image from http becomes its alt text",
			body:    "![logo](http://x.y/logo.png)\n",
			want:    "<p>logo</p>",
			wantErr: `test.md:5:1: image from "http://x.y/logo.png": the scheme http: is not allowed`,
		},
		{
			name: "markdown image from https and from the site are kept",
			body: "![a](https://x.y/a.png \"A\") ![b](/img/b.png)\n",
			want: `<p><img src="https://x.y/a.png" alt="a" title="A"/> <img src="/img/b.png" alt="b"/></p>`,
		},
		{
			name: "span with onclick unwrapped",
			body: "<span onclick=\"steal()\">text</span>\n",
			want: "<p>text</p>",
		},
		{
			name: "unknown attributes dropped from allowed elements",
			body: "<strong class=\"x\" style=\"color:red\" id=\"y\" onmouseover=\"z()\">bold</strong> <abbr title=\"Data Protection Officer\" data-x=\"1\">DPO</abbr>\n",
			want: `<p><strong>bold</strong> <abbr title="Data Protection Officer">DPO</abbr></p>`,
		},
		{
			name: "raw link keeps href and title, drops target",
			body: "<a href=\"https://x.y/\" title=\"X\" target=\"_blank\" rel=\"opener\">x</a>\n",
			want: `<p><a href="https://x.y/" title="X">x</a></p>`,
		},
		{
			name: "mailto, tel, https and relative links kept",
			body: "[m](mailto:info@seqera.io) [t](tel:+34900000000) [h](https://seqera.io) [r](/terms) [f](#f)\n\n## F {#f}\n",
			want: `<p><a href="mailto:info@seqera.io">m</a> <a href="tel:+34900000000">t</a> <a href="https://seqera.io">h</a> <a href="/terms">r</a> <a href="#f">f</a></p><h2 id="f">F</h2>`,
		},
		{
			name: "email autolink gets mailto",
			body: "Write to <info@seqera.io>.\n",
			want: `<p>Write to <a href="mailto:info@seqera.io">info@seqera.io</a>.</p>`,
		},
		{
			name: "br kept",
			body: "One<br>two<br/>\n",
			want: "<p>One<br/>two<br/></p>",
		},
		{
			name: "HTML block: allowed elements kept, others unwrapped",
			body: "<div class=\"note\" onclick=\"x()\">\n<p>Para <b>bold</b></p>\n<form action=\"/x\"><input name=\"q\"></form>\n</div>\n",
			want: "<p>Para <b>bold</b></p>",
		},
		{
			name: "svg dropped with its content",
			body: "<svg><script>alert(1)</script><a href=\"javascript:alert(2)\">x</a></svg>\n\nText.\n",
			want: "<p>Text.</p>",
		},
		{
			name: "comments dropped",
			body: "A <!-- secret --> B\n\n<!--\nblock comment\n-->\n",
			want: "<p>A  B</p>",
		},
		{
			name: "unclosed allowed tag ends with its paragraph",
			body: "<em>open\n\nNext.\n",
			want: "<p><em>open</em></p><p>Next.</p>",
		},
		{
			name: "NUL becomes the replacement character",
			body: "a\x00b\n",
			want: "<p>a\ufffdb</p>",
		},
		{
			name: "text that looks like markup is escaped",
			body: "1 &lt; 2 and `<script>` and \\<b>\n",
			want: "<p>1 &lt; 2 and <code>&lt;script&gt;</code> and &lt;b&gt;</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := markdown.Parse("test.md", policyFile(tt.body))
			if doc == nil {
				t.Fatalf("Parse returned no document: %v", err)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Parse: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Errorf("Parse error = %v, want %s…", err, tt.wantErr)
			}
			got := policyhtml.Render(doc.Body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("HTML(doc.Body) (-want +got):\n%s", diff)
			}
			checkSafe(t, got)
		})
	}
}

// checkSafe fails the test if html has anything that could run script.
func checkSafe(t *testing.T, html string) {
	t.Helper()
	lower := strings.ToLower(html)
	for _, bad := range []string{"javascript:", "data:", "onerror", "onclick", "onmouseover", "<script", "<iframe", "<svg", "<style"} {
		if strings.Contains(lower, bad) {
			t.Errorf("HTML(doc.Body) contains %q:\n%s", bad, html)
		}
	}
}
