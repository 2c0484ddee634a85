//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// asset is a response body held in memory with its compressed forms, so
// that serving it is a map look-up and a write.
type asset struct {
	identity    representation
	contentType string
	status      int // http.StatusOK unless set

	once sync.Once
	gz   representation // empty when not worth compressing
	br   representation

	contentTypeV []string // the Content-Type header's value (headerValue)
}

// representation is one form of an asset's body, as sent: the bytes and
// their strong ETag. The ETag is a hash of the bytes, so the same bytes get
// the same ETag after a restart and on every replica, and each encoding of
// a body has its own.
type representation struct {
	body     []byte
	etag     string
	encoding string // "" (identity), "gzip" or "br"

	// The values of its ETag, Content-Length and Content-Encoding headers,
	// shared by every answer (see headerValue).
	etagV, lengthV, encodingV []string
}

func newRepresentation(body []byte, encoding string) representation {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	r := representation{
		body: body, etag: etag, encoding: encoding,
		etagV: headerValue(etag), lengthV: headerValue(strconv.Itoa(len(body))),
	}
	if encoding != "" {
		r.encodingV = headerValue(encoding)
	}
	return r
}

// headerValue returns a header's value for a response's header map, to be
// assigned to it rather than Set: set once, shared by every answer. A
// slice literal's capacity is its length, so that an Add to one answer's
// header copies it rather than writing into it; net/http only reads the
// values.
func headerValue(v string) []string {
	return []string{v}
}

// The values of the headers that most answers carry.
var (
	varyValue         = headerValue("Accept-Encoding")
	acceptRangesValue = headerValue("bytes")
	revalidateValue   = headerValue(revalidate)
)

// minCompress is the size under which compressing is not worth it.
const minCompress = 512

func newAsset(name string, body []byte, contentType string) *asset {
	if contentType == "" {
		contentType = mime.TypeByExtension(path.Ext(name))
		if contentType == "" {
			contentType = http.DetectContentType(body)
		}
	}
	return &asset{
		identity:     newRepresentation(body, ""),
		contentType:  contentType,
		contentTypeV: headerValue(contentType),
		status:       http.StatusOK,
	}
}

func compressible(contentType string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/typescript", "application/json", "application/manifest+json", "application/wasm", "image/svg+xml", "application/xml"} {
		if strings.HasPrefix(contentType, p) {
			return true
		}
	}
	return false
}

// compress computes the gzip and brotli forms once.
func (a *asset) compress() {
	a.once.Do(func() {
		body := a.identity.body
		if len(body) < minCompress || !compressible(a.contentType) {
			return
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		var br bytes.Buffer
		bw := brotli.NewWriterLevel(&br, brotliLevel(len(body)))
		bw.Write(body)
		bw.Close()
		a.setCompressed(gz.Bytes(), br.Bytes())
	})
}

// setCompressed sets the compressed forms; call it inside a.once.
func (a *asset) setCompressed(gz, br []byte) {
	a.gz = newRepresentation(gz, "gzip")
	a.br = newRepresentation(br, "br")
}

// brotliLevel trades ratio for start-up time on large files.
func brotliLevel(n int) int {
	if n > 1<<20 {
		return 6
	}
	return brotli.BestCompression
}

// serve writes the asset in the representation that the request's
// Accept-Encoding prefers. A 200 asset is served as http.ServeContent
// serves it: If-None-Match gives 304 Not Modified, Range a part, HEAD no
// body. A GET or HEAD with neither (nearly every request) is answered here,
// with the headers ServeContent would send, made once: with no
// modification time, If-Modified-Since and If-Unmodified-Since change
// nothing. Every answer is revalidated (Cache-Control: no-cache).
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	a.compress()
	h := w.Header()
	h["Vary"] = varyValue
	rep, ok := a.negotiate(r.Header["Accept-Encoding"])
	if !ok {
		h.Set("Cache-Control", "no-store")
		http.Error(w, fmt.Sprintf("none of the encodings that Accept-Encoding %q accepts is available: identity%s",
			strings.Join(r.Header.Values("Accept-Encoding"), ", "), a.encodings()), http.StatusNotAcceptable)
		return
	}
	h["Content-Type"] = a.contentTypeV
	h["Cache-Control"] = revalidateValue
	if rep.encoding != "" {
		h["Content-Encoding"] = rep.encodingV
	}
	// ServeContent leaves Content-Length out when Content-Encoding is set,
	// and replaces it for a Range request or an error.
	h["Content-Length"] = rep.lengthV
	if a.status != http.StatusOK {
		w.WriteHeader(a.status)
		if r.Method != http.MethodHead {
			w.Write(rep.body)
		}
		return
	}
	h["Etag"] = rep.etagV
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		r.Header["Range"] == nil && r.Header["If-None-Match"] == nil && r.Header["If-Match"] == nil {
		h["Accept-Ranges"] = acceptRangesValue
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(rep.body)
		}
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(rep.body))
}

// encodings lists the compressed forms of a, for an error message.
func (a *asset) encodings() string {
	if a.gz.body == nil {
		return ""
	}
	return ", gzip, br"
}

// negotiate picks the representation to send for the Accept-Encoding
// header values of a request (RFC 9110, section 12.5.3): the available
// coding with the highest q value, the smaller body on a tie (br, then
// gzip, then identity). A coding is acceptable when it is listed with a q
// above 0, or "*" is, and it is not listed with q=0. Identity is acceptable
// unless listed with q=0, or "*;q=0" is and identity is not listed; when it
// is not listed it is taken only if no listed coding is available. No
// header, or an empty one, asks for identity. ok is false when nothing
// acceptable is available (the answer is 406 Not Acceptable).
func (a *asset) negotiate(header []string) (rep *representation, ok bool) {
	return a.choose(parseAcceptEncoding(header))
}

// choose is negotiate with the header values parsed.
func (a *asset) choose(prefs acceptEncoding) (rep *representation, ok bool) {
	q := func(c codingQ) float64 {
		if c.listed {
			return c.q
		}
		return prefs.star.q // 0 when not listed
	}
	var best *representation
	bestQ := 0.0
	if v := q(prefs.br); a.br.body != nil && v > bestQ {
		best, bestQ = &a.br, v
	}
	if v := q(prefs.gzip); a.gz.body != nil && v > bestQ {
		best, bestQ = &a.gz, v
	}
	idQ, listed := prefs.identity.q, prefs.identity.listed
	if !listed && prefs.star.listed && prefs.star.q == 0 {
		idQ, listed = 0, true
	}
	switch {
	case best != nil && (!listed || bestQ >= idQ):
		return best, true
	case !listed || idQ > 0:
		return &a.identity, true
	}
	return nil, false
}

// codingQ is the q value that Accept-Encoding gives a coding, when it
// lists it.
type codingQ struct {
	q      float64
	listed bool
}

// acceptEncoding is what Accept-Encoding says of the codings that matter
// here: the server's two, identity and "*". The others change nothing.
type acceptEncoding struct {
	br, gzip, identity, star codingQ
}

// parseAcceptEncoding reads the Accept-Encoding header values, without
// allocating: codings in any case, x-gzip as gzip; when a coding is listed
// twice, the last wins. An element whose q value is malformed is left out.
func parseAcceptEncoding(values []string) acceptEncoding {
	var prefs acceptEncoding
	for _, v := range values {
		for v != "" {
			var elem string
			elem, v, _ = strings.Cut(v, ",")
			coding, params, _ := strings.Cut(elem, ";")
			var c *codingQ
			switch coding = strings.TrimSpace(coding); {
			case strings.EqualFold(coding, "br"):
				c = &prefs.br
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				c = &prefs.gzip
			case strings.EqualFold(coding, "identity"):
				c = &prefs.identity
			case coding == "*":
				c = &prefs.star
			default:
				continue
			}
			q, ok := 1.0, true
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(name), "q") {
					q, ok = parseQ(strings.TrimSpace(value))
				}
			}
			if ok {
				*c = codingQ{q: q, listed: true}
			}
		}
	}
	return prefs
}

// parseQ parses a qvalue: 0 to 1 with up to three decimals.
func parseQ(s string) (float64, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') || (len(s) > 1 && s[1] != '.') {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 {
		return 0, false
	}
	return v, true
}
