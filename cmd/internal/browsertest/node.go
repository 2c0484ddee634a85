//go:build !wasm

package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// NodeModules returns the node_modules folder of this package, where make
// deps (install-deps.sh, npm ci) installs the npm packages that
// package.json pins: axe-core, and TypeScript, React and esbuild for the
// tests of the embed's recipes. It calls t.Fatal when the folder is
// missing.
func NodeModules(t testing.TB) string {
	t.Helper()
	dir, err := nodeModules()
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return dir
}

func nodeModules() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "cmd", "internal", "browsertest", "node_modules")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("%w (run 'make deps' or 'make test' to install the npm packages)", err)
	}
	return dir, nil
}

// NodeBin returns the path of the command name of an npm package of
// NodeModules, such as "tsc" or "esbuild".
func NodeBin(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(NodeModules(t), ".bin", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("browsertest: %v (run 'make deps' or 'make test' to install the npm packages)", err)
	}
	return p
}
