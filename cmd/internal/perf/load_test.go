//go:build !wasm

package perf

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte("hello"))
		case "/br":
			if r.Header.Get("Accept-Encoding") == "br" {
				w.Header().Set("Content-Encoding", "br")
			}
			w.Write([]byte("compressed"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	targets := []Target{
		{Name: "ok", URL: srv.URL + "/ok", Check: ExpectBody("", 5)},
		{Name: "br", URL: srv.URL + "/br", Header: http.Header{"Accept-Encoding": {"br"}}, Check: ExpectBody("br", 10)},
		{Name: "missing", URL: srv.URL + "/missing"},
	}
	const conns = 6
	results, dials, err := Load(context.Background(), targets, conns, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if dials != conns {
		t.Errorf("%d connections opened by %d clients, want one each (keep-alive)", dials, conns)
	}
	for _, r := range results[:2] {
		if r.Requests == 0 || r.Errors != 0 || r.Statuses[200] != r.Requests {
			t.Errorf("%s: %d good answers, %d errors (%v), statuses %v; want only good answers", r.Name, r.Requests, r.Errors, r.ErrorSamples, r.Statuses)
		}
		if int64(len(r.Latencies)) != r.Requests || r.P(99) <= 0 || r.P(50) > r.P(99) {
			t.Errorf("%s: %d latencies for %d requests, p50 %v, p99 %v", r.Name, len(r.Latencies), r.Requests, r.P(50), r.P(99))
		}
		if r.RequestsPerSecond() <= 0 {
			t.Errorf("%s: %v requests/s", r.Name, r.RequestsPerSecond())
		}
	}
	missing := results[2]
	if missing.Requests != 0 || missing.Errors == 0 || missing.Statuses[404] != missing.Errors {
		t.Errorf("missing: %d good answers, %d errors, statuses %v; want every answer a 404 error", missing.Requests, missing.Errors, missing.Statuses)
	}
	if len(missing.ErrorSamples) != 1 || !strings.Contains(missing.ErrorSamples[0], "status 404") {
		t.Errorf("missing: error samples %q, want one naming status 404", missing.ErrorSamples)
	}
}

func TestExpectBody(t *testing.T) {
	check := ExpectBody("br", 10)
	resp := func(status int, enc string) *http.Response {
		h := http.Header{}
		if enc != "" {
			h.Set("Content-Encoding", enc)
		}
		return &http.Response{StatusCode: status, Header: h}
	}
	tests := []struct {
		name    string
		resp    *http.Response
		n       int64
		wantErr string
	}{
		{"good", resp(200, "br"), 10, ""},
		{"status", resp(503, "br"), 10, "status 503"},
		{"encoding", resp(200, "gzip"), 10, `Content-Encoding "gzip"`},
		{"length", resp(200, "br"), 9, "9 bytes"},
	}
	for _, tt := range tests {
		err := check(tt.resp, tt.n)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Load(ctx, []Target{{Name: "x", URL: "http://127.0.0.1:1/"}}, 1, time.Second)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a canceled context: %v, want context.Canceled", err)
	}
}
