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
	// cacheControl replaces the Cache-Control given to serve, when set.
	cacheControl string

	once sync.Once
	gz   representation // empty when not worth compressing
	br   representation
}

// representation is one form of an asset's body, as sent: the bytes and
// their strong ETag. The ETag is a hash of the bytes, so the same bytes get
// the same ETag after a restart and on every replica, and each encoding of
// a body has its own.
type representation struct {
	body     []byte
	etag     string
	encoding string // "" (identity), "gzip" or "br"
}

func newRepresentation(body []byte, encoding string) representation {
	sum := sha256.Sum256(body)
	return representation{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, encoding: encoding}
}

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
		identity:    newRepresentation(body, ""),
		contentType: contentType,
		status:      http.StatusOK,
	}
}

func compressible(contentType string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/manifest+json", "application/wasm", "image/svg+xml", "application/xml"} {
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
// Accept-Encoding prefers. A 200 asset is served by http.ServeContent:
// If-None-Match gives 304 Not Modified, Range a part, HEAD no body.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	a.compress()
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	rep, ok := a.negotiate(r.Header.Values("Accept-Encoding"))
	if !ok {
		h.Set("Cache-Control", "no-store")
		http.Error(w, fmt.Sprintf("none of the encodings that Accept-Encoding %q accepts is available: identity%s",
			strings.Join(r.Header.Values("Accept-Encoding"), ", "), a.encodings()), http.StatusNotAcceptable)
		return
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", a.cacheControlOr(cacheControl))
	if rep.encoding != "" {
		h.Set("Content-Encoding", rep.encoding)
	}
	// ServeContent leaves Content-Length out when Content-Encoding is set,
	// and replaces it for a Range request or an error.
	h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	if a.status != http.StatusOK {
		w.WriteHeader(a.status)
		if r.Method != http.MethodHead {
			w.Write(rep.body)
		}
		return
	}
	h.Set("ETag", rep.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(rep.body))
}

// cacheControlOr returns the Cache-Control of a: its own, or else def.
func (a *asset) cacheControlOr(def string) string {
	if a.cacheControl != "" {
		return a.cacheControl
	}
	return def
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
	prefs := parseAcceptEncoding(header)
	if prefs == nil {
		return &a.identity, true
	}
	q := func(coding string) (float64, bool) {
		if v, ok := prefs[coding]; ok {
			return v, true
		}
		v, ok := prefs["*"]
		return v, ok
	}
	var best *representation
	bestQ := 0.0
	for _, c := range []*representation{&a.br, &a.gz} {
		if c.body == nil {
			continue
		}
		if v, _ := q(c.encoding); v > bestQ {
			best, bestQ = c, v
		}
	}
	idQ, listed := prefs["identity"]
	if !listed {
		if star, ok := prefs["*"]; ok && star == 0 {
			idQ, listed = 0, true
		}
	}
	switch {
	case best != nil && (!listed || bestQ >= idQ):
		return best, true
	case !listed || idQ > 0:
		return &a.identity, true
	}
	return nil, false
}

// parseAcceptEncoding returns the q value of each coding that the
// Accept-Encoding header values name, in lower case, x-gzip as gzip. An
// element whose q value is malformed is left out. It returns nil when no
// coding is named.
func parseAcceptEncoding(values []string) map[string]float64 {
	var prefs map[string]float64
	for _, v := range values {
		for _, elem := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(elem, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding == "" {
				continue
			}
			if coding == "x-gzip" {
				coding = "gzip"
			}
			q, ok := 1.0, true
			for _, p := range strings.Split(params, ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(name), "q") {
					q, ok = parseQ(strings.TrimSpace(value))
				}
			}
			if !ok {
				continue
			}
			if prefs == nil {
				prefs = make(map[string]float64)
			}
			prefs[coding] = q
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
