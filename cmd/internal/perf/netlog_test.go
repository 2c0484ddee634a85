//go:build !wasm

package perf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseNetLog(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "netlog.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ParseNetLog(f)
	if err != nil {
		t.Fatal(err)
	}
	at := func(ticks int64) time.Time { return time.UnixMilli(1796135752733 + ticks) }
	// The request for icon.svg was answered by the HTTP cache: it sent
	// no headers and is not a Request. The request to another host got
	// no answer.
	want := []Request{
		{URL: "http://127.0.0.1:18431/privacy", Method: "GET", Time: at(406525), Status: 200, ContentLength: 9301, ContentEncoding: "br"},
		{URL: "http://127.0.0.1:18431/web/app.wasm?v=b0eea720ec9a83b5", Method: "GET", Time: at(406729), Status: 200, ContentLength: 1493030, ContentEncoding: "br"},
		{URL: "http://127.0.0.1:18431/web/app.wasm?v=b0eea720ec9a83b5", Method: "GET", Time: at(406861), Status: 304, ContentLength: -1},
		{URL: "http://clients2.google.com/time/1/current", Method: "GET", Time: at(406901), ContentLength: -1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseNetLog (-want +got):\n%s", diff)
	}

	base := "http://127.0.0.1:18431"
	if p := got[1].Path(base); p != "/web/app.wasm?v=b0eea720ec9a83b5" {
		t.Errorf("Path = %q, want the path and query", p)
	}
	if p := got[3].Path(base); p != got[3].URL {
		t.Errorf("Path of another host's URL = %q, want the URL", p)
	}
	if !got[0].Loopback() || got[3].Loopback() {
		t.Errorf("Loopback: %v for %s, %v for %s", got[0].Loopback(), got[0].URL, got[3].Loopback(), got[3].URL)
	}
}

func TestParseNetLogErrors(t *testing.T) {
	tests := map[string]string{
		"truncated":    `{"constants":{"logEventTypes":{}},"events":[{"type":1`,
		"no constants": `{"events":[]}`,
	}
	for name, in := range tests {
		if _, err := ParseNetLog(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
