package alerts_test

import (
	"strings"
	"testing"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
)

// Scraped title and evidence reach the terminal on one line each, without
// the control characters (terminal escapes) or bidi overrides they carried.
func TestFormatTextCleansScrapedText(t *testing.T) {
	out := alerts.FormatText(raqib.Alert{
		SiteName: "Ain al-Asad Air Base", Attacks: 2, Day: "2026-11-27", Exact: true,
		Title:    "Rockets\x1b[2J on\nthe base",
		Evidence: "\u202Eثلاث\u202C عمليات",
		URL:      "https://news.example/1", Source: "news-ar",
	})
	if strings.ContainsAny(out, "\x1b\u202E\u202C") {
		t.Errorf("control characters reached the console: %q", out)
	}
	for _, want := range []string{"         Rockets [2J on the base\n", "         «ثلاث عمليات»\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("FormatText lacks %q:\n%s", want, out)
		}
	}
}
