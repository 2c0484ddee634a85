//go:build !wasm

package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/web"
)

// assets holds the app's own files: its style sheet and its client,
// web/app.wasm, built before the server.
//
//go:embed web
var assets embed.FS

// serve serves the app: go-app renders every page on the server, the app's
// files are under /web/, and the widget's style sheets and nav.js under
// /web/policy/, from the widget's web.FS.
func serve() {
	addr := flag.String("addr", "127.0.0.1:8001", "address to listen on")
	listenFD := flag.Int("listen-fd", 0, "serve on the listening socket inherited as this file descriptor, such as 3, instead of listening on -addr (as `policy serve -listen-fd` does)")
	flag.Parse()
	own, err := fs.Sub(assets, "web")
	if err != nil {
		fail(err)
	}
	if _, err := fs.Stat(own, "app.wasm"); err != nil {
		fail(errors.New("cmd/example/web/app.wasm is missing: build it first with GOOS=js GOARCH=wasm go build -o cmd/example/web/app.wasm ./cmd/example"))
	}
	mux := http.NewServeMux()
	mux.Handle("/web/policy/", http.StripPrefix("/web/policy/", http.FileServerFS(web.FS)))
	mux.Handle("/web/", http.StripPrefix("/web/", http.FileServerFS(own)))
	mux.Handle("/", &app.Handler{
		Name:        "Acme Console",
		ShortName:   "Acme",
		Title:       "Acme Console",
		Description: "An app that shows Seqera's privacy policy with the widget's Go component.",
		Lang:        "en",
		Icon: app.Icon{
			Default: "/web/policy/icon-192.png",
			SVG:     "/web/policy/icon.svg",
		},
		Styles:       []string{"/web/policy/app.css", "/web/policy/embed.css", "/web/example.css"},
		Scripts:      []string{"/web/policy/nav.js defer"},
		LoadingLabel: " ",
	})
	var ln net.Listener
	if *listenFD > 0 {
		ln, err = net.FileListener(os.NewFile(uintptr(*listenFD), "listen-fd"))
	} else {
		ln, err = net.Listen("tcp", *addr)
	}
	if err != nil {
		fail(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: headers(mux), ReadHeaderTimeout: 10 * time.Second}
	fail(srv.Serve(ln))
}

// headers sets a strict Content-Security-Policy: the widget's component
// needs no inline script or style.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "example: %v\n", err)
	os.Exit(1)
}
