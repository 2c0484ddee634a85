//go:build !wasm

package markdown

import (
	"io/fs"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

// Encode parses the policies of fsys (Load) and writes them as the
// WebAssembly client carries them (changes.Abridge: older versions as the
// digests of their sections; policy.GoSource): the contents of
// policies/documents.go. The generator (policies/gen.go) writes it, and
// tests that build the site with other policies write theirs with it; the
// server refuses to start when the embedded file is not what Encode gives.
func Encode(fsys fs.FS, opts ...Option) ([]byte, error) {
	docs, err := Load(fsys, opts...)
	if err != nil {
		return nil, err
	}
	return policy.GoSource("policies", "documents", changes.Abridge(docs))
}
