//go:build !wasm

package server

import (
	"slices"
	"testing"
)

func TestParseOrigins(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"https://a.example", []string{"https://a.example"}},
		{"https://a.example https://B.example/", []string{"https://a.example", "https://b.example"}},
		{"https://a.example,http://127.0.0.1:8080", []string{"https://a.example", "http://127.0.0.1:8080"}},
		{"https://*.example.com", []string{"https://*.example.com"}},
		{"https://*.Example.com:8443", []string{"https://*.example.com:8443"}},
		{"http://[::1]:8080", []string{"http://[::1]:8080"}},
		{"http://[0:0::1]", []string{"http://[::1]"}},
		{"https://a.example:443 http://a.example:80", []string{"https://a.example", "http://a.example"}},
		{"*", []string{"*"}},
		{"none", []string{}},
		{"'none'", []string{}},
	} {
		got, err := ParseOrigins(tc.in)
		if err != nil || !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("ParseOrigins(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{
		"a.example", "https://a.example/path", "https://a.example;script-src *", "'self'",
		"ftp://a.example", "https://a.*.example", "https://*", "https://*.", "https://", "https://a.example:99999x",
		"https://a.example:0", "https://a.example:", "https://a.example:08443", "javascript:alert(1)",
		"https://a.example.", "https://a..example", "https://-a.example", "https://a_b.example",
		"https://a.example?x", "https://a.example#x", "https://user@a.example", "https://a.example\\@b.example",
		"https://*.1.2.3.4", "https://1.2.3", "https://[::1", "https://[fe80::1%25eth0]", "https://%61.example",
		"https://a.example/x/..",
	} {
		if got, err := ParseOrigins(bad); err == nil {
			t.Errorf("ParseOrigins(%q) = %q, want an error", bad, got)
		}
	}
}

// TestOriginsAllow checks the matching of Origin headers, for CORS, against
// the same entries the CSP's frame-ancestors gets.
func TestOriginsAllow(t *testing.T) {
	list, err := newOrigins([]string{"https://*.seqera.io", "https://app.example.com", "http://localhost:8080", "http://[::1]:3000", "https://*.ports.example:8443"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, origin string
		want         bool
	}{
		{"one label", "https://a.seqera.io", true},
		{"two labels", "https://a.b.seqera.io", true},
		{"hyphen and digits", "https://tower-2.seqera.io", true},
		{"no label", "https://seqera.io", false},
		{"dot only", "https://.seqera.io", false},
		{"label not ending at a dot", "https://evilseqera.io", false},
		{"suffix after", "https://a.seqera.io.evil.com", false},
		{"query", "https://evil.com?.seqera.io", false},
		{"fragment", "https://evil.com#.seqera.io", false},
		{"user", "https://evil.com@a.seqera.io", false},
		{"backslash", `https://evil.com\.seqera.io`, false},
		{"percent", "https://evil.com%2f.seqera.io", false},
		{"path", "https://a.seqera.io/", false},
		{"other port", "https://a.seqera.io:444", false},
		{"default port spelt out", "https://a.seqera.io:443", false},
		{"http", "http://a.seqera.io", false},
		{"upper case host", "https://A.seqera.io", false},
		{"upper case scheme", "HTTPS://a.seqera.io", false},
		{"trailing dot", "https://a.seqera.io.", false},
		{"empty label", "https://a..seqera.io", false},
		{"wildcard sent", "https://*.seqera.io", false},
		{"space", "https://a.seqera.io ", false},
		{"exact", "https://app.example.com", true},
		{"exact, other subdomain", "https://www.app.example.com", false},
		{"exact, other scheme", "http://app.example.com", false},
		{"exact, port", "https://app.example.com:8443", false},
		{"exact, upper case", "https://APP.example.com", false},
		{"exact, trailing dot", "https://app.example.com.", false},
		{"port", "http://localhost:8080", true},
		{"port, other", "http://localhost:8081", false},
		{"port, missing", "http://localhost", false},
		{"IPv6", "http://[::1]:3000", true},
		{"IPv6, other port", "http://[::1]:3001", false},
		{"wildcard with port", "https://a.ports.example:8443", true},
		{"wildcard without its port", "https://a.ports.example", false},
		{"null", "null", false},
		{"empty", "", false},
		{"not a URL", "seqera.io", false},
	} {
		if got := list.allows(tc.origin); got != tc.want {
			t.Errorf("%s: allows(%q) = %v, want %v", tc.name, tc.origin, got, tc.want)
		}
	}

	anyOrigin, err := newOrigins([]string{"*"})
	if err != nil || !anyOrigin.allows("https://anything.example") || anyOrigin.sources() != "*" {
		t.Errorf("origins * = %+v, %v: want one that allows every origin, with sources *", anyOrigin, err)
	}
	if none, _ := newOrigins([]string{}); none.allows("https://a.seqera.io") || none.sources() != "'self'" {
		t.Errorf("no origins allow a.seqera.io or have sources %q", none.sources())
	}
	if got, want := list.sources(), "'self' https://*.seqera.io https://app.example.com http://localhost:8080 http://[::1]:3000 https://*.ports.example:8443"; got != want {
		t.Errorf("sources = %q, want %q", got, want)
	}
	if _, err := newOrigins([]string{"https://ok.example", "https://evil.com?.seqera.io"}); err == nil {
		t.Error("newOrigins accepted an entry with a query")
	}
}
