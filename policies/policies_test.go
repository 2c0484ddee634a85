package policies_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/policies"
)

// TestPolicies checks every embedded policy: it parses, it has no warnings
// besides the known ones, its heading ids are unique, and its TOC links
// only to headings in its body.
func TestPolicies(t *testing.T) {
	docs, err := markdown.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(policies.FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(names) || len(docs) == 0 {
		t.Fatalf("Load returned %d documents for %d files", len(docs), len(names))
	}
	for _, doc := range docs {
		t.Run(doc.File, func(t *testing.T) {
			var warnings []string
			for _, w := range doc.Warnings {
				warnings = append(warnings, w.Error())
			}
			if diff := cmp.Diff(knownWarnings[doc.File], warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			ids := make(map[string]bool)
			walk(doc.Body, func(n *policy.Node) {
				if n.HeadingLevel() == 0 {
					return
				}
				id := n.Attr("id")
				if id == "" || ids[id] {
					t.Errorf("heading %q has the id %q, which is empty or used twice", n.PlainText(), id)
				}
				ids[id] = true
			})
			if len(ids) == 0 {
				t.Error("no headings")
			}
			var checkTOC func([]*policy.TOCEntry)
			checkTOC = func(entries []*policy.TOCEntry) {
				for _, e := range entries {
					if !ids[e.ID] {
						t.Errorf("TOC entry %q links to #%s, which no heading has", e.Title, e.ID)
					}
					checkTOC(e.Children)
				}
			}
			checkTOC(doc.TOC)
		})
	}
}

// knownWarnings are the warnings that a shipped policy may have: the
// privacy policy's text is as it was given (TestPrivacyBodyUnchanged), and
// one of its Topics links to another section than the one it names.
var knownWarnings = map[string][]string{
	"privacy.md": {`privacy.md:17:3: link text "What data do we collect?" names another section than #how-do-we-collect-your-data ("How do we collect your data?"), which the link on line 18 points at by its title`},
}

func walk(nodes []*policy.Node, f func(*policy.Node)) {
	for _, n := range nodes {
		f(n)
		walk(n.Children, f)
	}
}

// privacyBodySHA256 is the SHA-256 of privacy.md after its front matter.
// The policy's text is fixed: only its front matter may change here.
const privacyBodySHA256 = "b7360c554744f47f7ae84260ea06ca99dc20867b0c587b21d41d8a4c0e39dd14"

// sharedPrivacy is the policy as it was handed over, in the shared folder
// beside the repository, when there is one.
const sharedPrivacy = "../../shared/policies/privacy.md"

// TestPrivacyBodyUnchanged checks that the privacy policy's body (everything
// after its front matter) is, byte for byte, the text it was given as: the
// shared copy when it is there, and always the recorded hash.
func TestPrivacyBodyUnchanged(t *testing.T) {
	src, err := fs.ReadFile(policies.FS, "privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	got := body(t, src)

	sum := sha256.Sum256(got)
	if hex.EncodeToString(sum[:]) != privacyBodySHA256 {
		t.Errorf("privacy.md body has SHA-256 %x, want %s: its text must not change", sum, privacyBodySHA256)
	}

	shared, err := os.ReadFile(sharedPrivacy)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		t.Logf("%s is missing: checked the body against its hash only", sharedPrivacy)
	case err != nil:
		t.Fatal(err)
	default:
		if want := body(t, shared); !bytes.Equal(got, want) {
			t.Errorf("privacy.md body differs from %s's", sharedPrivacy)
		}
	}
}

// body returns what follows a policy file's front matter: the lines after
// the second line "---".
func body(t *testing.T, src []byte) []byte {
	t.Helper()
	fence := []byte("---\n")
	if !bytes.HasPrefix(src, fence) {
		t.Fatal("no front matter")
	}
	i := bytes.Index(src[len(fence):], []byte("\n---\n"))
	if i < 0 {
		t.Fatal("front matter is not closed")
	}
	return src[len(fence)+i+len("\n---\n"):]
}

// TestDocumentsMatchMarkdown checks that documents.go, which the
// WebAssembly client reads, holds exactly what the Markdown parses to, as
// the client carries it (changes.Abridge), and that it decodes to the same
// documents.
func TestDocumentsMatchMarkdown(t *testing.T) {
	docs, err := markdown.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	if err := policies.CheckDocuments(docs); err != nil {
		t.Fatal(err)
	}
	got, err := policies.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(changes.Abridge(docs), got); diff != "" {
		t.Errorf("documents.go holds other documents (-markdown +go):\n%s", diff)
	}

	// A change in any policy makes the check fail.
	docs[0].Body = docs[0].Body[1:]
	if err := policies.CheckDocuments(docs); err == nil || !strings.Contains(err.Error(), "go generate ./policies") {
		t.Errorf("CheckDocuments of changed documents = %v, want an error naming go generate", err)
	}
}

// TestFSHoldsMarkdownOnly: FS shows the policies and their versions, not
// the Go sources or the generated JSON next to them.
func TestFSHoldsMarkdownOnly(t *testing.T) {
	var names []string
	err := fs.WalkDir(policies.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, "privacy.md") {
		t.Errorf("FS lacks privacy.md: %q", names)
	}
	for _, name := range names {
		if !strings.HasSuffix(name, ".md") {
			t.Errorf("FS holds %s", name)
		}
	}
	if _, err := fs.ReadFile(policies.FS, "documents.go"); err == nil {
		t.Error("FS holds documents.go")
	}
}
