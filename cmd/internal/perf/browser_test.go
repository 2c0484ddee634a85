//go:build !wasm

package perf

import (
	"strings"
	"testing"

	"github.com/seqeralabs/policy-widget/app/site"
)

// TestProbeScript checks that the probe gets the widget's names: it waits
// for the mounted root that the pages have.
func TestProbeScript(t *testing.T) {
	js, err := probeScript()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"mounted":"` + "." + site.PageClass + strings.ReplaceAll(site.Mounted, `"`, `\"`) + `"`, `"mountedAttr":"` + site.MountedAttr + `"`} {
		if !strings.Contains(js, want) {
			t.Errorf("the probe lacks %s", want)
		}
	}
	if strings.Contains(js, "{{") {
		t.Error("the probe's placeholder is left")
	}
}
