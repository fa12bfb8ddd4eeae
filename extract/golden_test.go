package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the extractor's output")

// TestGolden compares the full JSON of `raqib extract` (sites, evidence,
// weapons, totals) on articles written for these tests with the files under
// testdata/golden. After a deliberate change, regenerate with
//
//	go test ./extract -run TestGolden -update
//
// and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no golden inputs", err)
	}
	e := newDefault(t)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(e.Extract(string(body), "auto", goldenDay), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			jf := strings.TrimSuffix(f, ".txt") + ".json"
			if *update {
				if err := os.WriteFile(jf, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(jf)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the extractor's output:\n--- got\n%s\n--- want\n%s", jf, got, want)
			}
		})
	}
}

// goldenDay is the day every golden article is read as published on (a
// Sunday), so that the goldens show the days the extractor gives attacks.
const goldenDay = "2024-01-07"
