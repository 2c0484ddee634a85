// Command precompress writes the brotli (.br) and gzip (.gz) forms of the
// files it is given, at the highest levels, so that the server need not
// compress them at start-up. `make build` runs it on web/app.wasm.
//
// Usage:
//
//	precompress FILE...
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := compress(name); err != nil {
			fmt.Fprintf(os.Stderr, "precompress: %v\n", err)
			os.Exit(1)
		}
	}
}

func compress(name string) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	br := func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) }
	gz := func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	}
	for ext, newWriter := range map[string]func(io.Writer) io.WriteCloser{".br": br, ".gz": gz} {
		var out bytes.Buffer
		w := newWriter(&out)
		if _, err := w.Write(src); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		// Write then rename, so the server build never embeds half a file.
		tmp := name + ext + ".tmp"
		if err := os.WriteFile(tmp, out.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, name+ext); err != nil {
			return err
		}
		fmt.Printf("%s%s: %d bytes (%.1f%% of %d)\n", name, ext, out.Len(), 100*float64(out.Len())/float64(len(src)), len(src))
	}
	return nil
}
