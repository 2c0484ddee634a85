//go:build !wasm

package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// generated are the policies of the check cases that are made by the test
// rather than kept in testdata: a file over the size limit.
var generated = map[string]fstest.MapFS{
	"limits": {"large.md": {Data: []byte("---\ntitle: Large\n---\n\n" + strings.Repeat("Some text.\n", markdown.MaxSize/11+1))}},
}

// goldenDay is the day as of which TestCheckGolden checks: the cases'
// upcoming versions are dated after it.
const goldenDay = "2026-03-01"

// TestCheckGolden runs the check of `policy check -at 2026-03-01 DIR` on
// each folder of testdata/check, which holds policies with one kind of
// error or warning each (clean holds none), and compares what it prints
// and its exit status with the .golden file of the same name. Run
// "go test -run TestCheckGolden -update ./cmd/policy" to rewrite them,
// then read the diff as you would read code.
func TestCheckGolden(t *testing.T) {
	day, err := policy.ParseDay(goldenDay)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("testdata/check")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join("testdata", "check", e.Name()))
		}
	}
	if len(dirs) < 11 {
		t.Fatalf("%d folders in testdata/check, want one for each kind of error and warning", len(dirs))
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			// The folder, with its folders of versions.
			fsys := fstest.MapFS{}
			err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
				fsys[name] = &fstest.MapFile{Data: src}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for file, f := range generated[name] {
				fsys[file] = f
			}
			var out bytes.Buffer
			status := check(&out, fsys, filepath.ToSlash(dir), day, false)
			fmt.Fprintf(&out, "exit status %d\n", status)
			golden := filepath.Join("testdata", "check", name+".golden")
			if *update {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestCheckGolden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// shippedCheck is what `policy check` prints for the shipped policies: no
// error, and the one warning that the privacy policy's text, kept as it
// was given, carries.
const shippedCheck = `policies/privacy.md:17:3: warning: link text "What data do we collect?" names another section than #how-do-we-collect-your-data ("How do we collect your data?"), which the link on line 18 points at by its title
checked 1 policy: 0 errors, 1 warning
`

// TestCheckShipped checks the policies that the widget ships, as make
// build does, in the test process.
func TestCheckShipped(t *testing.T) {
	var out, errOut bytes.Buffer
	if status := runCheck(nil, &out, &errOut); status != 0 {
		t.Errorf("exit status %d, want 0", status)
	}
	if diff := cmp.Diff(shippedCheck, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr: %s", errOut.String())
	}
}

// TestCheckCommand runs the real binary's `policy check`: on a folder with
// broken policies it exits 1 and names file, line and column; on a clean
// one, and on the shipped policies, it exits 0.
func TestCheckCommand(t *testing.T) {
	bin := bt.Binary(t)
	for _, tc := range []struct {
		name       string
		args       []string
		wantStatus int
		want       []string // lines of the output
		wantStderr string
	}{
		{
			name:       "broken folder",
			args:       []string{"check", "testdata/check/links"},
			wantStatus: 1,
			want: []string{
				"testdata/check/links/terms.md:5:26: link to #limits, but no heading has that id",
				"testdata/check/links/terms.md:5:52: link to #gone, but no heading has that id",
				"testdata/check/links/terms.md:10:11: link to #missing, but no heading has that id",
				"testdata/check/links/terms.md:13:3: link to #nowhere, but no heading has that id",
				"checked 1 policy: 4 errors, 0 warnings",
			},
		},
		{
			name:       "clean folder",
			args:       []string{"check", "testdata/check/clean/"},
			wantStatus: 0,
			want:       []string{"checked 2 policies: 0 errors, 0 warnings"},
		},
		{
			name:       "shipped policies",
			args:       []string{"check"},
			wantStatus: 0,
			want:       strings.Split(strings.TrimSuffix(shippedCheck, "\n"), "\n"),
		},
		{
			name:       "no such folder",
			args:       []string{"check", "testdata/check/nowhere"},
			wantStatus: 1,
			wantStderr: "policy check: testdata/check/nowhere is not a folder\n",
		},
		{
			name:       "two folders",
			args:       []string{"check", "a", "b"},
			wantStatus: 2,
			wantStderr: "usage: policy check [-at YYYY-MM-DD] [DIR]\n",
		},
		{
			name:       "an upcoming version, as of a day before it",
			args:       []string{"check", "-at", "2026-03-01", "testdata/check/twoupcoming"},
			wantStatus: 1,
			want: []string{
				"testdata/check/twoupcoming/privacy/2026-06-01.md:3:10: this version (2026-06-01) and privacy.md (2026-09-01) are both upcoming as of the day checked (2026-03-01): a policy announces one upcoming version at a time; add the changes of privacy.md once this version has taken effect, on 2026-06-01",
				"checked 1 policy: 1 error, 0 warnings",
			},
		},
		{
			name:       "the same versions, as of the day the first one takes effect",
			args:       []string{"check", "-at", "2026-06-01", "testdata/check/twoupcoming"},
			wantStatus: 0,
			want: []string{
				"testdata/check/twoupcoming/privacy.md: note: upcoming, takes effect on 2026-09-01; until then testdata/check/twoupcoming/privacy/2026-06-01.md is in effect (checked as of 2026-06-01)",
				"checked 1 policy: 0 errors, 0 warnings",
			},
		},
		{
			name:       "-at a date that does not exist",
			args:       []string{"check", "-at", "2026-02-30"},
			wantStatus: 2,
			wantStderr: "policy check: -at: \"2026-02-30\" is not a real date: February 2026 has 28 days\nusage: policy check [-at YYYY-MM-DD] [DIR]\n",
		},
		{
			name:       "-at something else than a date",
			args:       []string{"check", "-at", "tomorrow", "testdata/check/clean"},
			wantStatus: 2,
			wantStderr: "policy check: -at: \"tomorrow\" is not a date in the form YYYY-MM-DD\nusage: policy check [-at YYYY-MM-DD] [DIR]\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if code := exitCode(err); code != tc.wantStatus {
				t.Errorf("exit status %d, want %d (%v)", code, tc.wantStatus, err)
			}
			var got []string
			if stdout.Len() > 0 {
				got = strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if got := stderr.String(); got != tc.wantStderr {
				t.Errorf("stderr %q, want %q", got, tc.wantStderr)
			}
		})
	}
}

// TestCheckLongHistory checks a folder holding the privacy policy with 120
// earlier versions and an upcoming one (historytest), written to disk as
// an editor's would be: no error, and a note of the upcoming version.
func TestCheckLongHistory(t *testing.T) {
	cur, up := policy.NewDay(2026, 1, 15), policy.NewDay(2026, 2, 14)
	fsys, err := historytest.History{Earlier: 120, Current: cur, Upcoming: up}.FS()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	status := check(&out, os.DirFS(dir), "policies", cur, false)
	// The one warning is the shipped policy's, reported for privacy.md
	// alone: the earlier versions are published, and stay as they are.
	warning, _, _ := strings.Cut(shippedCheck, "\n")
	want := warning + "\n" +
		"policies/privacy.md: note: upcoming, takes effect on 2026-02-14; until then policies/privacy/2026-01-15.md is in effect (checked as of 2026-01-15)\n" +
		"checked 1 policy: 0 errors, 1 warning\n"
	if diff := cmp.Diff(want, out.String()); status != 0 || diff != "" {
		t.Errorf("exit status %d, want 0; output (-want +got):\n%s", status, diff)
	}
}
