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
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// TestBrokenPolicyStopsBinary builds the real command with a broken
// privacy.md (go build -overlay swaps the embedded file) and checks that
// both `policy check`, which `make build` runs, and `policy serve` stop
// with the parser's file:line message, and that serve never listens.
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
		name string
		src  []byte
	}{
		{"duplicate ids", append(append([]byte{}, seed...), "\n### One {#twice}\n\nText.\n\n### Two {#twice}\n\nText.\n"...)},
		{"no title", bytes.Replace(seed, []byte("title: Privacy Policy\n"), nil, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want := markdown.Parse("privacy.md", tc.src)
			var perr *policy.Error
			if !errors.As(want, &perr) || perr.Line == 0 {
				t.Fatalf("markdown.Parse = %v, want an error with a line", want)
			}
			bin := buildWithPolicy(t, root, tc.src)

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

// buildWithPolicy builds ./cmd/policy natively with src as the embedded
// policies/privacy.md.
func buildWithPolicy(t *testing.T, root string, src []byte) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(root, "web", "app.wasm")); err != nil {
		t.Fatal("web/app.wasm is missing: run make build first")
	}
	return bt.Build(t, "./cmd/policy", bt.BuildOptions{Overlay: map[string][]byte{"policies/privacy.md": src}})
}
