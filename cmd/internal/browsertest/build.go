//go:build !wasm

package browsertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BuildOptions says how Build builds a package.
type BuildOptions struct {
	// GOOS and GOARCH select the target; empty means this machine's.
	// "js" and "wasm" build a WebAssembly client.
	GOOS, GOARCH string

	// Overlay replaces files of the module for this build only, as
	// `go build -overlay` does: the key is a path relative to the module
	// root (such as "policies/privacy.md"), the value the new content. A
	// file that does not exist in the module is added, and go:embed
	// patterns see it.
	Overlay map[string][]byte

	// Out is the path of the output; a file in a directory of t.TempDir
	// when empty.
	Out string
}

// Build builds pkg, a package path relative to the module root such as
// "./cmd/policy", with the flags of the Makefile's builds, and returns the
// path of the output. It calls t.Fatal when the build fails.
func Build(t testing.TB, pkg string, opts BuildOptions) string {
	t.Helper()
	out, err := build(pkg, opts, t.TempDir)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return out
}

// build is Build without a test: tempDir returns a directory for the
// overlay files and, when opts.Out is empty, the output.
func build(pkg string, opts BuildOptions, tempDir func() string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	args := []string{"build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w"}
	if len(opts.Overlay) > 0 {
		dir := tempDir()
		replace := make(map[string]string)
		for name, content := range opts.Overlay {
			p := filepath.Join(dir, "overlay", strings.ReplaceAll(filepath.ToSlash(name), "/", "__"))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return "", err
			}
			if err := os.WriteFile(p, content, 0o644); err != nil {
				return "", err
			}
			replace[filepath.Join(root, filepath.FromSlash(name))] = p
		}
		j, err := json.Marshal(map[string]any{"Replace": replace})
		if err != nil {
			return "", err
		}
		overlay := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(overlay, j, 0o644); err != nil {
			return "", err
		}
		args = append(args, "-overlay", overlay)
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(tempDir(), filepath.Base(pkg))
		if opts.GOOS == "js" {
			out += ".wasm"
		}
	}
	args = append(args, "-o", out, pkg)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = os.Environ()
	if opts.GOOS != "" {
		cmd.Env = append(cmd.Env, "GOOS="+opts.GOOS)
	}
	if opts.GOARCH != "" {
		cmd.Env = append(cmd.Env, "GOARCH="+opts.GOARCH)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", &buildError{args: args, err: err, out: string(b)}
	}
	return out, nil
}

type buildError struct {
	args []string
	err  error
	out  string
}

func (e *buildError) Error() string {
	return "go " + strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + e.out
}
