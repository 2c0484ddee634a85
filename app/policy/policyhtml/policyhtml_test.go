package policyhtml_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
)

func TestRender(t *testing.T) {
	text := func(s string) *policy.Node { return &policy.Node{Text: s} }
	tests := []struct {
		name  string
		nodes []*policy.Node
		want  string
	}{
		{"nothing", nil, ""},
		{
			name: "elements, attributes and text",
			nodes: []*policy.Node{
				{Tag: "h2", Attrs: []policy.Attr{{Key: "id", Val: "a"}}, Children: []*policy.Node{text("A")}},
				{Tag: "p", Children: []*policy.Node{
					text("See "),
					{Tag: "a", Attrs: []policy.Attr{{Key: "href", Val: "#a"}, {Key: "title", Val: "T"}}, Children: []*policy.Node{text("a")}},
					{Tag: "br"},
				}},
			},
			want: `<h2 id="a">A</h2><p>See <a href="#a" title="T">a</a><br/></p>`,
		},
		{
			name: "text and attribute values are escaped",
			nodes: []*policy.Node{{Tag: "abbr", Attrs: []policy.Attr{{Key: "title", Val: `"q" & <b>`}}, Children: []*policy.Node{
				text(`x < y & "z" <script>`),
			}}},
			want: `<abbr title="&#34;q&#34; &amp; &lt;b&gt;">x &lt; y &amp; &#34;z&#34; &lt;script&gt;</abbr>`,
		},
		{
			name:  "code keeps its white space",
			nodes: []*policy.Node{{Tag: "pre", Children: []*policy.Node{{Tag: "code", Children: []*policy.Node{text("a\n  b\n")}}}}},
			want:  "<pre><code>a\n  b\n</code></pre>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, policyhtml.Render(tt.nodes)); diff != "" {
				t.Errorf("Render (-want +got):\n%s", diff)
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	var body []*policy.Node
	for range 200 {
		body = append(body, &policy.Node{Tag: "p", Children: []*policy.Node{
			{Text: "Seqera collects your data so that we can "},
			{Tag: "strong", Children: []*policy.Node{{Text: "manage your account"}}},
			{Text: " & more."},
		}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if policyhtml.Render(body) == "" {
			b.Fatal("no HTML")
		}
	}
}
