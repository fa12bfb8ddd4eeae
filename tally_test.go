package raqib

import (
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name           string
		tally, attacks int
		alertable      bool
		want           Decision
	}{
		{"first attack of the day", 0, 1, true, Decision{Tally: 1, Raise: true, Alert: true}},
		{"more than seen before", 2, 3, true, Decision{Tally: 3, Raise: true, Alert: true}},
		{"a jump", 1, 7, true, Decision{Tally: 7, Raise: true, Alert: true}},
		{"the same count: another outlet confirms", 2, 2, true, Decision{Tally: 2, Corroborate: true}},
		{"fewer: never summed, never lowered", 3, 1, true, Decision{Tally: 3}},
		{"an old article raises silently", 1, 2, false, Decision{Tally: 2, Raise: true}},
		{"an old article's first report raises silently", 0, 1, false, Decision{Tally: 1, Raise: true}},
		{"an old article does not corroborate", 2, 2, false, Decision{Tally: 2}},
		{"an old article at a lower count", 3, 2, false, Decision{Tally: 3}},
		{"no attacks is no report", 0, 0, true, Decision{Tally: 0}},
		{"a negative count is no report", 2, -1, true, Decision{Tally: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.tally, tt.attacks, tt.alertable); got != tt.want {
				t.Errorf("Decide(%d, %d, %v) = %+v, want %+v", tt.tally, tt.attacks, tt.alertable, got, tt.want)
			}
		})
	}
}

func TestContextDay(t *testing.T) {
	baghdad, err := time.LoadLocation("Asia/Baghdad")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day string, hour int) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, day, baghdad)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	const maxAge = 72 * time.Hour
	tests := []struct {
		name, day, articleDay string
		when                  time.Time
		maxAge                time.Duration
		want                  string
	}{
		{"the article's own day", "2026-12-04", "2026-12-04", at("2026-12-04", 10), maxAge, ""},
		{"yesterday", "2026-12-03", "2026-12-04", at("2026-12-04", 10), maxAge, ""},
		// 1 Dec ended 58 hours before the article: within 72h.
		{"three days before", "2026-12-01", "2026-12-04", at("2026-12-04", 10), maxAge, ""},
		// 30 Nov ended 82 hours before the article.
		{"four days before", "2026-11-30", "2026-12-04", at("2026-12-04", 10), maxAge, OlderThanMax},
		// 30 Nov ended 72 hours before an article at midnight: not more.
		{"exactly max_age", "2026-11-30", "2026-12-03", at("2026-12-03", 0), maxAge, ""},
		{"a week before", "2026-11-27", "2026-12-04", at("2026-12-04", 10), maxAge, OlderThanMax},
		// Yesterday ended before a short max_age began? Not at 01:00.
		{"yesterday under a short max_age, early", "2026-12-03", "2026-12-04", at("2026-12-04", 1), 12 * time.Hour, ""},
		{"yesterday under a short max_age, late", "2026-12-03", "2026-12-04", at("2026-12-04", 13), 12 * time.Hour, OlderThanMax},
		{"tomorrow", "2026-12-05", "2026-12-04", at("2026-12-04", 10), maxAge, AfterArticle},
		// An undated article first read on 27 Nov, read again on 5 Dec:
		// its days count from the end of 27 Nov, not from the new read.
		{"undated article read again later", "2026-11-27", "2026-11-27", at("2026-12-05", 9), maxAge, ""},
		{"no time at all", "2026-12-04", "2026-12-04", time.Time{}, maxAge, ""},
		{"not a day", "yesterday", "2026-12-04", at("2026-12-04", 10), maxAge, NotADay},
		{"an impossible day", "2026-02-30", "2026-12-04", at("2026-12-04", 10), maxAge, NotADay},
		{"an article without a day", "2026-12-04", "", at("2026-12-04", 10), maxAge, NotADay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContextDay(tt.day, tt.articleDay, tt.when, baghdad, tt.maxAge); got != tt.want {
				t.Errorf("ContextDay(%s, %s, %s, %s) = %q, want %q", tt.day, tt.articleDay, tt.when, tt.maxAge, got, tt.want)
			}
		})
	}
	// Day boundaries are the configured zone's: 23:00 UTC on 3 Dec is
	// already 4 Dec in Baghdad, so 4 Dec is not after the article's day.
	utc := time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC)
	if got := ContextDay("2026-12-04", utc.In(baghdad).Format(time.DateOnly), utc, baghdad, maxAge); got != "" {
		t.Errorf("4 Dec of an article at 23:00 UTC on 3 Dec in Baghdad: %q, want a report", got)
	}
}

func TestRunningTotalContext(t *testing.T) {
	tests := []struct {
		total RunningTotal
		site  string
		want  string
	}{
		{RunningTotal{Attacks: 23, Since: "2026-12-01", Exact: true}, "Al-Omar Oil Field Base", "23 attacks on Al-Omar Oil Field Base since 2026-12-01"},
		{RunningTotal{Attacks: 60}, "Harir Air Base", "at least 60 attacks on Harir Air Base to date"},
		{RunningTotal{Attacks: 1, Exact: true, Since: "2026-10-19"}, "", "1 attack since 2026-10-19"},
	}
	for _, tt := range tests {
		if got := tt.total.Context(tt.site); got != tt.want {
			t.Errorf("%+v.Context(%q) = %q, want %q", tt.total, tt.site, got, tt.want)
		}
	}
}

func TestReportedLater(t *testing.T) {
	for _, tt := range []struct {
		day, reported string
		want          bool
	}{
		{"2026-12-03", "2026-12-04", true},
		{"2026-12-04", "2026-12-04", false},
		{"2026-12-04", "", false}, // an alert stored before the day model
	} {
		if got := (Alert{Day: tt.day, Reported: tt.reported}).ReportedLater(); got != tt.want {
			t.Errorf("day %s reported %q: ReportedLater() = %v, want %v", tt.day, tt.reported, got, tt.want)
		}
	}
}
