package markdown

import (
	"fmt"

	"github.com/seqeralabs/policy-widget/app/policy"
)

func textNode(s string) *policy.Node { return &policy.Node{Text: s} }

func elem(tag string, children ...*policy.Node) *policy.Node {
	return &policy.Node{Tag: tag, Children: children}
}

func errorf(file string, line, col int, format string, args ...any) *policy.Error {
	return &policy.Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}
