//go:build !wasm

package export

import (
	"bytes"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/seqeralabs/policy-widget/app/site"
)

// nginxConf returns _nginx.conf, the nginx configuration of an export: the
// location blocks that serve the exported folder, found at root on the
// disk, at the site's prefix, with every header that the server sends. It
// is made from the same files, with the same headers, as _headers, so the
// two can never disagree with the server; a deployer includes it in a
// server block and writes nothing of their own.
//
// The files are grouped by the headers they need besides their
// Content-Type. The group of the site's index is the outer location's;
// each other group gets a nested location: a prefix when one covers its
// files and no other (the /embed/ pages, the API), exact paths otherwise.
// A nested location replaces every add_header of the outer one in nginx,
// and does not inherit its rewrite and try_files, so each is written out
// whole; the rest (alias, error_page, types, gzip_static) is inherited.
func nginxConf(build, prefix, root string, files []file) []byte {
	loc := prefix + "/"
	groups := nginxGroups(files)

	var b bytes.Buffer
	fmt.Fprintf(&b, "# The policy site (build %s), written by `policy export`.\n", build)
	b.WriteString("# Include it in a server block of nginx: it serves the exported folder\n")
	fmt.Fprintf(&b, "# %s at %s with the headers that `policy serve` sends. Export again (-nginx-root\n", root, loc)
	b.WriteString("# names the folder) rather than edit it: the Content-Security-Policy names the\n")
	b.WriteString("# hashes of the pages' inline script and style sheets.\n")
	if prefix != "" {
		fmt.Fprintf(&b, "location = %s { return 301 %s; }\n", prefix, loc)
	}
	fmt.Fprintf(&b, "location %s {\n", loc)
	fmt.Fprintf(&b, "    alias %s;\n", nginxQuote(strings.TrimSuffix(root, "/")+"/"))
	fmt.Fprintf(&b, "    error_page 404 %s;\n", prefix+site.NotFound.Path())
	// The compressed forms written next to each file. Debian's nginx-light
	// has no brotli; with the module (libnginx-mod-http-brotli-static) add
	// brotli_static on.
	b.WriteString("    gzip_static on;\n    gzip_vary on;\n")
	writeNginxTypes(&b, files)
	writeNginxHeaders(&b, "    ", prefix, groups[0].header)
	for _, name := range []string{headersName, nginxName} {
		fmt.Fprintf(&b, "    location = %s { return 404; }\n", prefix+"/"+name)
	}
	for _, g := range groups[1:] {
		for _, m := range g.locations(prefix, files) {
			fmt.Fprintf(&b, "    location %s {\n", m)
			writeNginxHeaders(&b, "        ", prefix, g.header)
			b.WriteString("    }\n")
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// nginxGroup is the files that need the same headers.
type nginxGroup struct {
	header http.Header
	paths  []string // URL paths without the prefix, sorted
}

// nginxGroups groups files by their headers besides Content-Type (which
// the types block gives), the group of "/" first, the others by their
// first path.
func nginxGroups(files []file) []nginxGroup {
	byKey := make(map[string]*nginxGroup)
	var groups []*nginxGroup
	for _, f := range files {
		h := f.Header.Clone()
		h.Del("Content-Type")
		var key strings.Builder
		for _, name := range slices.Sorted(maps.Keys(h)) {
			fmt.Fprintf(&key, "%s: %q\n", name, h[name])
		}
		g, ok := byKey[key.String()]
		if !ok {
			g = &nginxGroup{header: h}
			byKey[key.String()] = g
			groups = append(groups, g)
		}
		g.paths = append(g.paths, f.Path)
	}
	slices.SortStableFunc(groups, func(a, b *nginxGroup) int {
		switch {
		case slices.Contains(a.paths, "/"):
			return -1
		case slices.Contains(b.paths, "/"):
			return 1
		}
		return strings.Compare(a.paths[0], b.paths[0])
	})
	out := make([]nginxGroup, len(groups))
	for i, g := range groups {
		out[i] = *g
	}
	return out
}

// locations returns the location matches of the group's files: a prefix
// location for the folder that holds them all when it holds no other
// file, such as "/legal/embed/", and otherwise an exact one for a single
// file ("= /legal/embed.js") for each.
func (g nginxGroup) locations(prefix string, files []file) []string {
	dir := path.Dir(g.paths[0])
	for _, p := range g.paths[1:] {
		for !strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/") {
			dir = path.Dir(dir)
		}
	}
	folder := strings.TrimSuffix(dir, "/") + "/"
	others := slices.ContainsFunc(files, func(f file) bool {
		return strings.HasPrefix(f.Path, folder) && !slices.Contains(g.paths, f.Path)
	})
	if folder != "/" && !others {
		return []string{prefix + folder}
	}
	// Exact locations: an alias inherited by a regular expression's
	// location would need captures.
	out := make([]string, len(g.paths))
	for i, p := range g.paths {
		out[i] = "= " + prefix + p
	}
	return out
}

// writeNginxHeaders writes the add_header directives of h, with the
// directives that nginx does not pass on to a nested location, which each
// location must repeat: the redirect of a path with a trailing slash that
// the server makes, and the file of a path (site.FileName: /privacy is
// privacy.html, / is index.html; a path unknown is the not-found page,
// with status 404).
func writeNginxHeaders(b *bytes.Buffer, indent, prefix string, h http.Header) {
	fmt.Fprintf(b, "%srewrite ^(%s/.+)/$ $1 permanent;\n", indent, prefix)
	fmt.Fprintf(b, "%stry_files $uri $uri%s $uri/%s =404;\n", indent, site.PageExt, site.IndexFile)
	for _, name := range slices.Sorted(maps.Keys(h)) {
		fmt.Fprintf(b, "%sadd_header %s %s always;\n", indent, name, nginxQuote(strings.Join(h[name], ", ")))
	}
}

// writeNginxTypes writes the types block: the media type of each file name
// extension, as the server sends it, and charset_types, the types that the
// server names with charset=utf-8.
func writeNginxTypes(b *bytes.Buffer, files []file) {
	types := make(map[string][]string) // media type → extensions
	charset := make(map[string]bool)
	for _, f := range files {
		ext := strings.TrimPrefix(path.Ext(f.name), ".")
		media, params, err := mime.ParseMediaType(f.ContentType())
		if ext == "" || err != nil {
			continue
		}
		if !slices.Contains(types[media], ext) {
			types[media] = append(types[media], ext)
		}
		if strings.EqualFold(params["charset"], "utf-8") && media != "text/html" {
			charset[media] = true
		}
	}
	b.WriteString("    types {\n")
	for _, media := range slices.Sorted(maps.Keys(types)) {
		exts := types[media]
		slices.Sort(exts)
		fmt.Fprintf(b, "        %s %s;\n", media, strings.Join(exts, " "))
	}
	b.WriteString("    }\n")
	b.WriteString("    charset utf-8;\n")
	if len(charset) > 0 {
		fmt.Fprintf(b, "    charset_types %s;\n", strings.Join(slices.Sorted(maps.Keys(charset)), " "))
	}
}

// nginxQuote quotes a value for nginx's configuration.
func nginxQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
