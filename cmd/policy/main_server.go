//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/seqeralabs/policy-widget/app/export"
	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/server"
	"github.com/seqeralabs/policy-widget/app/ui"
	"github.com/seqeralabs/policy-widget/policies"
)

const usage = `usage:
  policy serve [-addr 127.0.0.1:8000 | -listen-fd N] [-base-url URL]   serve the widget
               [-prefix /path] [-frame-ancestors ORIGINS] [-cors-origins ORIGINS]
               [-at YYYY-MM-DD] [-grace 30s] [-log-format text|json]
  policy export -out DIR -base-url URL [-prefix /path] [-force]        write the site as files for a static host
               [-frame-ancestors ORIGINS] [-cors-origins ORIGINS] [-nginx-root DIR] [-at YYYY-MM-DD]
  policy check [-at YYYY-MM-DD] [DIR]                                  check the policies (default: the shipped ones, as of today in UTC) and exit
`

// lintOptions tell the parser what the widget's pages use, which a policy
// must not: their element ids and the site's paths (package site owns
// both).
var lintOptions = []markdown.Option{markdown.WithSite()}

// documents parses the Markdown policies. `policy check` parses and
// reports on them itself, in its own format, so it gets none here.
func documents() ([]*policy.Document, error) {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		return nil, nil
	}
	return markdown.Load(policies.FS, lintOptions...)
}

// yield does nothing on the server: see main_wasm.go.
func yield() {}

// route does nothing on the server: it renders the pages of ui.Site itself
// (server.New), without go-app's router.
func route(*ui.Site) {}

// serve runs the command line of the server build.
func serve(docs []*policy.Document) {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		if err := runServe(docs, os.Args[2:]); err != nil {
			fail(err)
		}
	case "export":
		if err := runExport(docs, os.Args[2:]); err != nil {
			fail(err)
		}
	case "check":
		os.Exit(runCheck(os.Args[2:], os.Stdout, os.Stderr))
	case "-h", "-help", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "policy: unknown command %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}

// runCheck runs `policy check [-at YYYY-MM-DD] [DIR]`: it checks every
// policy in DIR, or the shipped ones (policies.FS) and that
// policies/documents.go matches them, as of the day -at (today in UTC by
// default), and returns the exit status: 0 when there is no error
// (warnings are fine), 1 when there is, 2 when the command line is wrong.
func runCheck(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, "usage: policy check [-at YYYY-MM-DD] [DIR]\n") }
	at := flags.String("at", "", "check as of this day, YYYY-MM-DD (default: today in UTC): which version of a policy is upcoming depends on it")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	day := policy.Today(time.UTC)
	if *at != "" {
		var err error
		if day, err = policy.ParseDay(*at); err != nil {
			fmt.Fprintf(stderr, "policy check: -at: %v\n", err)
			flags.Usage()
			return 2
		}
	}
	switch flags.NArg() {
	case 0:
		return check(stdout, policies.FS, "policies", day, true)
	case 1:
		dir := flags.Arg(0)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			fmt.Fprintf(stderr, "policy check: %s is not a folder\n", dir)
			return 1
		}
		return check(stdout, os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)), day, false)
	}
	flags.Usage()
	return 2
}

// check lints the policies of fsys, which are in the folder dir, as of
// day, and prints one line per error and warning, "dir/file:line:col:
// message", sorted by file and position, a line for each policy that is
// not in effect as of day or has an upcoming version, then a summary.
// When shipped, the policies are the embedded ones, and documents.go must
// match them. It returns the exit status.
func check(w io.Writer, fsys fs.FS, dir string, day policy.Day, shipped bool) int {
	r, err := markdown.Lint(fsys, append([]markdown.Option{markdown.WithDay(day)}, lintOptions...)...)
	if r == nil {
		fmt.Fprintf(w, "%s: %v\n", dir, err)
		return 1
	}
	for _, d := range r.Diagnostics() {
		d.Error = &policy.Error{File: path.Join(dir, d.File), Line: d.Line, Col: d.Col, Msg: d.Msg}
		fmt.Fprintln(w, d)
	}
	if len(r.Errors) == 0 {
		for _, d := range r.Docs {
			switch v, _ := d.At(day); {
			case !v.InEffect(day):
				fmt.Fprintf(w, "%s: note: announced, takes effect on %s (checked as of %s)\n", path.Join(dir, v.File), v.Updated, day)
			case v.Upcoming != nil:
				fmt.Fprintf(w, "%s: note: upcoming, takes effect on %s; until then %s is in effect (checked as of %s)\n", path.Join(dir, v.Upcoming.File), v.Upcoming.Updated, path.Join(dir, v.File), day)
			}
		}
	}
	errs := len(r.Errors)
	var more []error
	if err != nil {
		more = append(more, err)
	}
	if shipped && errs == 0 {
		if err := policies.CheckDocuments(r.Docs); err != nil {
			more = append(more, err)
		}
	}
	for _, err := range more {
		fmt.Fprintln(w, err)
		errs++
	}
	fmt.Fprintf(w, "checked %s: %s, %s\n", count(r.Files, "policy", "policies"),
		count(errs, "error", "errors"), count(len(r.Warnings), "warning", "warnings"))
	if errs > 0 {
		return 1
	}
	return 0
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// siteFlags defines the flags that change what the site holds, for serve
// and export, on fs. The function it returns sets the origins of cfg once
// fs is parsed. baseURLDefault says what an empty -base-url means.
func siteFlags(fs *flag.FlagSet, cfg *server.Config, baseURLDefault string) func() error {
	fs.StringVar(&cfg.BaseURL, "base-url", os.Getenv("POLICY_BASE_URL"), "public URL of the site, for og:url, the sitemap, the feeds and the API (env POLICY_BASE_URL; "+baseURLDefault+")")
	fs.StringVar(&cfg.Prefix, "prefix", os.Getenv("POLICY_PREFIX"), "path the site is served under behind a proxy, such as /legal (env POLICY_PREFIX; default: the path of -base-url)")
	frameAncestors := fs.String("frame-ancestors", os.Getenv("POLICY_FRAME_ANCESTORS"), "origins whose pages may frame /embed/<slug> (embed.js), separated by spaces or commas, such as \"https://a.example https://*.b.example\" (env POLICY_FRAME_ANCESTORS; default: none)")
	corsOrigins := fs.String("cors-origins", os.Getenv("POLICY_CORS_ORIGINS"), "origins whose scripts may read /api/, in the same form, or 'none' (env POLICY_CORS_ORIGINS; default: the frame ancestors)")
	at := fs.String("at", "", "the day as of which to show the policies, YYYY-MM-DD: the version of each in effect then, and the one upcoming then, for previews and tests; the client shows that day too, whatever the reader's date (default: today in UTC, and a server switches to a new version on its day)")
	return func() error {
		var err error
		if *at != "" {
			if cfg.At, err = policy.ParseDay(*at); err != nil {
				return fmt.Errorf("-at: %w", err)
			}
		}
		if cfg.FrameAncestors, err = server.ParseOrigins(*frameAncestors); err != nil {
			return fmt.Errorf("-frame-ancestors: %w", err)
		}
		if cfg.CORSOrigins, err = server.ParseOrigins(*corsOrigins); err != nil {
			return fmt.Errorf("-cors-origins: %w", err)
		}
		return nil
	}
}

// runExport writes the site as files for a static host (see package
// export and app/export/deploy.md).
func runExport(docs []*policy.Document, args []string) error {
	fs := flag.NewFlagSet("export", flag.ExitOnError)
	cfg := server.Config{Docs: docs}
	out := fs.String("out", "", "folder to write the site into; created, or replaced when it holds an earlier export")
	force := fs.Bool("force", false, "replace the content of -out even when it is not an earlier export")
	nginxRoot := fs.String("nginx-root", "", "the folder nginx serves the export from, named in its _nginx.conf (default: the absolute path of -out)")
	site := siteFlags(fs, &cfg, "required: the sitemap, the feeds and the API name pages by their absolute URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("export takes no arguments besides flags")
	}
	if *out == "" {
		return errors.New("export: -out DIR is required")
	}
	if cfg.BaseURL == "" {
		return errors.New("export: -base-url is required, such as https://example.com/legal: the sitemap, the feeds and the API name pages by their absolute URL")
	}
	if err := site(); err != nil {
		return err
	}
	cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	s, err := server.New(cfg)
	if err != nil {
		return err
	}
	stats, err := export.Write(*out, s, export.Options{Force: *force, NginxRoot: *nginxRoot})
	if err != nil {
		return err
	}
	fmt.Printf("exported build %s as of %s to %s: %d files, %.1f MB\n", s.Build(), s.Day(), *out, stats.Files, float64(stats.Bytes)/1e6)
	return nil
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

// fail reports err and exits with status 1.
func fail(err error) {
	fmt.Fprintf(os.Stderr, "policy: %v\n", err)
	os.Exit(1)
}
