package web

import (
	"io/fs"
	"slices"
	"testing"
)

func TestFSServesAssetsOnly(t *testing.T) {
	var names []string
	err := fs.WalkDir(FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"app.css", "icon-192.png", "icon-512.png", "icon.svg", "nav.js"} {
		if !slices.Contains(names, want) {
			t.Errorf("FS lacks %s; it has %q", want, names)
		}
	}
	for _, name := range names {
		if hidden(name) {
			t.Errorf("FS serves %s", name)
		}
	}
	if _, err := fs.ReadFile(FS, "web.go"); err == nil {
		t.Error("FS serves web.go")
	}
	if _, err := fs.ReadFile(FS, "screenshots/desktop.png"); err == nil {
		t.Error("FS serves the README's screenshots")
	}
}
