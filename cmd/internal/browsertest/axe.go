//go:build !wasm

package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// Violation is an accessibility rule that the page breaks, as axe-core
// reports it.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeRun runs axe-core on the document with the WCAG 2.2 AA rules and the best
// practices, and returns the fields of Violation only.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary || ''})),
	})))`

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// Axe injects axe-core into the page of ctx, when the page does not have it
// yet, runs it on the whole document and returns the violations. The script
// comes from node_modules of this package, which make deps or make test
// installs.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	source, run := AxeScript(t)
	if !Eval[bool](t, ctx, `typeof window.axe === 'object'`) {
		Eval[chromedp.Void](t, ctx, source)
	}
	return Eval[[]Violation](t, ctx, run)
}

// AxeScript returns the source of axe-core and an expression that runs it
// as Axe does, whose value (a promise) is the []Violation: for a document
// that Axe cannot reach, such as that of a frame of another origin.
func AxeScript(t testing.TB) (source, run string) {
	t.Helper()
	axeOnce.Do(func() {
		dir, err := nodeModules()
		if err != nil {
			axeErr = err
			return
		}
		b, err := os.ReadFile(filepath.Join(dir, "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("reading axe-core: %w (run 'make deps' or 'make test' to install it)", err)
			return
		}
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("browsertest: %v", axeErr)
	}
	return axeSource, axeRun
}

// FormatViolations formats violations for the message of a failed test, one
// block for each rule with the elements that break it.
func FormatViolations(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s (%s): %s\n  %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "  - %v %s\n", n.Target, n.HTML)
			if n.FailureSummary != "" {
				fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(n.FailureSummary, "\n", "\n    "))
			}
		}
	}
	return b.String()
}
