//go:build !wasm

package changes

// SplitWords returns the words that Words splits s into, for the tests.
func SplitWords(s string) []string {
	var out []string
	for len(s) > 0 {
		n := wordLen(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}
