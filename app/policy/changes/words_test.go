//go:build !wasm

package changes_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"punctuation", "data.", []string{"data", "."}},
		{"apostrophe", "Seqera’s", []string{"Seqera", "’", "s"}},
		{"spaces", "a  b\n\nc", []string{"a", "  ", "b", "\n", "\n", "c"}},
		{"space before line break", "a \nb", []string{"a", " ", "\n", "b"}},
		{"digits", "08005, 19", []string{"08005", ",", " ", "19"}},
		{"precomposed accent", "Àvila", []string{"Àvila"}},
		{"combining accent", "re\u0301sume\u0301 x", []string{"re\u0301sume\u0301", " ", "x"}},
		{"no-break space", "10\u00a0%", []string{"10", "\u00a0", "%"}},
		{"quotes", "“privacy”", []string{"“", "privacy", "”"}},
		{"joined emoji", "👩‍💻👍🏽!", []string{"👩‍💻", "👍🏽", "!"}},
		{"ideographs", "个人数据", []string{"个", "人", "数", "据"}},
		{"invalid UTF-8", "a\xff\xfeb", []string{"a", "\xff", "\xfe", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, changes.SplitWords(tc.in)); diff != "" {
				t.Errorf("SplitWords(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []changes.Op
	}{
		{"both empty", "", "", nil},
		{"same", "a b", "a b", []changes.Op{{changes.Equal, "a b"}}},
		{"full stop to comma", "our data.", "our data,", []changes.Op{{changes.Equal, "our data"}, {changes.Delete, "."}, {changes.Insert, ","}}},
		{"word, not letters", "collect", "collected", []changes.Op{{changes.Delete, "collect"}, {changes.Insert, "collected"}}},
		{"inserted word", "the cat", "the big cat", []changes.Op{{changes.Equal, "the "}, {changes.Insert, "big "}, {changes.Equal, "cat"}}},
		{"deleted word", "the big cat", "the cat", []changes.Op{{changes.Equal, "the "}, {changes.Delete, "big "}, {changes.Equal, "cat"}}},
		{"inserted sentence", "One. Three.", "One. Two. Three.", []changes.Op{{changes.Equal, "One. "}, {changes.Insert, "Two. "}, {changes.Equal, "Three."}}},
		{"inserted line", "One.\nThree.", "One.\nTwo.\nThree.", []changes.Op{{changes.Equal, "One.\n"}, {changes.Insert, "Two.\n"}, {changes.Equal, "Three."}}},
		{"appended", "One.", "One. Two.", []changes.Op{{changes.Equal, "One."}, {changes.Insert, " Two."}}},
		{
			name: "replaced words merged",
			old:  "we collect your data here",
			new:  "they store our info here",
			want: []changes.Op{{changes.Delete, "we collect your data"}, {changes.Insert, "they store our info"}, {changes.Equal, " here"}},
		},
		{"invalid UTF-8", "a \xff b", "a \xfe b", []changes.Op{{changes.Equal, "a "}, {changes.Delete, "\xff"}, {changes.Insert, "\xfe"}, {changes.Equal, " b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := changes.Words(tc.old, tc.new)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Words(%q, %q) (-want +got):\n%s", tc.old, tc.new, diff)
			}
			checkOps(t, tc.old, tc.new, got)
		})
	}
}

// checkOps checks what holds for every word diff: the ops spell both
// texts, none is empty, two in a row differ in kind, a deletion comes
// before the insertion next to it, and every op starts and ends between
// two words of each text.
func checkOps(t *testing.T, old, new string, ops []changes.Op) {
	t.Helper()
	oldBounds, newBounds := bounds(old), bounds(new)
	var o, n strings.Builder
	for i, op := range ops {
		if op.Text == "" {
			t.Errorf("op %d is empty: %q", i, ops)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Errorf("ops %d and %d are both %s: %q", i-1, i, op.Kind, ops)
		}
		if i > 0 && ops[i-1].Kind == changes.Insert && op.Kind == changes.Delete {
			t.Errorf("op %d deletes after an insertion: %q", i, ops)
		}
		switch op.Kind {
		case changes.Equal:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case changes.Delete:
			o.WriteString(op.Text)
		case changes.Insert:
			n.WriteString(op.Text)
		default:
			t.Fatalf("op %d has kind %q", i, op.Kind)
		}
		if !oldBounds[o.Len()] || !newBounds[n.Len()] {
			t.Errorf("op %d (%s %q) ends inside a word: %q", i, op.Kind, op.Text, ops)
		}
	}
	if got := o.String(); got != old {
		t.Errorf("equal and deleted text %q, want the old text %q", got, old)
	}
	if got := n.String(); got != new {
		t.Errorf("equal and inserted text %q, want the new text %q", got, new)
	}
}

// bounds returns the byte offsets of s that lie between two of its words.
func bounds(s string) map[int]bool {
	b := map[int]bool{0: true}
	at := 0
	for _, w := range changes.SplitWords(s) {
		at += len(w)
		b[at] = true
	}
	return b
}

// FuzzWords diffs arbitrary texts and checks the ops. Its seeds are the
// golden inputs.
//
//	go test -fuzz=FuzzWords -fuzztime=60s ./app/policy/changes/
func FuzzWords(f *testing.F) {
	olds, err := filepath.Glob("testdata/words/*.old.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range olds {
		old, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		new, err := os.ReadFile(strings.TrimSuffix(file, ".old.txt") + ".new.txt")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(old), string(new))
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		checkOps(t, old, new, changes.Words(old, new))
	})
}

// TestWordsLong checks texts of more than MaxWords words: compared line by
// line, with the replaced lines within the limit compared word by word.
func TestWordsLong(t *testing.T) {
	text := func(n, changed int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(" ")
			}
			if i == changed {
				b.WriteString("changed")
			} else {
				fmt.Fprintf(&b, "w%d", i)
			}
		}
		return b.String()
	}
	// MaxWords words and as many spaces.
	long := func(changed int) string { return text(changes.MaxWords, changed) }
	old := "Intro.\n" + long(-1) + "\nMiddle stays.\nWe collect data.\n"
	new := "Intro.\n" + long(7) + "\nMiddle stays.\nWe collect your data.\n"
	got := changes.Words(old, new)
	want := []changes.Op{
		{changes.Equal, "Intro.\n"},
		{changes.Delete, long(-1) + "\n"},
		{changes.Insert, long(7) + "\n"},
		{changes.Equal, "Middle stays.\nWe collect "},
		{changes.Insert, "your "},
		{changes.Equal, "data.\n"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Words (-want +got):\n%s", diff)
	}
	checkOps(t, old, new, got)

	// Within the limit, the same line is compared word by word.
	short := func(changed int) string { return text(changes.MaxWords/2, changed) }
	got = changes.Words(short(-1), short(7))
	want = []changes.Op{
		{changes.Equal, "w0 w1 w2 w3 w4 w5 w6 "},
		{changes.Delete, "w7"},
		{changes.Insert, "changed"},
		{changes.Equal, short(-1)[len("w0 w1 w2 w3 w4 w5 w6 w7"):]},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Words (-want +got):\n%s", diff)
	}
}
