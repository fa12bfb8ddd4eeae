package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/raqib/raqib"
)

// corpusPages are the dev corpus's HTML pages, kept once, in the scraper's
// testdata, by their corpus file names.
var corpusPages = map[string]string{
	"31.html": "../../scraper/testdata/ar-utf8-31.html",
	"32.html": "../../scraper/testdata/ar-windows1256-32.html",
	"33.html": "../../scraper/testdata/en-33.html",
}

// The HTML pages of the dev corpus (one in windows-1256, with nav, asides
// and related-news blocks) through `raqib extract`, as a user would run it:
// HTML detection, charset decoding and article text are the scraper's, the
// findings the extractor's. The text cases are extract's own accuracy test.
func TestExtractHTMLCorpus(t *testing.T) {
	f, err := os.Open("testdata/html-labels.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var label struct {
			ID      string `json:"id"`
			File    string `json:"file"`
			Targets []struct {
				Site    string `json:"site"`
				Attacks int    `json:"attacks"`
				Exact   bool   `json:"exact"`
			} `json:"targets"`
			Embassy bool `json:"embassy_targeted"`
		}
		if err := json.Unmarshal(sc.Bytes(), &label); err != nil {
			t.Fatal(err)
		}
		t.Run(label.ID, func(t *testing.T) {
			page, ok := corpusPages[label.File]
			if !ok {
				t.Fatalf("no page for %s", label.File)
			}
			code, stdout, stderr := runMain(t, context.Background(), "", "extract", page)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got raqib.Extraction
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatal(err)
			}
			var g, w []string
			for _, s := range got.Sites {
				g = append(g, fmt.Sprintf("%s:%d:%v", s.Site, s.Attacks, s.Exact))
			}
			for _, s := range label.Targets {
				w = append(w, fmt.Sprintf("%s:%d:%v", s.Site, s.Attacks, s.Exact))
			}
			slices.Sort(g)
			slices.Sort(w)
			if !slices.Equal(g, w) || got.EmbassyTargeted != label.Embassy {
				t.Errorf("%s:\n got %v embassy=%v\nwant %v embassy=%v", label.File, g, got.EmbassyTargeted, w, label.Embassy)
			}
		})
	}
}
