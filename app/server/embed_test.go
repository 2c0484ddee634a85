//go:build !wasm

package server

import (
	"testing"

	"github.com/seqeralabs/policy-widget/app/site"
)

// maxEmbedScript is the most that /embed.js may weigh as the server sends
// it with brotli: host pages load it on every visit.
const maxEmbedScript = 8 << 10

// TestEmbedScriptSize measures web/embed.js, the real file, as the server
// compresses it.
func TestEmbedScriptSize(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	a := s.embed.files[site.EmbedScript.Path()]
	if !a.compress {
		t.Fatal("embed.js has no brotli form")
	}
	got := len(a.form("br").body)
	t.Logf("embed.js: %d bytes, %d with brotli, %d with gzip", len(a.identity.body), got, len(a.form("gzip").body))
	if got > maxEmbedScript {
		t.Errorf("embed.js is %d bytes with brotli, more than %d", got, maxEmbedScript)
	}
}
