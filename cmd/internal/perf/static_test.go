//go:build !wasm

package perf

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSelfContained(t *testing.T) {
	files := map[string]string{
		"/app.css":      "body{margin:0}",
		"/web/app.css":  ".page{color:light-dark(#000,#fff)}",
		"/web/icon.svg": "<svg/>",
		"/web/logo.png": "PNG",
	}
	get := func(path string) ([]byte, error) {
		if f, ok := files[path]; ok {
			return []byte(f), nil
		}
		return nil, errors.New("not found")
	}
	page := `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>Privacy Policy · Seqera Legal</title>
<link as="style" type="text/css" rel="preload" href="/app.css">
<link rel="icon" href="/web/icon.svg">
<link rel="apple-touch-icon" href="/web/apple-touch-icon.png">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="stylesheet" type="text/css" href="/app.css">
<link href="/web/app.css" rel="stylesheet" type="text/css" media="screen">
<script src="/wasm_exec.js" defer></script>
<script defer src="/web/nav.js"></script>
<script>var inline = "left out too";</script>
</head>
<body>
<div class="page"><a class="brand" href="/"><img src="/web/logo.png" alt width="28" height="28"></a>
<p>Text &amp; more</p></div>
</body>
</html>`
	// The left-out elements leave their line breaks.
	want := `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>Privacy Policy · Seqera Legal</title>

<link rel="icon" href="data:image/svg+xml;base64,PHN2Zy8+">


<style>body{margin:0}</style>
<style media="screen">.page{color:light-dark(#000,#fff)}</style>



</head>
<body>
<div class="page"><a class="brand" href="/"><img src="data:image/png;base64,UE5H" alt="" width="28" height="28"></a>
<p>Text &amp; more</p></div>
</body>
</html>`
	got, err := SelfContained([]byte(page), get)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("SelfContained (-want +got):\n%s", diff)
	}
}

func TestSelfContainedRefuses(t *testing.T) {
	tests := []struct {
		name, page, css, wantErr string
	}{
		{"another host", `<link rel="stylesheet" href="https://cdn.example/a.css">`, "", "not a path of the site"},
		{"missing file", `<link rel="stylesheet" href="/missing.css">`, "", "getting /missing.css"},
		{"url()", `<link rel="stylesheet" href="/a.css">`, `body{background:url("/bg.png")}`, "url()"},
		{"@import", `<link rel="stylesheet" href="/a.css">`, `@import "b.css";`, "@import"},
		{"</style>", `<link rel="stylesheet" href="/a.css">`, `a{content:"</style>"}`, "</style"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := func(path string) ([]byte, error) {
				if path == "/a.css" {
					return []byte(tt.css), nil
				}
				return nil, errors.New("not found")
			}
			_, err := SelfContained([]byte(tt.page), get)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one with %q", err, tt.wantErr)
			}
		})
	}
	// A data: URL in a style sheet loads nothing.
	get := func(string) ([]byte, error) { return []byte(`a{background:url(data:image/png;base64,AA==)}`), nil }
	if _, err := SelfContained([]byte(`<link rel="stylesheet" href="/a.css">`), get); err != nil {
		t.Errorf("a data: URL in CSS: %v", err)
	}
}
