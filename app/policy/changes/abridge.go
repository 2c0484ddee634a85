package changes

import "github.com/seqeralabs/policy-widget/app/policy"

// Whole is how many of a policy's newest versions the WebAssembly client
// carries with their text (Abridge): the newest, which may be upcoming,
// and the one before it, then in effect, so that the client can switch
// from one to the other by the reader's date, offline too.
const Whole = 2

// Abridge returns docs, policies as loaded, as the WebAssembly client
// carries them (policies/documents.go): each policy's Whole newest
// versions with their text, and its older versions abridged to the
// digests of their sections (AbridgeVersion), which is all that the marks
// of what changed since a reader's last visit need. The pages of older
// versions are the server's. docs are not changed.
func Abridge(docs []*policy.Document) []*policy.Document {
	out := make([]*policy.Document, len(docs))
	for i, d := range docs {
		if len(d.Versions) < Whole {
			out[i] = d
			continue
		}
		c := *d
		c.Versions = make([]*policy.Document, len(d.Versions))
		for j, v := range d.Versions {
			if j+1 < Whole {
				c.Versions[j] = v
			} else {
				c.Versions[j] = AbridgeVersion(v)
			}
		}
		out[i] = &c
	}
	return out
}

// AbridgeVersion returns a copy of the version v without its text (TOC,
// Body, warnings), with the digests of its sections instead.
func AbridgeVersion(v *policy.Document) *policy.Document {
	if v.Abridged() {
		return v
	}
	sections := Sections(v)
	a := *v
	a.TOC, a.Body, a.Warnings, a.Versions, a.Upcoming = nil, nil, nil, nil, nil
	a.Sections = make([]policy.SectionDigest, len(sections))
	for i, s := range sections {
		a.Sections[i] = policy.SectionDigest{ID: s.ID, Title: s.Title, Level: s.Level, Hash: s.Hash}
	}
	return &a
}
