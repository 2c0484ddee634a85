//go:build !wasm

package server

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

	"github.com/seqeralabs/policy-widget/app/site"
)

// The static export writes the site as files, for any static host: the
// answers that the server prerendered at start-up, each at the file name
// that static hosts serve at its URL, with its gzip and brotli forms, and a
// _headers file (the format of Netlify and Cloudflare Pages) with the
// headers the server sends. Nothing is rendered a second way: Export walks
// the same assets that the handler serves.
//
// What a static host cannot do is left out: /oembed (its answer depends on
// the query), /healthz, the 404 for a client of another version
// (checkBuild), CORS preflights and an Access-Control-Allow-Origin that
// echoes one of several origins.

// A file is an answer that the server gives at one path, the same to every
// request: what the export writes, with the headers that a static host
// must be told to send.
type file struct {
	// path is the URL path without the site's prefix: "/", "/privacy",
	// "/web/app.wasm", "/api/policies.json".
	path  string
	asset *asset
	// header holds the headers of the answer that a static host does not
	// send on its own: the security headers, Cache-Control, the headers
	// of a kind of answer (embed pages, embed.js, the API) and, where the
	// file name does not give it, the Content-Type.
	header http.Header
}

// explicitTypes are the extensions whose Content-Type the static hosts'
// tables lack or give without the charset: nginx 1.22 knows no
// .webmanifest, older tables no .wasm, and .atom comes without a charset.
var explicitTypes = []string{".atom", ".ts", ".wasm", ".webmanifest"}

// files returns every answer that the server gives at a fixed path, sorted
// by path: the pages and feeds, go-app's files, robots.txt and
// sitemap.xml, the not-found page (at site.NotFound), the /embed/ pages
// and embed.js, the files of web/ and the style sheets, and the API's
// answers under their .json names.
func (s *Server) files() ([]file, error) {
	cors, err := s.api.cors.staticHeader()
	if err != nil {
		return nil, err
	}
	var files []file
	security := s.securityHeader()
	add := func(p string, a *asset, extra http.Header) {
		h := security.Clone()
		h.Set("Cache-Control", revalidate)
		setHeader(h, extra)
		if slices.Contains(explicitTypes, path.Ext(p)) {
			h.Set("Content-Type", a.contentType)
		}
		files = append(files, file{path: p, asset: a, header: h})
	}
	for p, a := range s.pages {
		add(p, a, nil)
	}
	for p, a := range s.fixed {
		add(p, a, nil)
	}
	// A static host cannot render a page when it is asked for: the pages of
	// versions that the site links to are written too.
	for _, p := range s.site.LinkedPages() {
		if s.pages[p.Path] != nil {
			continue
		}
		a, err := s.render(p)
		if err != nil {
			return nil, err
		}
		add(p.Path, a, nil)
	}
	add(site.NotFound.Path(), s.notFound, nil)
	for p, a := range s.embed.pages {
		add(p, a, s.embed.header)
	}
	for p, a := range s.embed.files {
		add(p, a, embedScriptHeader)
	}
	for p, a := range s.static {
		add(p, a, nil)
	}
	add(site.APIPolicies.Path()+jsonExt, s.api.list, cors)
	for slug, a := range s.api.details {
		add(site.APIPolicy.Path(slug)+jsonExt, a, cors)
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return files, nil
}

// staticHeader returns the CORS headers that a static host, which sends
// the same headers to every reader, must send with the API's files: none
// when no origin may read them, and "*" or the one origin that may. A list
// of several origins, or a wildcard such as https://*.example.com, needs a
// server that echoes the reader's origin: that is an error.
func (o origins) staticHeader() (http.Header, error) {
	switch {
	case o.any:
		return corsHeader("*"), nil
	case len(o.list) == 0:
		return nil, nil
	case len(o.list) == 1 && !o.list[0].wildcard:
		return corsHeader(o.list[0].String()), nil
	}
	return nil, fmt.Errorf("CORS origins %s: a static host sends one Access-Control-Allow-Origin to every reader; "+
		"give -cors-origins one origin (no wildcard), '*' or none", strings.TrimPrefix(o.sources(), "'self' "))
}

// fileName returns the name, in the export, of the file that static hosts
// serve at the URL path p, whose answer is a (site.FileName): index.html
// for "/", p.html for the other pages (GitHub Pages, Netlify and
// Cloudflare Pages serve /privacy from privacy.html, as nginx does with
// try_files $uri $uri.html), and p itself for every other file.
func fileName(p string, a *asset) string {
	return site.FileName(p, strings.HasPrefix(a.contentType, "text/html"))
}

// headersName is the name of the file of headers that Netlify and
// Cloudflare Pages read; headersMark starts it, and tells Export that a
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
		for name, values := range files[indexes[0]].header {
			ok := true
			for _, i := range indexes {
				if given[i][name] || !slices.Equal(files[i].header[name], values) {
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
			if matchPattern(pattern, f.path) {
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
			rules = append(rules, headerRule{prefix + f.path, h})
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

// ExportOptions tune Export.
type ExportOptions struct {
	// Force replaces the content of a folder that is not empty and does
	// not hold an earlier export.
	Force bool

	// NginxRoot is the folder from which nginx serves the export, named
	// in _nginx.conf: the absolute path of the export's folder when empty.
	NginxRoot string
}

// ExportStats says what Export wrote.
type ExportStats struct {
	Files int   // files written, compressed forms, _headers and _nginx.conf included
	Bytes int64 // their size
}

// Export writes the site as of today (or Config.At) into the folder dir as
// the files that a static host serves at the site's URLs (see files and
// fileName), each with its .gz and .br forms when the server has them (the
// same bytes it sends), a _headers file and an _nginx.conf. The export
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
// after that day: a host exports again on the day (see the README).
func (s *Server) Export(dir string, opts ExportOptions) (ExportStats, error) {
	s = s.current()
	var stats ExportStats
	files, err := s.files()
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
		name := fileName(f.path, f.asset)
		if !fs.ValidPath(name) || name == headersName || name == nginxName {
			return stats, fmt.Errorf("export: %s cannot be a file name", f.path)
		}
		if other, ok := written[name]; ok {
			return stats, fmt.Errorf("export: %s and %s would both be %s", other, f.path, name)
		}
		written[name] = f.path
	}
	compressAll(files)
	for _, f := range files {
		name, a := fileName(f.path, f.asset), f.asset
		if err := write(name, a.identity.body); err != nil {
			return stats, fmt.Errorf("export: %w", err)
		}
		if !a.compress {
			continue
		}
		for _, enc := range []struct{ name, ext string }{{"gzip", ".gz"}, {"br", ".br"}} {
			if err := write(name+enc.ext, a.form(enc.name).body); err != nil {
				return stats, fmt.Errorf("export: %w", err)
			}
		}
	}
	if err := write(headersName, headersFile(s.build, headerRules(s.cfg.Prefix, files))); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	root := opts.NginxRoot
	if root == "" {
		if root, err = filepath.Abs(dir); err != nil {
			return stats, fmt.Errorf("export: %w", err)
		}
	}
	if err := write(nginxName, nginxConf(s.build, s.cfg.Prefix, filepath.ToSlash(root), files)); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	if err := replaceDir(dir, stage); err != nil {
		return stats, fmt.Errorf("export: %w", err)
	}
	return stats, nil
}

// compressAll makes the compressed forms of the files' assets, as many at
// once as compress allows.
func compressAll(files []file) {
	var wg sync.WaitGroup
	for _, f := range files {
		if f.asset.compress {
			for _, enc := range []string{"gzip", "br"} {
				wg.Go(func() { f.asset.form(enc) })
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
