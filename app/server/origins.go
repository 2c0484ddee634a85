//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Origins name the sites that may frame the /embed/ pages
// (Config.FrameAncestors, the CSP's frame-ancestors) and read the JSON API
// (Config.CORSOrigins, CORS). This file holds the one rule for both: how a
// list is written, which entries are valid, and which Origin headers match.
//
// An entry is "*" (any origin), or a scheme (http or https), a host and an
// optional port: "https://app.example.com", "http://127.0.0.1:8080",
// "http://[::1]:8080". The first label of a host name may be "*":
// "https://*.example.com" matches one or more DNS labels before
// ".example.com" (a.example.com, a.b.example.com), with the same scheme and
// port, and nothing else: not example.com itself, not another port.
//
// An Origin header matches only in the form browsers send (RFC 6454): lower
// case, no default port, no trailing dot, no path, query, fragment or user.
// Anything else is not an origin a browser would send, and matches nothing.

// origin is one entry of a list of origins.
type origin struct {
	scheme   string // "http" or "https"
	host     string // lower case; for a wildcard, the name after "*."
	port     string // "" for the scheme's default port
	wildcard bool
}

// String returns the origin as browsers serialise it, and as the CSP and
// CORS headers carry it.
func (o origin) String() string {
	host := o.host
	if o.wildcard {
		host = "*." + host
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if o.port != "" {
		host += ":" + o.port
	}
	return o.scheme + "://" + host
}

// matches reports whether the origin of a request, as parsed by
// parseOriginHeader, is one the entry names.
func (o origin) matches(req origin) bool {
	if o.scheme != req.scheme || o.port != req.port {
		return false
	}
	if !o.wildcard {
		return o.host == req.host
	}
	// req.host is a valid host name, so what comes before the suffix is one
	// or more whole labels.
	sub, ok := strings.CutSuffix(req.host, "."+o.host)
	return ok && sub != "" && isDNSName(req.host)
}

// defaultPorts are the ports that an origin does not spell out.
var defaultPorts = map[string]string{"http": "80", "https": "443"}

// parseOrigin parses one entry of a list: lower case or not, with or
// without a trailing slash.
func parseOrigin(s string) (origin, error) {
	o, err := parseOriginURL(strings.TrimSuffix(strings.ToLower(s), "/"), true)
	if err != nil {
		return origin{}, fmt.Errorf("%q is not an origin such as https://app.example.com (a scheme, a host and an optional port, nothing else): %v", s, err)
	}
	return o, nil
}

// parseOriginHeader parses the Origin header of a request. It fails unless
// the header is an origin in the exact form a browser sends.
func parseOriginHeader(s string) (origin, error) {
	o, err := parseOriginURL(s, false)
	if err != nil {
		return origin{}, err
	}
	if o.String() != s {
		return origin{}, fmt.Errorf("%q is not in the form browsers send (%s)", s, o)
	}
	return o, nil
}

func parseOriginURL(s string, allowWildcard bool) (origin, error) {
	if strings.ContainsAny(s, "?#@\\ \t") {
		return origin{}, errors.New("an origin has no user, query or fragment")
	}
	u, err := url.Parse(s)
	if err != nil {
		return origin{}, err
	}
	if _, ok := defaultPorts[u.Scheme]; !ok || u.Opaque != "" {
		return origin{}, errors.New("the scheme must be http:// or https://")
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Path != "" || u.RawPath != "" {
		return origin{}, errors.New("an origin has no user, path, query or fragment")
	}
	o := origin{scheme: u.Scheme, host: u.Hostname(), port: u.Port()}
	if strings.HasSuffix(u.Host, ":") {
		return origin{}, errors.New("empty port")
	}
	if o.port != "" {
		n, err := strconv.Atoi(o.port)
		if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != o.port {
			return origin{}, fmt.Errorf("bad port %q", o.port)
		}
		if o.port == defaultPorts[o.scheme] {
			o.port = ""
		}
	}
	if rest, ok := strings.CutPrefix(o.host, "*."); ok && allowWildcard {
		o.wildcard, o.host = true, rest
	}
	switch {
	case o.host == "":
		return origin{}, errors.New("no host")
	case strings.HasPrefix(u.Host, "["):
		ip, err := netip.ParseAddr(o.host)
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return origin{}, fmt.Errorf("bad IPv6 address %q", o.host)
		}
		o.host = ip.String()
	case isIPv4(o.host) && !o.wildcard:
		ip, _ := netip.ParseAddr(o.host)
		o.host = ip.String()
	case !isDNSName(o.host):
		return origin{}, fmt.Errorf("bad host name %q", o.host)
	}
	return o, nil
}

// isIPv4 reports whether s is a dotted IPv4 address.
func isIPv4(s string) bool {
	ip, err := netip.ParseAddr(s)
	return err == nil && ip.Is4()
}

// isDNSName reports whether s is a lower-case host name: labels of letters,
// digits and inner hyphens, no empty label (so no trailing dot), and a last
// label that is not a number (which a browser would read as an IPv4
// address).
func isDNSName(s string) bool {
	if len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range []byte(l) {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return strings.Trim(last, "0123456789") != ""
}

// origins is a parsed list of origins.
type origins struct {
	any  bool // "*"
	list []origin
}

// newOrigins parses a list of entries such as ParseOrigins returns.
// "none" and "'none'" are skipped; every other invalid entry is reported.
func newOrigins(entries []string) (origins, error) {
	var (
		o   origins
		bad []string
	)
	for _, e := range entries {
		switch e {
		case "none", "'none'":
			continue
		case "*":
			o.any = true
			continue
		}
		p, err := parseOrigin(e)
		if err != nil {
			bad = append(bad, e)
			continue
		}
		o.list = append(o.list, p)
	}
	if len(bad) > 0 {
		return origins{}, fmt.Errorf("%q are not origins such as https://app.example.com", bad)
	}
	return o, nil
}

// allows reports whether a request with this Origin header comes from one
// of the origins. With "*" in the list, any request does.
func (o origins) allows(header string) bool {
	if o.any {
		return true
	}
	req, err := parseOriginHeader(header)
	if err != nil {
		return false
	}
	for _, p := range o.list {
		if p.matches(req) {
			return true
		}
	}
	return false
}

// sources returns the origins in the form of CSP source expressions, after
// 'self': "'self' https://a.example https://*.b.example", or "*".
func (o origins) sources() string {
	if o.any {
		return "*"
	}
	s := []string{"'self'"}
	for _, p := range o.list {
		s = append(s, p.String())
	}
	return strings.Join(s, " ")
}

// ParseOrigins parses a list of origins separated by spaces or commas, as
// given to -frame-ancestors and -cors-origins (see the top of origins.go),
// into the entries of Config.FrameAncestors and Config.CORSOrigins, in
// their canonical form. An empty list gives nil, and "none" (or "'none'")
// an empty list that allows no origin.
func ParseOrigins(list string) ([]string, error) {
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if len(fields) == 0 {
		return nil, nil
	}
	if len(fields) == 1 && (fields[0] == "'none'" || fields[0] == "none") {
		return []string{}, nil
	}
	var out []string
	for _, f := range fields {
		if f == "*" {
			out = append(out, f)
			continue
		}
		o, err := parseOrigin(f)
		if err != nil {
			return nil, err
		}
		out = append(out, o.String())
	}
	return out, nil
}
