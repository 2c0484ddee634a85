//go:build !wasm

package perf

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SelfContained turns a prerendered page into one file that loads nothing
// else, the "static page" of the browser benchmark: its style sheets are
// inlined in <style> elements in their place, its images become data:
// URLs, and its scripts (inline ones too: the widget's page has one that
// adds the others after the first paint), preloads, icons and manifest are
// left out. Every
// other byte stays as it was. get returns the body of a same-origin path
// such as /web/app.css.
func SelfContained(page []byte, get func(path string) ([]byte, error)) ([]byte, error) {
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	inScript := false // within a <script> left out
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return out.Bytes(), nil
			}
			return nil, z.Err()
		}
		raw := bytes.Clone(z.Raw())
		if inScript {
			if tt == html.EndTagToken {
				if name, _ := z.TagName(); atom.Lookup(name) == atom.Script {
					inScript = false
				}
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		attr := func(name string) string {
			for _, a := range tok.Attr {
				if a.Key == name {
					return a.Val
				}
			}
			return ""
		}
		switch tok.DataAtom {
		case atom.Script:
			inScript = tt == html.StartTagToken
			continue
		case atom.Link:
			rels := strings.Fields(strings.ToLower(attr("rel")))
			switch {
			case len(rels) == 1 && rels[0] == "stylesheet":
				css, err := getLocal(get, attr("href"))
				if err != nil {
					return nil, err
				}
				if err := checkInlineCSS(attr("href"), css); err != nil {
					return nil, err
				}
				if m := attr("media"); m != "" {
					fmt.Fprintf(&out, "<style media=\"%s\">", html.EscapeString(m))
				} else {
					out.WriteString("<style>")
				}
				out.Write(css)
				out.WriteString("</style>")
				continue
			case len(rels) == 1 && rels[0] == "icon":
				// Kept, as a data: URL: without it the browser asks for
				// /favicon.ico.
				if err := inlineAttr(&tok, "href", get); err != nil {
					return nil, err
				}
				out.WriteString(tok.String())
				continue
			case hasAny(rels, "preload", "modulepreload", "apple-touch-icon", "manifest", "prefetch"):
				continue
			}
		case atom.Img:
			if err := inlineAttr(&tok, "src", get); err != nil {
				return nil, err
			}
			out.WriteString(tok.String())
			continue
		}
		out.Write(raw)
	}
}

// inlineAttr replaces the path in the attribute key of tok with a data:
// URL of the file.
func inlineAttr(tok *html.Token, key string, get func(string) ([]byte, error)) error {
	for i, a := range tok.Attr {
		if a.Key != key || strings.HasPrefix(a.Val, "data:") {
			continue
		}
		body, err := getLocal(get, a.Val)
		if err != nil {
			return err
		}
		typ := mime.TypeByExtension(path.Ext(a.Val))
		if typ == "" {
			return fmt.Errorf("%s: unknown type of file", a.Val)
		}
		tok.Attr[i].Val = "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(body)
	}
	return nil
}

// getLocal fetches a same-origin path; the static page loads nothing
// from anywhere.
func getLocal(get func(string) ([]byte, error), ref string) ([]byte, error) {
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		return nil, fmt.Errorf("%q is not a path of the site: the static page cannot inline it", ref)
	}
	b, err := get(ref)
	if err != nil {
		return nil, fmt.Errorf("getting %s: %w", ref, err)
	}
	return b, nil
}

// checkInlineCSS refuses a style sheet that would load other files or end
// its <style> element early: the static page would not be self-contained.
func checkInlineCSS(name string, css []byte) error {
	lower := bytes.ToLower(css)
	if bytes.Contains(lower, []byte("</style")) {
		return fmt.Errorf("%s contains </style: it cannot be inlined", name)
	}
	if bytes.Contains(lower, []byte("@import")) {
		return fmt.Errorf("%s has an @import: the static page would load it", name)
	}
	for rest := lower; ; {
		i := bytes.Index(rest, []byte("url("))
		if i < 0 {
			return nil
		}
		rest = rest[i+4:]
		arg := strings.Trim(strings.TrimSpace(string(rest[:min(len(rest), 8)])), `"'`)
		if !strings.HasPrefix(arg, "data:") && !strings.HasPrefix(arg, "#") {
			return fmt.Errorf("%s refers to a file with url(): the static page would load it", name)
		}
	}
}

func hasAny(list []string, names ...string) bool {
	for _, s := range list {
		for _, n := range names {
			if s == n {
				return true
			}
		}
	}
	return false
}
