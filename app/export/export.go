//go:build !wasm

// Package export writes the site as files, for any static host: the
// answers that the server prerendered (server.Server.Files), each at the
// file name that static hosts serve at its URL, with its gzip and brotli
// forms, a _headers file (the format of Netlify and Cloudflare Pages) with
// the headers the server sends, and an _nginx.conf (nginx.go). Nothing is
// rendered a second way: Write walks the same answers that the server's
// handler serves, and writes the same bytes. Where one process is not
// enough, this is the answer: nginx or a CDN serves these files at their
// pace. deploy.md, beside this package, says how to deploy them.
//
// What a static host cannot do is left out: /oembed (its answer depends on
// the query), /healthz, the 404 that the server gives a client of another
// build, CORS preflights and an Access-Control-Allow-Origin that echoes
// one of several origins.
//
// A static host cannot render a page when it is asked for, nor switch to
// an upcoming version on its day: an export holds the pages that the site
// links to (every version's page, and the comparisons of each version
// with the one before it, with the one in effect and with the upcoming
// one: linear in the history), as of the day it is made; see Write.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/seqeralabs/policy-widget/app/server"
	"github.com/seqeralabs/policy-widget/app/site"
)

// A file is an answer of the server as the export writes it: its Header
// gives, besides the server.File's, the Content-Type where the file name
// does not (explicitTypes).
type file struct {
	server.File
	name string // the file's name in the export (fileName)
}

// explicitTypes are the extensions whose Content-Type the static hosts'
// tables lack or give without the charset: nginx 1.22 knows no
// .webmanifest, older tables no .wasm, and .atom comes without a charset.
var explicitTypes = []string{".atom", ".ts", ".wasm", ".webmanifest"}

// filesOf returns the files of the server's answers, sorted by path
// (server.Server.Files).
func filesOf(srv *server.Server) ([]file, error) {
	answers, err := srv.Files()
	if err != nil {
		return nil, err
	}
	files := make([]file, len(answers))
	for i, f := range answers {
		if slices.Contains(explicitTypes, path.Ext(f.Path)) {
			f.Header.Set("Content-Type", f.ContentType())
		}
		files[i] = file{File: f, name: fileName(f.Path, f.ContentType())}
	}
	return files, nil
}

// fileName returns the name, in the export, of the file that static hosts
// serve at the URL path p, whose answer is of contentType (site.FileName):
// index.html for "/", p.html for the other pages (GitHub Pages, Netlify
// and Cloudflare Pages serve /privacy from privacy.html, as nginx does
// with try_files $uri $uri.html), and p itself for every other file.
func fileName(p, contentType string) string {
	return site.FileName(p, strings.HasPrefix(contentType, "text/html"))
}

// headersName is the name of the file of headers that Netlify and
// Cloudflare Pages read; headersMark starts it, and tells Write that a
// folder holds an earlier export. nginxName is the nginx configuration of
// the export (nginxConf), which a server block of nginx includes.
const (
	headersName = "_headers"
	headersMark = "# The headers of the policy widget, written by `policy export`"
	nginxName   = "_nginx.conf"
)

// headerRule is a rule of the _headers file: the headers of the URLs that
// match a pattern.
type headerRule struct {
	pattern string
	header  http.Header
}

// headerPatterns are the URL patterns, besides "/*" and exact paths, of
// the rules of _headers: those of the site's routes with wildcards
// (site.Route.HeaderPattern), in the syntax that Netlify and Cloudflare
// Pages share, where a segment that starts with ":" stands for any one
// segment ("/:slug" matches every file at the root). Each kind of page
// gets one rule, so that the file stays within Cloudflare's limit of 100
// rules however many policies and versions there are.
func headerPatterns() []string {
	var patterns []string
	for _, r := range site.Routes() {
		if p := r.HeaderPattern(); p != "" && !r.Literal() {
			patterns = append(patterns, p)
		}
	}
	return patterns
}

// matchPattern reports whether a pattern of headerPatterns matches the URL
// path p.
func matchPattern(pattern, p string) bool {
	want, got := strings.Split(pattern, "/"), strings.Split(p, "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if strings.HasPrefix(w, ":") {
			if got[i] == "" {
				return false
			}
		} else if w != got[i] {
			return false
		}
	}
	return true
}

// headerRules returns the rules of _headers for the files: the headers
// that every file has under "/*", then those that every file a pattern of
// headerPatterns matches has under that pattern, then each file's others
// under its own path. No two rules give one URL the same header: Netlify
// would keep one value and Cloudflare join both, and a CSP given twice is
// two policies, both enforced. The patterns are under prefix.
func headerRules(prefix string, files []file) []headerRule {
	given := make([]map[string]bool, len(files)) // per file: the names a rule gives it
	for i := range given {
		given[i] = make(map[string]bool)
	}
	// shared returns the headers that the files of indexes have in common
	// and that no rule gives them yet, and marks them given.
	shared := func(indexes []int) http.Header {
		h := http.Header{}
		for name, values := range files[indexes[0]].Header {
			ok := true
			for _, i := range indexes {
				if given[i][name] || !slices.Equal(files[i].Header[name], values) {
					ok = false
					break
				}
			}
			if ok {
				h[name] = values
			}
		}
		for _, i := range indexes {
			for name := range h {
				given[i][name] = true
			}
		}
		return h
	}
	all := make([]int, len(files))
	for i := range files {
		all[i] = i
	}
	rules := []headerRule{{prefix + "/*", shared(all)}}
	for _, pattern := range headerPatterns() {
		var matched []int
		for i, f := range files {
			if matchPattern(pattern, f.Path) {
				matched = append(matched, i)
			}
		}
		if len(matched) == 0 {
			continue
		}
		if h := shared(matched); len(h) > 0 {
			rules = append(rules, headerRule{prefix + pattern, h})
		}
	}
	for i, f := range files {
		if h := shared([]int{i}); len(h) > 0 {
			rules = append(rules, headerRule{prefix + f.Path, h})
		}
	}
	return rules
}

// headersFile returns the _headers file of the rules.
func headersFile(build string, rules []headerRule) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (build %s),\n", headersMark, build)
	b.WriteString("# for Netlify and Cloudflare Pages, which read it at the root of the folder they publish.\n")
	b.WriteString("# Its paths are the site's whole URL paths: under a prefix, it goes at that root too.\n")
	for _, r := range rules {
		b.WriteString("\n" + r.pattern + "\n")
		names := make([]string, 0, len(r.header))
		for name := range r.header {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			fmt.Fprintf(&b, "  %s: %s\n", name, strings.Join(r.header[name], ", "))
		}
	}
	return b.Bytes()
}

// Options tune Write.
type Options struct {
	// Force replaces the content of a folder that is not empty and does
	// not hold an earlier export.
	Force bool

	// NginxRoot is the folder from which nginx serves the export, named
	// in _nginx.conf: the absolute path of the export's folder when empty.
	NginxRoot string
}

// Stats says what Write wrote.
type Stats struct {
	Files int   // files written, compressed forms, _headers and _nginx.conf included
	Bytes int64 // their size
}

// Write writes the site of srv as of its day (server.Server.Day: today,
// or Config.At) into the folder dir as the files that a static host
// serves at the site's URLs (server.Server.Files, at their fileName),
// each with its .gz and .br forms when the server has them (the same
// bytes it sends), a _headers file and an _nginx.conf. The export
// replaces dir as a whole: it is written next to dir, then renamed into
// its place, so that dir never holds half a site, nor files of an earlier
// export. A dir that is not empty and holds no earlier export is refused,
// unless opts.Force is set.
//
// While a version is upcoming, the export holds both texts: the policy's
// page as of the day, with its notice, the upcoming version's page and
// their comparison, and the client, which carries both, shows the new text
// on the reader's date. The pages themselves, as a reader without the
// client or a crawler sees them, change only with an export made on or
// after that day: a host exports again on the day (see deploy.md).
func Write(dir string, srv *server.Server, opts Options) (Stats, error) {
	var stats Stats
	files, err := filesOf(srv)
	if err != nil {
		return stats, err
	}
	if err := checkExportDir(dir, opts.Force); err != nil {
		return stats, err
	}
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	stage, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".export-*")
	if err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	defer os.RemoveAll(stage) // gone once renamed, unless something failed
	// MkdirTemp makes the folder for its owner only; a web server's
	// worker often runs as another user.
	if err := os.Chmod(stage, 0o755); err != nil {
		return stats, err
	}
	written := make(map[string]string) // file name → URL path
	write := func(name string, body []byte) error {
		p := filepath.Join(stage, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		stats.Files++
		stats.Bytes += int64(len(body))
		return os.WriteFile(p, body, 0o644)
	}
	for _, f := range files {
		if !fs.ValidPath(f.name) || f.name == headersName || f.name == nginxName {
			return stats, fmt.Errorf("export: %s cannot be a file name", f.Path)
		}
		if other, ok := written[f.name]; ok {
			return stats, fmt.Errorf("export: %s and %s would both be %s", other, f.Path, f.name)
		}
		written[f.name] = f.Path
	}
	compressAll(files)
	for _, f := range files {
		if err := write(f.name, f.Body()); err != nil {
			return stats, fmt.Errorf("export: %w", err)
		}
		if !f.Compressed() {
			continue
		}
		for _, enc := range []struct{ name, ext string }{{"gzip", ".gz"}, {"br", ".br"}} {
			if err := write(f.name+enc.ext, f.Encoded(enc.name)); err != nil {
				return stats, fmt.Errorf("export: %w", err)
			}
		}
	}
	build, prefix := srv.Build(), srv.Prefix()
	if err := write(headersName, headersFile(build, headerRules(prefix, files))); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	root := opts.NginxRoot
	if root == "" {
		if root, err = filepath.Abs(dir); err != nil {
			return stats, fmt.Errorf("export: %w", err)
		}
	}
	if err := write(nginxName, nginxConf(build, prefix, filepath.ToSlash(root), files)); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	if err := replaceDir(dir, stage); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	return stats, nil
}

// compressAll makes the compressed forms of the files, as many at once as
// the server's bound on compressions allows (server.File.Encoded).
func compressAll(files []file) {
	var wg sync.WaitGroup
	for _, f := range files {
		if f.Compressed() {
			for _, enc := range []string{"gzip", "br"} {
				wg.Go(func() { f.Encoded(enc) })
			}
		}
	}
	wg.Wait()
}

// checkExportDir returns an error when dir exists and is not a folder, or
// is a folder with files that are not an earlier export and force is not
// set.
func checkExportDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case len(entries) == 0 || force:
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, headersName))
	if err == nil && bytes.HasPrefix(b, []byte(headersMark)) {
		return nil
	}
	return fmt.Errorf("export: %s is not empty and holds no earlier export (no %s written by policy export): "+
		"give -force to replace its content", dir, headersName)
}

// replaceDir puts the folder stage in the place of dir, which may not
// exist.
func replaceDir(dir, stage string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = stage + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("cannot replace %s (a mount point? export into a folder inside it): %w", dir, err)
		}
	}
	if err := os.Rename(stage, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
