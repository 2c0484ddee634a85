//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/seqeralabs/policy-widget/app/site"
)

// loadStatic reads every file of the web folder into memory, served at
// /web/<name> (site.Web). Go sources are left out. A file's precompressed forms
// (name.br and name.gz, written by cmd/precompress at build time) are used
// as they are; the other files are compressed on demand (see asset).
func loadStatic(fsys fs.FS) (map[string]*asset, error) {
	files := make(map[string]*asset)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".go") ||
			strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		a := newAsset(name, body, staticTypes[path.Ext(name)])
		br, errBr := fs.ReadFile(fsys, name+".br")
		gz, errGz := fs.ReadFile(fsys, name+".gz")
		if errBr == nil && errGz == nil && decodesTo(brotli.NewReader(bytes.NewReader(br)), body) && gzipDecodesTo(gz, body) {
			a.setPrecompressed(gz, br)
		}
		files[site.Web.Path(name)] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// staticTypes are the Content-Types of the files of web/ that the
// system's table may lack or get wrong (it may call .ts Qt's translations
// or MPEG streams): the client, and embed.d.ts; and JSON, sent as the
// API's answers are, so that one extension has one type (a static host
// serves the export by extension).
var staticTypes = map[string]string{
	".wasm": "application/wasm",
	".ts":   "application/typescript; charset=utf-8",
	".json": jsonType,
}

// decodesTo reports whether r yields exactly want: a precompressed form
// left over from another build of the file is not served.
func decodesTo(r io.Reader, want []byte) bool {
	got, err := io.ReadAll(r)
	return err == nil && bytes.Equal(got, want)
}

func gzipDecodesTo(gz, want []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	return err == nil && decodesTo(zr, want)
}

// BuildID returns a short hash of every file of the given folders: the
// same policies, client and assets always give the same build, and any
// change to them gives a new one (see Server.Build).
func BuildID(folders ...fs.FS) (string, error) {
	h := sha256.New()
	for _, fsys := range folders {
		var names []string
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, name)
			}
			return err
		})
		if err != nil {
			return "", err
		}
		sort.Strings(names)
		for _, name := range names {
			body, err := fs.ReadFile(fsys, name)
			if err != nil {
				return "", err
			}
			sum := sha256.Sum256(body)
			h.Write([]byte(name))
			h.Write([]byte{0})
			h.Write(sum[:])
		}
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
