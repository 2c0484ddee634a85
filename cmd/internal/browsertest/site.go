//go:build !wasm

package browsertest

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// SiteOptions say how BuildSite builds a site.
type SiteOptions struct {
	// Policies replace or add policy files, by their path in policies/,
	// such as "privacy.md" or "privacy/2021-02-27.md".
	Policies map[string][]byte

	// Dir receives the builds: Dir/app.wasm, its compressed forms, and
	// Dir/policy.
	Dir string

	// Compress writes the client's brotli and gzip forms with
	// cmd/precompress, as make build does, which takes tens of seconds.
	// Without it they are empty files, which the server does not use (they
	// do not decode to the client): it compresses the client itself.
	Compress bool
}

// BuildSite builds the server of another version of the site: the same
// tree with the policy files of opts.Policies, and returns the path of
// the server binary. The policies are embedded in the WebAssembly client
// and in the server, so another version is a build of its own, with `go
// build -overlay` (go:embed follows the overlay): the client gets the
// policies and their documents.go, as `go generate ./policies` would
// write it; the server gets them and that client as web/app.wasm. The
// tests (cmd/policy) and the benchmark of versions (cmd/bench) build
// their sites so.
func BuildSite(opts SiteOptions) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return "", err
	}
	// The policies as the build sees them, for documents.go.
	fsys := fstest.MapFS{}
	err = fs.WalkDir(os.DirFS(filepath.Join(root, "policies")), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(filepath.Join(root, "policies", p))
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		return "", err
	}
	overlay := map[string][]byte{}
	for p, data := range opts.Policies {
		fsys[p] = &fstest.MapFile{Data: data}
		overlay["policies/"+p] = data
	}
	docs, err := markdown.Encode(fsys, markdown.WithSite())
	if err != nil {
		return "", fmt.Errorf("the policies: %w", err)
	}
	overlay["policies/documents.go"] = docs
	work, err := os.MkdirTemp(opts.Dir, "overlay-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	n := 0
	tempDir := func() string {
		n++
		d := filepath.Join(work, fmt.Sprint(n))
		if err := os.Mkdir(d, 0o755); err != nil {
			panic(err)
		}
		return d
	}
	wasm, err := build("./cmd/policy", BuildOptions{GOOS: "js", GOARCH: "wasm", Overlay: overlay, Out: filepath.Join(opts.Dir, "app.wasm")}, tempDir)
	if err != nil {
		return "", err
	}
	client, err := os.ReadFile(wasm)
	if err != nil {
		return "", err
	}
	overlay["web/app.wasm"] = client
	if opts.Compress {
		cmd := exec.Command("go", "run", "./cmd/precompress", wasm)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("precompress: %v\n%s", err, out)
		}
		for _, ext := range []string{".br", ".gz"} {
			if overlay["web/app.wasm"+ext], err = os.ReadFile(wasm + ext); err != nil {
				return "", err
			}
		}
	} else {
		overlay["web/app.wasm.br"] = []byte{}
		overlay["web/app.wasm.gz"] = []byte{}
	}
	return build("./cmd/policy", BuildOptions{Overlay: overlay, Out: filepath.Join(opts.Dir, "policy")}, tempDir)
}
