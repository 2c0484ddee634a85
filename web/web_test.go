package web

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// regularFiles returns the names of the regular files of fsys, sorted.
func regularFiles(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// TestFSServesAssetsOnly compares FS with the folder on disk: it holds
// every file of it but the Go sources and the README's screenshots (and
// the dot and underscore files that go:embed leaves out), and nothing else.
func TestFSServesAssetsOnly(t *testing.T) {
	var want []string
	for _, name := range regularFiles(t, os.DirFS(".")) {
		base := name[strings.LastIndex(name, "/")+1:]
		if strings.HasSuffix(name, ".go") || strings.HasPrefix(name, "screenshots/") ||
			strings.HasPrefix(name, "examples/") || name == "embedding.md" ||
			strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
			continue
		}
		want = append(want, name)
	}
	for _, asset := range []string{"app.css", "icon-192.png", "icon-512.png", "icon.svg", "nav.js", "frame.js", "embed.js", "embed.d.ts", "custom-elements.json"} {
		if !slices.Contains(want, asset) {
			t.Fatalf("the folder lacks %s: the test reads the wrong folder", asset)
		}
	}
	if diff := cmp.Diff(want, regularFiles(t, FS)); diff != "" {
		t.Errorf("FS (-want +got):\n%s", diff)
	}
	for _, name := range []string{"web.go", "web_test.go", "screenshots/desktop.png", "screenshots", "embedding.md", "examples", "examples/plain/index.html"} {
		if _, err := fs.Stat(FS, name); err == nil {
			t.Errorf("FS has %s", name)
		}
		if _, err := FS.Open(name); err == nil {
			t.Errorf("FS opens %s", name)
		}
	}
	if entries, err := fs.ReadDir(FS, "screenshots"); err == nil {
		t.Errorf("FS lists the screenshots: %v", entries)
	}
}
