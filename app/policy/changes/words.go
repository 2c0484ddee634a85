//go:build !wasm

package changes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kind says what an Op does to the old text.
type Kind string

const (
	Equal  Kind = "equal"  // text in both versions
	Insert Kind = "insert" // text only in the new version
	Delete Kind = "delete" // text only in the old version
)

// Op is one step of a word diff: a run of text kept, inserted or deleted.
type Op struct {
	Kind Kind   `json:"kind"`
	Text string `json:"text"`
}

// Words returns the word-level differences between two texts: the Equal and
// Delete ops spell from, the Equal and Insert ops spell to, and no op is
// empty. Between two Equal ops there is at most one Delete and one Insert,
// in that order.
//
// The texts are split into words (runs of letters, digits and combining
// marks; each Chinese or Japanese character is a word of its own), runs of
// white space, line breaks, and single other characters such as
// punctuation, so "data." → "data," changes only the full stop. go-diff
// compares the two sequences of words, one rune standing for each distinct
// word, and its semantic clean-up merges edits that are separated only by
// trivial equalities, such as a single space between two replaced words.
// Last, an edit that could sit in several places, such as an inserted word
// and a space, is put where its edges are best for a reader: at the start
// or end of a line, after a sentence, at white space, and then as far right
// as it goes, so an inserted word takes the space after it ("the {+big +}cat").
//
// The diff is exact (no time limit), so the same texts always give the
// same ops. Its time grows with the product of the number of words and the
// number of changes, so texts of more than MaxWords words, spaces and
// punctuation marks are compared line by line first, then the replaced
// lines within the limit word by word; longer replaced lines are shown
// deleted and inserted whole.
func Words(from, to string) []Op {
	if from == to {
		if from == "" {
			return nil
		}
		return []Op{{Equal, from}}
	}
	if ops, ok := words(from, to); ok {
		return ops
	}
	var v vocabulary
	a, okA := v.encode(from, lineLen)
	b, okB := v.encode(to, lineLen)
	if !okA || !okB {
		return appendOp(appendOp(nil, Delete, from), Insert, to)
	}
	return v.ops(diff(a, b), func(ops []Op, del, ins string) []Op {
		if del != "" && ins != "" {
			if w, ok := words(del, ins); ok {
				for _, op := range w {
					ops = appendOp(ops, op.Kind, op.Text)
				}
				return ops
			}
		}
		return appendOp(appendOp(ops, Delete, del), Insert, ins)
	})
}

// MaxWords is the number of words, spaces and punctuation marks in either
// text above which Words compares lines first. The slowest case, two
// entirely different texts of this size, takes about 0.2 s on one core of
// a current server, and several times that in a browser.
const MaxWords = 2000

// words compares two texts word by word, unless either has more than
// MaxWords words.
func words(from, to string) ([]Op, bool) {
	var v vocabulary
	a, okA := v.encode(from, wordLen)
	b, okB := v.encode(to, wordLen)
	if !okA || !okB || len(a) > MaxWords || len(b) > MaxWords {
		return nil, false
	}
	dmp := diffmatchpatch.New()
	diffs := v.align(dmp.DiffCleanupSemantic(diff(a, b)))
	return v.ops(diffs, func(ops []Op, del, ins string) []Op {
		return appendOp(appendOp(ops, Delete, del), Insert, ins)
	}), true
}

// diff compares two sequences of runes exactly, however long it takes.
func diff(a, b []rune) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	return dmp.DiffMainRunes(a, b, false)
}

// ops decodes diffs into ops: each equality, and each run of edits between
// two equalities with edit, given its deleted and inserted text.
func (v *vocabulary) ops(diffs []diffmatchpatch.Diff, edit func(ops []Op, del, ins string) []Op) []Op {
	var ops []Op
	var del, ins []rune
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			del = append(del, []rune(d.Text)...)
		case diffmatchpatch.DiffInsert:
			ins = append(ins, []rune(d.Text)...)
		case diffmatchpatch.DiffEqual:
			ops = edit(ops, v.decode(del), v.decode(ins))
			del, ins = del[:0], ins[:0]
			ops = appendOp(ops, Equal, v.decode([]rune(d.Text)))
		}
	}
	return edit(ops, v.decode(del), v.decode(ins))
}

// appendOp appends an op of kind with text to ops, merging it into the
// last op when that has the same kind, and dropping it when text is empty.
func appendOp(ops []Op, kind Kind, text string) []Op {
	switch {
	case text == "":
		return ops
	case len(ops) > 0 && ops[len(ops)-1].Kind == kind:
		ops[len(ops)-1].Text += text
		return ops
	}
	return append(ops, Op{kind, text})
}

// firstRune is the rune that stands for the first distinct word; the next
// words get the following runes. From U+E000 (the Private Use Area) to
// U+10FFFF there are no surrogates, so every rune survives go-diff's
// conversions to strings.
const firstRune = 0xE000

// vocabulary maps the words of the two texts to runes and back.
type vocabulary struct {
	words []string
	index map[string]rune
}

// encode returns the runes that stand for the words of s, as split by
// wordLen or lineLen, and false when there are too many distinct words.
func (v *vocabulary) encode(s string, split func(string) int) ([]rune, bool) {
	if v.index == nil {
		v.index = make(map[string]rune)
	}
	var out []rune
	for len(s) > 0 {
		n := split(s)
		w := s[:n]
		s = s[n:]
		r, ok := v.index[w]
		if !ok {
			if len(v.words) > unicode.MaxRune-firstRune {
				return nil, false
			}
			r = firstRune + rune(len(v.words))
			v.words = append(v.words, w)
			v.index[w] = r
		}
		out = append(out, r)
	}
	return out, true
}

func (v *vocabulary) word(r rune) string { return v.words[r-firstRune] }

func (v *vocabulary) decode(rs []rune) string {
	var n int
	for _, r := range rs {
		n += len(v.word(r))
	}
	b := make([]byte, 0, n)
	for _, r := range rs {
		b = append(b, v.word(r)...)
	}
	return string(b)
}

// align moves each edit that lies between two equalities sideways, as far
// as the words it shares with them allow, to the place that score rates
// best, the rightmost of equals. It is go-diff's DiffCleanupSemanticLossless
// with a score that knows words from punctuation, which go-diff's, seeing
// only the runes that stand for them, cannot.
func (v *vocabulary) align(diffs []diffmatchpatch.Diff) []diffmatchpatch.Diff {
	out := diffs[:0]
	for i := 0; i < len(diffs); i++ {
		d := diffs[i]
		if d.Type == diffmatchpatch.DiffEqual || len(out) == 0 || i+1 == len(diffs) ||
			out[len(out)-1].Type != diffmatchpatch.DiffEqual || diffs[i+1].Type != diffmatchpatch.DiffEqual {
			out = append(out, d)
			continue
		}
		// The equality before, the edit and the equality after, as one
		// sequence s in which the edit is s[lo:lo+m].
		before := []rune(out[len(out)-1].Text)
		edit := []rune(d.Text)
		s := append(append(before, edit...), []rune(diffs[i+1].Text)...)
		m := len(edit)
		lo := len(before)
		for lo > 0 && s[lo-1] == s[lo+m-1] {
			lo--
		}
		best, bestScore := lo, -1
		for ; ; lo++ {
			if sc := v.score(s[:lo], s[lo:lo+m]) + v.score(s[lo:lo+m], s[lo+m:]); sc >= bestScore {
				best, bestScore = lo, sc
			}
			if lo+m == len(s) || s[lo] != s[lo+m] {
				break
			}
		}
		out = out[:len(out)-1]
		if best > 0 {
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: string(s[:best])})
		}
		out = append(out, diffmatchpatch.Diff{Type: d.Type, Text: string(s[best : best+m])})
		// The equality after is read again, as the one before the next edit.
		if best+m < len(s) {
			diffs[i+1].Text = string(s[best+m:])
		} else {
			i++
		}
	}
	return out
}

// score rates the boundary between two runs of words, like go-diff's
// semantic score: 6 at either end of the text, 4 at a line break,
// 3 after a sentence and the space after it, 2 at other white space, 1 next
// to punctuation, and 0 between two words (ideographs).
func (v *vocabulary) score(one, two []rune) int {
	if len(one) == 0 || len(two) == 0 {
		return 6
	}
	last, first := v.word(one[len(one)-1]), v.word(two[0])
	switch {
	case last == "\n" || first == "\n":
		return 4
	case isSpace(last) && len(one) > 1 && strings.ContainsAny(v.word(one[len(one)-2]), ".!?:;…。！？"):
		return 3
	case isSpace(last) || isSpace(first):
		return 2
	case classOf(firstRuneOf(last)) != letters || classOf(firstRuneOf(first)) != letters:
		return 1
	}
	return 0
}

// lineLen returns the length in bytes of the line at the start of s, which
// is not empty, with its line break.
func lineLen(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return i + 1
	}
	return len(s)
}

// wordLen returns the length in bytes of the word at the start of s, which
// is not empty.
func wordLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if r == '\n' {
		return n
	}
	class := classOf(r)
	joined := r == zwj // the previous rune was a zero-width joiner
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case r == '\n':
			return n
		case joined || r >= utf8.RuneSelf && (r == zwj || unicode.Is(unicode.M, r) || skinTone(r)):
			// Combining marks, variation selectors, emoji modifiers and
			// joined emoji belong to the rune before them.
		case class == single || classOf(r) != class:
			return n
		}
		joined = r == zwj
		n += size
	}
	return n
}

const (
	single = iota // a word of its own: punctuation, symbols, ideographs
	letters
	space
)

const zwj = '\u200d'

func classOf(r rune) int {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return letters
		case r == ' ', r == '\t', r == '\r', r == '\f', r == '\v':
			return space
		}
		return single
	}
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai):
		// Scripts written without spaces between words.
		return single
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.M, r):
		return letters
	case unicode.IsSpace(r) && r != '\n':
		return space
	}
	return single
}

func skinTone(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }

func isSpace(w string) bool { return classOf(firstRuneOf(w)) == space }

func firstRuneOf(w string) rune {
	r, _ := utf8.DecodeRuneInString(w)
	return r
}
