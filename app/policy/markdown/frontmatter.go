package markdown

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seqeralabs/policy-widget/app/policy"
)

const (
	defaultLang     = "en"
	defaultTOCDepth = 2
)

var langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

var fence = []byte("---")

// splitFrontMatter cuts src into its front matter and body. The front matter
// is the text between a first line "---" and the next line "---". bodyLine
// is the 1-based line of src on which the body starts.
func splitFrontMatter(file string, src []byte) (front, body []byte, bodyLine int, err *policy.Error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if !bytes.Equal(bytes.TrimRight(first, " \t\r"), fence) {
		return nil, nil, 0, errorf(file, 1, 1, "missing front matter: the file must start with a line \"---\", then \"title: …\", then \"---\"")
	}
	line := 2
	for len(rest) > 0 {
		l, next, _ := bytes.Cut(rest, []byte("\n"))
		if bytes.Equal(bytes.TrimRight(l, " \t\r"), fence) {
			front = src[len(first)+1 : len(src)-len(rest)]
			return front, next, line + 1, nil
		}
		rest = next
		line++
	}
	return nil, nil, 0, errorf(file, 1, 1, "front matter is not closed: no line \"---\" ends it")
}

// parseMeta decodes the front matter, which starts on line 2 of the file.
// Unknown keys (such as "layout") are ignored.
func parseMeta(file string, front []byte) (policy.Meta, *policy.Error) {
	const offset = 1 // the opening "---"
	m := policy.Meta{Lang: defaultLang, TOCDepth: defaultTOCDepth}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return m, yamlError(file, offset, front, err)
	}
	if len(doc.Content) == 0 {
		return m, errorf(file, 1, 1, "front matter is empty: it needs at least \"title: …\"")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return m, errorf(file, root.Line+offset, root.Column, "front matter must be a mapping of keys to values, such as \"title: Privacy Policy\"")
	}
	seen := make(map[string]bool)
	titleLine, titleCol := 0, 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line, col := v.Line+offset, v.Column
		if seen[k.Value] {
			return m, errorf(file, k.Line+offset, k.Column, "front matter has %q twice", k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "title", "description", "lang":
			if k.Value == "title" && v.Tag == "!!null" {
				// "title:" with nothing after it
				titleLine, titleCol = k.Line+offset, k.Column
				continue
			}
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				return m, errorf(file, line, col, "%s must be text", k.Value)
			}
			switch k.Value {
			case "title":
				m.Title = strings.TrimSpace(v.Value)
				titleLine, titleCol = line, col
			case "description":
				m.Description = v.Value
			case "lang":
				if !langPattern.MatchString(v.Value) {
					return m, errorf(file, line, col, "lang %q is not a language tag such as \"en\" or \"pt-BR\"", v.Value)
				}
				m.Lang = v.Value
			}
		case "updated":
			day, err := policy.ParseDay(v.Value)
			switch {
			case v.Kind != yaml.ScalarNode:
				return m, errorf(file, line, col, "updated must be a date in the form YYYY-MM-DD, such as 2021-02-27")
			case err != nil:
				return m, errorf(file, line, col, "updated %v", err)
			}
			m.Updated = day
		case "toc_depth":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n < 1 || n > 5 {
				return m, errorf(file, line, col, "toc_depth %q must be a whole number from 1 to 5", v.Value)
			}
			m.TOCDepth = n
		}
	}
	switch {
	case titleLine == 0:
		return m, errorf(file, 1, 1, "front matter has no title: add a line \"title: …\"")
	case m.Title == "":
		return m, errorf(file, titleLine, titleCol, "title is empty: write the policy's title after \"title:\"")
	}
	return m, nil
}

var (
	yamlLine   = regexp.MustCompile(`line (\d+)`)
	yamlPrefix = regexp.MustCompile(`^yaml: :?\s*`)
)

// yamlParserProblems are the syntax errors that the YAML parser, rather than
// its scanner, reports. The parser gives their line counting from 0, the
// scanner from 1.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlError turns a YAML syntax error in front, which starts on the file's
// line offset+1, into an Error on the file's line. YAML does not say on
// which column.
func yamlError(file string, offset int, front []byte, err error) *policy.Error {
	msg := err.Error()
	n := 1 // YAML leaves the line out when it is the first one
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		n, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
	}
	msg = yamlPrefix.ReplaceAllString(msg, "")
	if slices.Contains(yamlParserProblems, msg) {
		n++
	}
	// A problem found at the end of the front matter, such as a bracket
	// that is never closed, is on its last line.
	n = max(1, min(n, bytes.Count(front, []byte("\n"))))
	return errorf(file, n+offset, 0, "front matter is not valid YAML: %s", msg)
}
