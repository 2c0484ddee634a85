//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/seqeralabs/policy-widget/app/ui"
)

// normalizeHTML rewrites HTML written by go-app v9's server-side renderer
// (app.HTMLString) into standard HTML that is the same on every start:
//
//   - go-app writes attribute values with Go string quoting
//     (strconv.Quote), so a `"` in a value closes the attribute and what
//     follows becomes markup, and a non-breaking space becomes a literal
//     `\u00a0`. Each value is read back as the Go string literal it is and
//     written HTML-escaped.
//   - go-app writes an element's attributes in map order, so the bytes,
//     and their ETag, differ per start. They are written sorted by name.
//   - go-app writes an attribute whose value is "true" as a bare name,
//     which for aria-* attributes means "" (undefined), not "true". Bare
//     aria-* attributes are written as aria-x="true".
//
// Text is kept as go-app wrote it (html.EscapeString). The content of an
// element whose start tag is followed by a verbatim marker (see
// verbatimMarker) is copied as it is: it is HTML the widget rendered
// itself, already escaped, that go-app inserted with app.Raw.
//
// normalizeHTML fails on anything it does not expect, rather than guess:
// a server that cannot render a page does not start.
func normalizeHTML(in string) (string, error) {
	var b strings.Builder
	b.Grow(len(in) + len(in)/16)
	for i := 0; i < len(in); {
		lt := strings.IndexByte(in[i:], '<')
		if lt < 0 {
			b.WriteString(in[i:])
			break
		}
		b.WriteString(in[i : i+lt])
		i += lt
		switch {
		case strings.HasPrefix(in[i:], "<!--"):
			end := strings.Index(in[i:], "-->")
			if end < 0 {
				return "", fmt.Errorf("offset %d: unterminated comment", i)
			}
			b.WriteString(in[i : i+end+3])
			i += end + 3
		case strings.HasPrefix(in[i:], "</"), strings.HasPrefix(in[i:], "<!"):
			end := strings.IndexByte(in[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("offset %d: unterminated tag", i)
			}
			b.WriteString(in[i : i+end+1])
			i += end + 1
		default:
			n, err := startTag(&b, in[i:])
			if err != nil {
				return "", fmt.Errorf("offset %d: %w", i, err)
			}
			i += n
			// Verbatim content: <!--verbatim:N--> then N bytes.
			if rest, ok := strings.CutPrefix(in[i:], verbatimPrefix); ok {
				end := strings.Index(rest, "-->")
				size, err := strconv.Atoi(rest[:max(end, 0)])
				if end < 0 || err != nil || size < 0 {
					return "", fmt.Errorf("offset %d: malformed verbatim marker", i)
				}
				start := i + len(verbatimPrefix) + end + 3
				if start+size > len(in) {
					return "", fmt.Errorf("offset %d: verbatim content runs past the end", i)
				}
				b.WriteString(in[i : start+size])
				i = start + size
			}
		}
	}
	return b.String(), nil
}

// verbatimPrefix starts the comment that marks verbatim content: the
// components write it (ui.RawPrefix) after the start tag of the element
// they render with app.Raw.
const verbatimPrefix = ui.RawPrefix

// verbatimMarker returns the comment that, right after an element's start
// tag, tells normalizeHTML to copy the next size bytes as they are.
func verbatimMarker(size int) string {
	return verbatimPrefix + strconv.Itoa(size) + "-->"
}

type attr struct{ key, val string }

// startTag reads the start tag at the beginning of s, as go-app writes it,
// writes it normalised to b, and returns the number of bytes read.
func startTag(b *strings.Builder, s string) (int, error) {
	i := 1
	name := tokenEnd(s, i)
	if name == i {
		return 0, errors.New("a '<' that starts no tag")
	}
	tag := s[i:name]
	i = name
	var attrs []attr
	selfClosing := false
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return 0, fmt.Errorf("<%s> is not closed", tag)
		}
		if s[i] == '>' {
			i++
			break
		}
		if strings.HasPrefix(s[i:], "/>") {
			selfClosing = true
			i += 2
			break
		}
		end := tokenEnd(s, i)
		if end == i {
			return 0, fmt.Errorf("unexpected %q in <%s>", s[i], tag)
		}
		a := attr{key: s[i:end]}
		i = end
		if i < len(s) && s[i] == '=' {
			i++
			lit, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return 0, fmt.Errorf("attribute %s of <%s>: value is not quoted as go-app quotes it", a.key, tag)
			}
			if a.val, err = strconv.Unquote(lit); err != nil {
				return 0, err
			}
			i += len(lit)
		} else if strings.HasPrefix(a.key, "aria-") {
			a.val = "true"
		}
		attrs = append(attrs, a)
	}
	slices.SortStableFunc(attrs, func(x, y attr) int { return strings.Compare(x.key, y.key) })
	b.WriteByte('<')
	b.WriteString(tag)
	for j, a := range attrs {
		if j > 0 && a.key == attrs[j-1].key {
			continue
		}
		b.WriteByte(' ')
		b.WriteString(a.key)
		if a.val != "" {
			b.WriteString(`="`)
			b.WriteString(html.EscapeString(a.val))
			b.WriteByte('"')
		}
	}
	if selfClosing {
		b.WriteString("/>")
	} else {
		b.WriteByte('>')
	}
	return i, nil
}

// tokenEnd returns the end of the tag or attribute name starting at s[i].
func tokenEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '>' || c == '=' || c == '/' || c == '"' || c == '<' || c == '\n' || c == '\t' {
			break
		}
		i++
	}
	return i
}
