//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// asset is a response body held in memory with its compressed forms, so
// that serving it is a map look-up and a write.
type asset struct {
	body        []byte
	contentType string
	etag        string
	status      int // http.StatusOK unless set
	// cacheControl replaces the Cache-Control given to serve, when set.
	cacheControl string

	once sync.Once
	gz   []byte
	br   []byte
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
	sum := sha256.Sum256(body)
	return &asset{
		body:        body,
		contentType: contentType,
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
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
		if len(a.body) < minCompress || !compressible(a.contentType) {
			return
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(a.body)
		zw.Close()
		var br bytes.Buffer
		bw := brotli.NewWriterLevel(&br, brotliLevel(len(a.body)))
		bw.Write(a.body)
		bw.Close()
		a.gz, a.br = gz.Bytes(), br.Bytes()
	})
}

// brotliLevel trades ratio for start-up time on large files.
func brotliLevel(n int) int {
	if n > 1<<20 {
		return 6
	}
	return brotli.BestCompression
}

// serve writes the asset, compressed as the client accepts, and answers a
// matching If-None-Match with 304 Not Modified.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	if a.cacheControl != "" {
		cacheControl = a.cacheControl
	}
	h.Set("Cache-Control", cacheControl)
	h.Set("Vary", "Accept-Encoding")
	if a.status == http.StatusOK {
		h.Set("ETag", a.etag)
		if etagMatch(r.Header.Get("If-None-Match"), a.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	a.compress()
	body := a.body
	switch enc := acceptedEncoding(r.Header.Get("Accept-Encoding")); {
	case enc == "br" && a.br != nil:
		h.Set("Content-Encoding", "br")
		body = a.br
	case enc != "" && a.gz != nil:
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(a.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match header names etag.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptedEncoding returns "br", "gzip" or "" from an Accept-Encoding
// header, honouring q=0.
func acceptedEncoding(header string) string {
	best := ""
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			return "br"
		case "gzip", "*":
			best = "gzip"
		}
	}
	return best
}
