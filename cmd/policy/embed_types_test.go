//go:build !wasm

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// The type check of the embed's recipes (web/examples/) against the
// element's declarations (web/embed.d.ts), with the pinned TypeScript:
// each recipe's folder is laid out as a user's project has it, the
// declarations saved beside the components as policy-widget.d.ts.

// typeCheckProject writes a project of the recipes of web/examples/ named
// by folders into a new folder, with embed.d.ts beside them as
// policy-widget.d.ts, the files of extra, a node_modules that holds the
// npm packages named by packages (linked to those of browsertest), and a
// tsconfig.json with compilerOptions; it returns the folder.
func typeCheckProject(t *testing.T, folders []string, extra map[string]string, packages []string, compilerOptions map[string]any) string {
	t.Helper()
	root := moduleRoot(t)
	dir := t.TempDir()
	types, err := os.ReadFile(filepath.Join(root, "web", "embed.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	var include []string
	for _, folder := range folders {
		src := filepath.Join(root, "web", "examples", folder)
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, folder), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, folder, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, folder, "policy-widget.d.ts"), types, 0o644); err != nil {
			t.Fatal(err)
		}
		include = append(include, folder)
	}
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		include = append(include, name)
	}
	nm := bt.NodeModules(t)
	for _, p := range packages {
		link := filepath.Join(dir, "node_modules", p)
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(nm, p), link); err != nil {
			t.Fatal(err)
		}
	}
	config, err := json.MarshalIndent(map[string]any{"compilerOptions": compilerOptions, "include": include}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), config, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tsc runs tsc --noEmit on the project in dir and returns its errors, one
// per line.
func tsc(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command(bt.NodeBin(t, "tsc"), "--noEmit", "-p", "tsconfig.json", "--pretty", "false")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var errs []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" {
			errs = append(errs, line)
		}
	}
	if err != nil && len(errs) == 0 {
		t.Fatalf("tsc: %v", err)
	}
	return errs
}

// strictOptions are the compiler options of both checks: strict, for the
// browser's DOM, modules as bundlers resolve them.
func strictOptions() map[string]any {
	return map[string]any{
		"strict": true, "noEmit": true, "target": "es2022", "module": "esnext", "moduleResolution": "bundler",
		"lib": []string{"dom", "dom.iterable", "es2022"}, "types": []string{}, "isolatedModules": true,
		"noUnusedLocals": true, "noUnusedParameters": true,
	}
}

// brokenUse misuses the element in the ways that the declarations must
// refuse, each on its own line: the check of the recipes proves with it
// that it can fail.
const brokenUse = `import type {} from "./react/policy-widget";
document.querySelector("policy-widget")!.goto(1);
document.addEventListener("policy:viewed", (e) => e.detail.versio);
const theme: HTMLElementTagNameMap["policy-widget"] = document.createElement("div");
export const x = <policy-widget policy="privacy" theme="blue" />;
`

// typedUse uses what the recipes do not: the element's class, from the
// registry.
const typedUse = `import type { PolicyWidgetElement } from "./react/policy-widget";
const Widget = customElements.get("policy-widget");
export const widget: PolicyWidgetElement | undefined = Widget && new Widget();
widget?.goto("cookies");
`

// TestEmbedTypes type-checks the recipes with tsc --noEmit: the React and
// Docusaurus components (TSX, against React 19's types, with skipLibCheck
// off so that embed.d.ts itself is checked) and the plain page's script
// (JavaScript, checkJs), then the Angular component against
// @angular/core's types in a project without React (skipLibCheck on, as
// Angular's projects have it: the React part of embed.d.ts refers to
// React's types).
func TestEmbedTypes(t *testing.T) {
	t.Run("react", func(t *testing.T) {
		t.Parallel()
		opts := strictOptions()
		opts["jsx"] = "react-jsx"
		opts["allowJs"] = true
		opts["checkJs"] = true
		opts["skipLibCheck"] = false
		dir := typeCheckProject(t, []string{"react", "docusaurus", "plain"}, map[string]string{"broken.tsx": brokenUse, "uses.ts": typedUse},
			[]string{"react", "@types/react", "csstype"}, opts)
		// Every error is one of broken.tsx's, one for each of its lines
		// after the first.
		var lines []int
		for _, e := range tsc(t, dir) {
			m := regexp.MustCompile(`^broken\.tsx\((\d+),\d+\): error TS\d+`).FindStringSubmatch(e)
			if m == nil {
				t.Errorf("tsc: %s", e)
				continue
			}
			n, _ := strconv.Atoi(m[1])
			lines = append(lines, n)
		}
		lines = slices.Compact(lines)
		if want := []int{2, 3, 4, 5}; !slices.Equal(lines, want) {
			t.Errorf("tsc found errors on the lines %v of broken.tsx, want %v:\n%s", lines, want, brokenUse)
		}
	})
	t.Run("angular", func(t *testing.T) {
		t.Parallel()
		opts := strictOptions()
		opts["skipLibCheck"] = true
		dir := typeCheckProject(t, []string{"angular"}, nil, []string{"@angular/core", "rxjs", "tslib"}, opts)
		if errs := tsc(t, dir); len(errs) > 0 {
			t.Errorf("tsc:\n%s", strings.Join(errs, "\n"))
		}
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "react")); err == nil {
			t.Error("the Angular project has React")
		}
	})
}
