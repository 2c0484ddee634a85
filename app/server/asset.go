//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/bits"
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
// that serving it is a map look-up and http.ServeContent.
//
// The compressed forms are made on demand: each the first time a request
// accepts it (or File.Encoded is called), then kept. At most maxCompressions
// compressions run at once, so that a start, or the first readers after
// it, never put every core to work on forms nobody has asked for yet.
// Build-time forms (cmd/precompress, for app.wasm) are used as they are.
type asset struct {
	identity    representation
	contentType string
	status      int  // http.StatusOK unless set
	compress    bool // has gzip and brotli forms: worth compressing

	gzOnce, brOnce sync.Once
	gz, br         representation // once made
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
		compress:    len(body) >= minCompress && compressible(contentType),
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

// maxCompressions bounds the compressions that run at once, in the whole
// process: compressing is the one expensive thing that a request can set
// off, brotli at its best level most of all.
const maxCompressions = 2

var compressions = make(chan struct{}, maxCompressions)

// form returns the representation of an encoding, "", "gzip" or "br",
// compressing the body the first time it is asked for. Call it only for
// an asset with compressed forms (a.compress).
func (a *asset) form(encoding string) *representation {
	once, rep := &a.gzOnce, &a.gz
	switch encoding {
	case "":
		return &a.identity
	case "br":
		once, rep = &a.brOnce, &a.br
	}
	once.Do(func() { *rep = newRepresentation(compress(a.identity.body, encoding), encoding) })
	return rep
}

// compress returns body in an encoding, "gzip" or "br", at its best level
// (brotli at level 6 above 1 MiB: level 11 would take seconds), once
// fewer than maxCompressions others run.
func compress(body []byte, encoding string) []byte {
	compressions <- struct{}{}
	defer func() { <-compressions }()
	var b bytes.Buffer
	var w io.WriteCloser
	if encoding == "gzip" {
		w, _ = gzip.NewWriterLevel(&b, gzip.BestCompression)
	} else {
		level := brotli.BestCompression
		if len(body) > 1<<20 {
			level = 6
		}
		w = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: level, LGWin: brotliWindow(len(body))})
	}
	w.Write(body)
	w.Close()
	return b.Bytes()
}

// brotliWindow returns the base 2 logarithm of the brotli window for a
// body of n bytes: the smallest that holds the whole body (10 to 24; a
// window of 2^w bytes holds 2^w - 16 of them). A
// window larger than the body compresses it no better, and its buffers
// cost the encoder tens of megabytes at the best level: with the default
// window, the compressions of a first visit (the pages that the service
// worker precaches) took the server's memory from 70 to 150 MB.
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(n+15)), 10), 24)
}

// setPrecompressed sets the forms made at build time; call it before the
// asset is served.
func (a *asset) setPrecompressed(gz, br []byte) {
	a.compress = true
	a.gzOnce.Do(func() { a.gz = newRepresentation(gz, "gzip") })
	a.brOnce.Do(func() { a.br = newRepresentation(br, "br") })
}

// serve writes the asset in the representation that the request's
// Accept-Encoding prefers, through http.ServeContent: If-None-Match gives
// 304 Not Modified, Range a part, HEAD no body. With no modification time,
// If-Modified-Since and If-Unmodified-Since change nothing. Every answer is
// revalidated (Cache-Control: no-cache). An asset of another status than
// 200 (the not-found page) is written as it is.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	encoding, ok := a.negotiate(r.Header["Accept-Encoding"])
	if !ok {
		h.Set("Cache-Control", "no-store")
		http.Error(w, fmt.Sprintf("none of the encodings that Accept-Encoding %q accepts is available: identity%s",
			strings.Join(r.Header.Values("Accept-Encoding"), ", "), a.encodings()), http.StatusNotAcceptable)
		return
	}
	rep := a.form(encoding)
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", revalidate)
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
	h.Set("Etag", rep.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(rep.body))
}

// encodings lists the compressed forms of a, for an error message.
func (a *asset) encodings() string {
	if !a.compress {
		return ""
	}
	return ", gzip, br"
}

// negotiate picks the encoding to send for the Accept-Encoding header
// values of a request (RFC 9110, section 12.5.3): the available coding
// with the highest q value, the smaller body on a tie (br, then gzip, then
// identity, ""). A coding is acceptable when it is listed with a q above
// 0, or "*" is, and it is not listed with q=0. Identity is acceptable
// unless listed with q=0, or "*;q=0" is and identity is not listed; when it
// is not listed it is taken only if no listed coding is available. No
// header, or an empty one, asks for identity. ok is false when nothing
// acceptable is available (the answer is 406 Not Acceptable).
func (a *asset) negotiate(header []string) (encoding string, ok bool) {
	prefs := parseAcceptEncoding(header)
	q := func(c codingQ) float64 {
		if c.listed {
			return c.q
		}
		return prefs.star.q // 0 when not listed
	}
	best, bestQ := "", 0.0
	if a.compress {
		if v := q(prefs.br); v > bestQ {
			best, bestQ = "br", v
		}
		if v := q(prefs.gzip); v > bestQ {
			best, bestQ = "gzip", v
		}
	}
	idQ, listed := prefs.identity.q, prefs.identity.listed
	if !listed && prefs.star.listed && prefs.star.q == 0 {
		idQ, listed = 0, true
	}
	switch {
	case best != "" && (!listed || bestQ >= idQ):
		return best, true
	case !listed || idQ > 0:
		return "", true
	}
	return "", false
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

// parseAcceptEncoding reads the Accept-Encoding header values: codings in
// any case, x-gzip as gzip; when a coding is listed twice, the last wins.
// An element whose q value is malformed is left out.
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
