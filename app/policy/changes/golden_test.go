//go:build !wasm

package changes_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

var update = flag.Bool("update", false, "rewrite the testdata/*/*.golden files")

// format writes ops as git's word diff does: [-deleted-] and {+inserted+}.
func format(ops []changes.Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case changes.Equal:
			b.WriteString(op.Text)
		case changes.Delete:
			b.WriteString("[-" + op.Text + "-]")
		case changes.Insert:
			b.WriteString("{+" + op.Text + "+}")
		}
	}
	return b.String()
}

// TestWordsGolden diffs each testdata/words/NAME.old.txt with NAME.new.txt
// and compares the ops with NAME.golden. Run "go test -run Golden -update"
// to rewrite the golden files, then read their diff as you would read code.
func TestWordsGolden(t *testing.T) {
	golden(t, "testdata/words/*.old.txt", func(t *testing.T, old, new []byte) string {
		ops := changes.Words(string(old), string(new))
		checkOps(t, string(old), string(new), ops)
		return format(ops)
	})
}

// TestDiffGolden compares each testdata/sections/NAME.old.md with
// NAME.new.md, section by section, as a compare page shows them.
func TestDiffGolden(t *testing.T) {
	golden(t, "testdata/sections/*.old.md", func(t *testing.T, old, new []byte) string {
		var b strings.Builder
		for _, d := range changes.Diff(changes.Sections(parseFile(t, old)), changes.Sections(parseFile(t, new))) {
			fmt.Fprintf(&b, "-- #%s h%d %s", d.ID, d.Level, d.Status)
			if d.OldTitle != "" {
				fmt.Fprintf(&b, " (was %q)", d.OldTitle)
			}
			fmt.Fprintf(&b, " --\n%s\n%s\n", format(d.TitleOps), format(d.Ops))
		}
		return b.String()
	})
}

func parseFile(t *testing.T, src []byte) *policy.Document {
	t.Helper()
	doc, err := markdown.Parse("test.md", src)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// golden runs check on each pair of files whose old one matches pattern
// (a glob ending in ".old.EXT"), and compares its result with the golden
// file beside them.
func golden(t *testing.T, pattern string, check func(t *testing.T, old, new []byte) string) {
	olds, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(olds) == 0 {
		t.Fatalf("no %s inputs", pattern)
	}
	ext := filepath.Ext(pattern) // ".txt"
	for _, oldFile := range olds {
		stem := strings.TrimSuffix(oldFile, ".old"+ext)
		t.Run(filepath.Base(stem), func(t *testing.T) {
			old, err := os.ReadFile(oldFile)
			if err != nil {
				t.Fatal(err)
			}
			new, err := os.ReadFile(stem + ".new" + ext)
			if err != nil {
				t.Fatal(err)
			}
			got := check(t, old, new)
			file := stem + ".golden"
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", file, diff)
			}
		})
	}
}
