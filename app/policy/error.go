package policy

import "fmt"

// Error reports what is wrong with a policy file, and where. The same type
// carries warnings (Document.Warnings), which do not stop a policy from
// being served.
type Error struct {
	File string `json:"file"`          // the file's name, such as "privacy.md"
	Line int    `json:"line"`          // 1-based; 0 when the problem is the file as a whole
	Col  int    `json:"col,omitempty"` // 1-based, in characters; 0 when unknown
	Msg  string `json:"msg"`
}

// Error returns "file:line:col: message", leaving out the column, or the
// line and column, when they are not known.
func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}
