package alerts_test

import (
	"strings"
	"testing"
	"unicode/utf8"

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

// An alert on an attack of an earlier day says when it was reported, and a
// running total follows on a line of its own.
func TestFormatTextDays(t *testing.T) {
	out := alerts.FormatText(raqib.Alert{
		SiteName: "Al-Omar Oil Field Base", Attacks: 1, Day: "2026-12-03", Reported: "2026-12-04",
		Total: &raqib.RunningTotal{Attacks: 23, Since: "2026-12-01", Exact: true},
		URL:   "https://news.example/1", Source: "news-ar",
	})
	for _, want := range []string{
		"[ALERT ] Al-Omar Oil Field Base: 1 attack on 2026-12-03 (at least; no exact count given), reported 2026-12-04, was 0\n",
		"         running total: 23 attacks on Al-Omar Oil Field Base since 2026-12-01\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("FormatText lacks %q:\n%s", want, out)
		}
	}
	out = alerts.FormatText(raqib.Alert{SiteName: "Harir Air Base", Attacks: 2, Exact: true, Day: "2026-12-04", Reported: "2026-12-04"})
	if !strings.HasPrefix(out, "[ALERT ] Harir Air Base: 2 attacks on 2026-12-04, was 0\n") || strings.Contains(out, "running total") {
		t.Errorf("a same-day alert without a total:\n%s", out)
	}
}

// A page's 10,000-character title is cut to what a Discord embed shows
// (256 characters, on a letter's boundary), and the evidence to 1024; a
// byte order mark or a zero-width space in them does not reach the
// terminal.
func TestFormatTextCutsLongText(t *testing.T) {
	long := strings.Repeat("عين الأسد ", 1000) // 10,000 characters
	out := alerts.FormatText(raqib.Alert{
		SiteName: "Ain al-Asad Air Base", Attacks: 1, Day: "2026-11-27", Exact: true,
		Title: "\ufeff" + long, Evidence: "ثلاث\u200b عمليات " + long,
		URL: "https://news.example/1", Source: "news-ar",
	})
	lines := strings.Split(out, "\n")
	if len(lines) < 3 {
		t.Fatalf("FormatText:\n%s", out)
	}
	title := strings.TrimPrefix(lines[1], "         ")
	evidence := strings.TrimSuffix(strings.TrimPrefix(lines[2], "         «"), "»")
	for _, tt := range []struct {
		name, got, start string
		max              int
	}{{"title", title, "عين الأسد", 256}, {"evidence", evidence, "ثلاث عمليات", 1024}} {
		if n := utf8.RuneCountInString(tt.got); n != tt.max || !strings.HasSuffix(tt.got, "…") || !strings.HasPrefix(tt.got, tt.start) || !utf8.ValidString(tt.got) {
			t.Errorf("%s: %d characters %q..., want %d ending in an ellipsis, starting %q", tt.name, n, tt.got[:min(len(tt.got), 40)], tt.max, tt.start)
		}
	}
	if strings.ContainsAny(out, "\ufeff\u200b") {
		t.Errorf("a BOM or a zero-width space reached the console")
	}
}
