//go:build !wasm

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// TestBrokenPolicyStopsBinary builds the real command with a broken
// privacy.md, or a broken version of it (go build -overlay swaps or adds
// the embedded files), and checks that both `policy check`, which `make
// build` runs, and `policy serve` stop with the parser's file:line
// message, and that serve never listens.
func TestBrokenPolicyStopsBinary(t *testing.T) {
	root, err := bt.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(root, "policies", "privacy.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		files map[string][]byte // by their path in policies/
	}{
		{"duplicate ids", map[string][]byte{"privacy.md": append(append([]byte{}, seed...), "\n### One {#twice}\n\nText.\n\n### Two {#twice}\n\nText.\n"...)}},
		{"no title", map[string][]byte{"privacy.md": bytes.Replace(seed, []byte("title: Privacy Policy\n"), nil, 1)}},
		{"a date that does not exist", map[string][]byte{"privacy.md": bytes.Replace(seed, []byte("updated: 2021-02-27\n"), []byte("updated: 2026-02-30\n"), 1)}},
		{"two versions with the same date", map[string][]byte{"privacy/2021-02-27.md": seed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"privacy.md": {Data: seed}}
			for name, src := range tc.files {
				fsys[name] = &fstest.MapFile{Data: src}
			}
			_, err := markdown.Load(fsys)
			var want *policy.Error
			if !errors.As(err, &want) || want.Line == 0 {
				t.Fatalf("markdown.Load = %v, want an error with a line", err)
			}
			bin := buildWithPolicies(t, root, tc.files)

			out, err := exec.Command(bin, "check").CombinedOutput()
			if code := exitCode(err); code != 1 || !strings.Contains(string(out), want.Error()) {
				t.Errorf("policy check: exit %d, output %q; want exit 1 and %q", code, out, want)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			out, err = exec.CommandContext(ctx, bin, "serve", "-addr", "127.0.0.1:0").CombinedOutput()
			if code := exitCode(err); code != 1 || !strings.Contains(string(out), want.Error()) {
				t.Errorf("policy serve: exit %d, output %q; want exit 1 and %q", code, out, want)
			}
			if regexp.MustCompile(`listening on`).Match(out) {
				t.Error("policy serve listened with a broken policy")
			}
		})
	}
}

// buildWithPolicies builds ./cmd/policy natively with files as embedded
// policies, by their path in policies/ ("privacy.md",
// "privacy/2021-02-27.md"), in place of the shipped ones or besides them.
func buildWithPolicies(t *testing.T, root string, files map[string][]byte) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, "web", "app.wasm")); err != nil {
		t.Fatal("web/app.wasm is missing: run make build first")
	}
	overlay := make(map[string][]byte)
	for name, src := range files {
		overlay["policies/"+name] = src
	}
	return bt.Build(t, "./cmd/policy", bt.BuildOptions{Overlay: overlay})
}
