//go:build !wasm

package export

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/server"
)

// nginxLocation is a location block of _nginx.conf, as this test reads it.
type nginxLocation struct {
	match  string // "/legal/", "= /legal/embed.js"
	header http.Header
	lines  []string
}

// parseNginxConf reads the location blocks of a _nginx.conf: the outer
// one first, then the nested ones.
func parseNginxConf(t *testing.T, conf string) []*nginxLocation {
	t.Helper()
	open := regexp.MustCompile(`^\s*location (.+) \{$`)
	header := regexp.MustCompile(`^\s*add_header (\S+) "(.*)" always;$`)
	var locs, stack []*nginxLocation
	for _, line := range strings.Split(conf, "\n") {
		switch m := open.FindStringSubmatch(line); {
		case strings.HasPrefix(strings.TrimSpace(line), "#") || strings.Contains(line, "{ return"):
		case m != nil:
			l := &nginxLocation{match: m[1], header: http.Header{}}
			locs = append(locs, l)
			stack = append(stack, l)
		case strings.HasSuffix(line, "{"):
			stack = append(stack, nil) // another block, such as types
		case strings.TrimSpace(line) == "}" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case len(stack) > 0 && stack[len(stack)-1] != nil:
			l := stack[len(stack)-1]
			l.lines = append(l.lines, strings.TrimSpace(line))
			if m := header.FindStringSubmatch(line); m != nil {
				l.header.Add(m[1], strings.ReplaceAll(m[2], `\"`, `"`))
			}
		}
	}
	if len(stack) != 0 || len(locs) == 0 {
		t.Fatalf("_nginx.conf does not parse:\n%s", conf)
	}
	return locs
}

// choose returns the location that nginx picks for the URL path p among
// locs: an exact match, else the longest prefix.
func choose(locs []*nginxLocation, p string) *nginxLocation {
	var best *nginxLocation
	for _, l := range locs {
		if exact, ok := strings.CutPrefix(l.match, "= "); ok {
			if exact == p {
				return l
			}
			continue
		}
		if strings.HasPrefix(p, l.match) && (best == nil || len(l.match) > len(best.match)) {
			best = l
		}
	}
	return best
}

// TestNginxConf checks that _nginx.conf gives every file of the export the
// headers the server sends with it, besides the Content-Type that its
// extension gives: the location nginx picks for each has exactly those, and
// repeats what a nested location does not inherit.
func TestNginxConf(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			s := newTestServer(t, exportConfig(t, prefix, server.Config{FrameAncestors: []string{"https://app.example.com"}}))
			files, err := filesOf(s)
			if err != nil {
				t.Fatal(err)
			}
			conf := string(nginxConf(s.Build(), prefix, "/srv/legal", files))
			locs := parseNginxConf(t, conf)
			if locs[0].match != prefix+"/" {
				t.Fatalf("the outer location is %q, want %q", locs[0].match, prefix+"/")
			}
			for _, f := range files {
				l := choose(locs, prefix+f.Path)
				if l == nil {
					t.Errorf("%s: no location", f.Path)
					continue
				}
				want := f.Header.Clone()
				want.Del("Content-Type")
				if diff := cmp.Diff(want, l.header); diff != "" {
					t.Errorf("%s: location %q gives other headers (-want +got):\n%s", f.Path, l.match, diff)
				}
				for _, d := range []string{"try_files $uri $uri.html $uri/index.html =404;", "rewrite ^(" + prefix + "/.+)/$ $1 permanent;"} {
					if !strings.Contains(strings.Join(l.lines, "\n"), d) {
						t.Errorf("%s: location %q lacks %q", f.Path, l.match, d)
					}
				}
			}
			// The embed pages and the API have a location each, whatever
			// the number of policies; embed.js and its neighbours one per
			// file.
			var matches []string
			for _, l := range locs[1:] {
				matches = append(matches, l.match)
			}
			for _, want := range []string{prefix + "/embed/", prefix + "/api/", "= " + prefix + "/embed.js"} {
				if !strings.Contains(strings.Join(matches, "\n"), want) {
					t.Errorf("no location %q among %q", want, matches)
				}
			}
			if !strings.Contains(conf, `alias "/srv/legal/";`) {
				t.Errorf("_nginx.conf does not serve /srv/legal:\n%s", conf)
			}
		})
	}
}
