package alerts_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
)

// ids renders batches as "1,2|3": what a test reads at a glance.
func ids(batches [][]raqib.Alert) string {
	var parts []string
	for _, b := range batches {
		var s []string
		for _, a := range b {
			s = append(s, fmt.Sprint(a.ID))
		}
		parts = append(parts, strings.Join(s, ","))
	}
	return strings.Join(parts, "|")
}

// mk makes alerts by id; a negative id is an urgent alert.
func mk(list ...int64) []raqib.Alert {
	var out []raqib.Alert
	for _, id := range list {
		a := raqib.Alert{ID: id}
		if id < 0 {
			a.ID, a.Urgent = -id, true
		}
		out = append(out, a)
	}
	return out
}

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pending []raqib.Alert // urgent first, then by id, as storage returns them
		groups  [][]raqib.Alert
		size    int
		want    string
	}{
		{"empty", nil, nil, 10, ""},
		{"up to size a message", mk(1, 2, 3, 4, 5), nil, 2, "1,2|3,4|5"},
		{"urgent alone and first", mk(-7, -9, 1, 2, 3), nil, 10, "7|9|1,2,3"},
		{"a group in flight is sent as it was", mk(1, 2, 3, 4, 5), [][]raqib.Alert{mk(2, 3, 1)}, 10, "2,3,1|4,5"},
		{"new urgent alert overtakes a group in flight", mk(-9, 1, 2, 3), [][]raqib.Alert{mk(1, 2)}, 10, "9|1,2|3"},
		{"groups by their oldest alert", mk(1, 2, 3, 4, 5, 6), [][]raqib.Alert{mk(4, 5), mk(2)}, 10, "1|2|3|4,5|6"},
		{"an urgent group in flight first", mk(-8, -9, 1), [][]raqib.Alert{mk(-9)}, 10, "8|9|1"},
		{"group members beyond the page still go together", mk(1), [][]raqib.Alert{mk(1, 40, 41)}, 10, "1,40,41"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(alerts.Plan(tc.pending, tc.groups, tc.size)); got != tc.want {
				t.Errorf("Plan = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRepair(t *testing.T) {
	arabic := strings.Repeat("هجوم على قاعدة عين الأسد ", 400) // 10,000 characters
	in := []raqib.Alert{{
		ID: 1, Site: "ain-al-asad", SiteName: "Ain al-Asad Air Base", Day: "2026-11-27", Attacks: 3, Previous: 1,
		URL: "https://example.com/a?x=" + strings.Repeat("y", 600), Title: arabic, Evidence: "\xff\xfe" + arabic,
		Source: "news\n\tar", Reported: "2026-11-28",
		Total: &raqib.RunningTotal{Attacks: 40, Since: strings.Repeat("x", 500), Evidence: arabic},
	}, {
		ID: 2, URL: "javascript:alert(1)", Title: "short", Source: "en",
	}, {
		ID: 3, URL: "https://example.com/news/1.html",
	}}
	out := alerts.Repair(in)
	if in[0].Title != arabic {
		t.Fatal("Repair changed its input")
	}
	a := out[0]
	for name, v := range map[string]string{"title": a.Title, "evidence": a.Evidence, "source": a.Source} {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\t") {
			t.Errorf("%s %q: not valid one-line UTF-8", name, v)
		}
	}
	if n := utf8.RuneCountInString(a.Title); n > 120 || !strings.HasSuffix(a.Title, "…") {
		t.Errorf("title: %d characters, %q", n, a.Title)
	}
	if n := utf8.RuneCountInString(a.Evidence); n > 300 {
		t.Errorf("evidence: %d characters", n)
	}
	if a.Source != "news ar" || a.Attacks != 3 || a.Previous != 1 || a.SiteName != "Ain al-Asad Air Base" || a.Day != "2026-11-27" {
		t.Errorf("repaired alert lost what raqib states: %+v", a)
	}
	if a.Reported != "2026-11-28" || a.Total == nil || a.Total.Attacks != 40 || utf8.RuneCountInString(a.Total.Since) > 60 {
		t.Errorf("repaired alert's day reported and running total: %q %+v", a.Reported, a.Total)
	}
	if len(in[0].Total.Since) != 500 {
		t.Error("Repair changed its input's running total")
	}
	if out[0].URL != "" || out[1].URL != "" {
		t.Errorf("an over-long and a javascript: URL were kept: %q %q", out[0].URL, out[1].URL)
	}
	if out[2].URL != in[2].URL || out[1].Title != "short" {
		t.Errorf("a plain alert changed: %+v", out[1:])
	}
	if !slices.EqualFunc(in, out, func(x, y raqib.Alert) bool { return x.ID == y.ID }) {
		t.Error("Repair reordered the batch")
	}
}
