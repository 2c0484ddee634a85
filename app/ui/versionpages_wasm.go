package ui

import "github.com/seqeralabs/policy-widget/app/policy"

// versionPages returns no page in the client: the pages of versions are
// the server's (versionpages.go), and the client loads them from it.
func (s *Site) versionPages(*policy.Document) []Page { return nil }
