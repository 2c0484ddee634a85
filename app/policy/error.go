package policy

import "fmt"

// Error reports what is wrong with a policy file, and where.
type Error struct {
	File string `json:"file"` // the file's name, such as "privacy.md"
	Line int    `json:"line"` // 1-based; 0 when the problem is the file as a whole
	Msg  string `json:"msg"`
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}
