package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var created = time.Date(2026, 11, 27, 18, 4, 5, 0, time.FixedZone("AST", 3*3600))

func embassyAlert() raqib.Alert {
	return raqib.Alert{
		ID: 7, Site: "us-embassy-baghdad", SiteName: "U.S. Embassy Baghdad", Urgent: true,
		Day: "2026-11-27", Attacks: 1, Previous: 0, Exact: false,
		URL:      "https://www.example.iq/news/12345",
		Title:    "سقوط صواريخ قرب السفارة الأمريكية في بغداد",
		Source:   "example-ar",
		Evidence: "سقطت ثلاثة صواريخ كاتيوشا قرب السفارة الأمريكية",
		Created:  created,
	}
}

func baseAlert() raqib.Alert {
	return raqib.Alert{
		ID: 8, Site: "ain-al-asad", SiteName: "Ain al-Asad Air Base",
		Day: "2026-11-27", Attacks: 3, Previous: 1, Exact: true,
		URL:      "https://news.example.com/iraq/attacks?id=9",
		Title:    "Drones target Ain al-Asad",
		Source:   "example-en",
		Evidence: "Ain al-Asad was attacked three times on Friday",
		Created:  created,
	}
}

// lateAlert is an alert on an attack of the day before the article that
// reported it, on a site with a running total.
func lateAlert() raqib.Alert {
	return raqib.Alert{
		ID: 9, Site: "al-omar", SiteName: "Al-Omar Oil Field Base",
		Day: "2026-12-03", Reported: "2026-12-04", Attacks: 1, Previous: 0, Exact: false,
		URL:      "https://www.example.sy/news/77",
		Title:    "هجوم على حقل العمر",
		Source:   "example-sy",
		Evidence: "تعرضت قاعدة حقل العمر لهجوم أمس",
		Total:    &raqib.RunningTotal{Attacks: 23, Since: "2026-12-01", Exact: true},
		Created:  created,
	}
}

// TestBuildMessageGolden pins the exact JSON Discord receives. Run with
// -update to rewrite testdata/*.golden.json after a deliberate change.
func TestBuildMessageGolden(t *testing.T) {
	tests := []struct {
		name  string
		batch []raqib.Alert
		role  string
	}{
		{"urgent-role", []raqib.Alert{embassyAlert()}, "456"},
		{"urgent-norole", []raqib.Alert{embassyAlert()}, ""},
		{"normal", []raqib.Alert{baseAlert()}, "456"},
		{"mixed", []raqib.Alert{baseAlert(), embassyAlert()}, "456"},
		{"earlier-day-total", []raqib.Alert{lateAlert()}, "456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := marshal(BuildMessage(tt.batch, tt.role))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, raw, "", "  "); err != nil {
				t.Fatal(err)
			}
			got := append(buf.Bytes(), '\n')
			path := filepath.Join("testdata", tt.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("BuildMessage JSON differs from %s:\n got: %s\nwant: %s", path, got, want)
			}
		})
	}
}

// TestAllowedMentions checks the safety properties the spec requires of
// every message, separately from the golden files.
func TestAllowedMentions(t *testing.T) {
	tests := []struct {
		name        string
		batch       []raqib.Alert
		role        string
		wantMention string // in content, or "" for no mention
		wantJSON    string
	}{
		{"urgent with role", []raqib.Alert{embassyAlert()}, "456", "<@&456>", `"allowed_mentions":{"parse":[],"roles":["456"]}`},
		{"urgent without role", []raqib.Alert{embassyAlert()}, "", "", `"allowed_mentions":{"parse":[]}`},
		{"normal with role configured", []raqib.Alert{baseAlert()}, "456", "", `"allowed_mentions":{"parse":[]}`},
		{"empty batch", nil, "456", "", `"allowed_mentions":{"parse":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := BuildMessage(tt.batch, tt.role)
			data, err := marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.wantJSON) {
				t.Errorf("JSON lacks %s:\n%s", tt.wantJSON, data)
			}
			if tt.wantMention == "" && strings.Contains(m.Content, "<@") {
				t.Errorf("content mentions someone: %q", m.Content)
			}
			if tt.wantMention != "" && !strings.HasPrefix(m.Content, tt.wantMention+" ") {
				t.Errorf("content = %q, want it to start with %q", m.Content, tt.wantMention)
			}
		})
	}
}

func TestBuildMessageEmbeds(t *testing.T) {
	a := baseAlert()
	m := BuildMessage([]raqib.Alert{a}, "")
	if len(m.Embeds) != 1 {
		t.Fatalf("%d embeds, want 1", len(m.Embeds))
	}
	e := m.Embeds[0]
	if !strings.Contains(e.Title, a.SiteName) {
		t.Errorf("title %q lacks the site's English name", e.Title)
	}
	if e.URL != a.URL {
		t.Errorf("url = %q, want the article %q", e.URL, a.URL)
	}
	if e.Description != "3 attacks on 2026-11-27 (was 1)" {
		t.Errorf("description = %q", e.Description)
	}
	if e.Color != ColorNormal || e.Footer.Text != "raqib" || e.Timestamp != "2026-11-27T15:04:05Z" {
		t.Errorf("color %x, footer %q, timestamp %q", e.Color, e.Footer.Text, e.Timestamp)
	}

	u := BuildMessage([]raqib.Alert{embassyAlert()}, "456").Embeds[0]
	if u.Title != "URGENT: attack on U.S. Embassy Baghdad" || u.Color != ColorUrgent {
		t.Errorf("urgent title %q color %x", u.Title, u.Color)
	}
	if u.Description != "1 attack on 2026-11-27 (was 0)" {
		t.Errorf("urgent description = %q", u.Description)
	}
}

// An alert on an attack of an earlier day says which day the attack was and
// which day it was reported; a running total is a field of its own, as
// context, after the count.
func TestBuildMessageDays(t *testing.T) {
	e := BuildMessage([]raqib.Alert{lateAlert()}, "").Embeds[0]
	if e.Description != "1 attack on 2026-12-03, reported 2026-12-04 (was 0)" {
		t.Errorf("description = %q", e.Description)
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Name)
		if f.Name == RunningTotal && f.Value != "23 attacks on Al-Omar Oil Field Base since 2026-12-01" {
			t.Errorf("running total = %q", f.Value)
		}
	}
	if want := []string{"Count", RunningTotal, "Source", "Article", "Evidence"}; !slices.Equal(names, want) {
		t.Errorf("fields %q, want %q", names, want)
	}

	// The same day, and no total: neither is mentioned.
	a := lateAlert()
	a.Reported, a.Total = a.Day, nil
	e = BuildMessage([]raqib.Alert{a}, "").Embeds[0]
	if e.Description != "1 attack on 2026-12-03 (was 0)" {
		t.Errorf("same-day description = %q", e.Description)
	}
	for _, f := range e.Fields {
		if f.Name == RunningTotal {
			t.Errorf("a running total field without a total: %q", f.Value)
		}
	}
	// A total the text gives no start for, not exact, with scraped
	// markdown in the site's name.
	a = lateAlert()
	a.SiteName = "*Omar*"
	a.Total = &raqib.RunningTotal{Attacks: 60}
	for _, f := range BuildMessage([]raqib.Alert{a}, "").Embeds[0].Fields {
		if f.Name == RunningTotal && f.Value != `at least 60 attacks on \*Omar\* to date` {
			t.Errorf("running total = %q", f.Value)
		}
	}
}

func TestBuildMessageBadURL(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "/relative/path", "ftp://x.example/a", "http://a b.example/", ""} {
		a := baseAlert()
		a.URL = u
		if got := BuildMessage([]raqib.Alert{a}, "").Embeds[0].URL; got != "" {
			t.Errorf("URL %q kept as %q; Discord would refuse the message", u, got)
		}
	}
}

func TestBuildMessageCaps(t *testing.T) {
	batch := make([]raqib.Alert, 12)
	for i := range batch {
		batch[i] = baseAlert()
	}
	if n := len(BuildMessage(batch, "").Embeds); n != MaxEmbeds {
		t.Errorf("%d embeds, want the cap %d", n, MaxEmbeds)
	}
}
