package markdown

import (
	"io/fs"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Encode parses the policies of fsys (Load) and encodes them as the
// WebAssembly client reads them (policy.Marshal): the contents of
// policies/documents.json. The generator (policies/gen.go) writes it, and
// tests that build another version of the site write theirs with it; the
// server refuses to start when the embedded file is not what Encode gives.
func Encode(fsys fs.FS, opts ...Option) ([]byte, error) {
	docs, err := Load(fsys, opts...)
	if err != nil {
		return nil, err
	}
	return policy.Marshal(docs)
}
