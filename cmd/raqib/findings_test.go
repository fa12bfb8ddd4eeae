package main

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

// readingOf makes one report per (site, day) the findings give, raises
// nothing from undated attacks or running totals, and keeps days too old
// or after the article as context.
func TestReadingOf(t *testing.T) {
	loc := mustLoc(t, "Asia/Baghdad")
	published := time.Date(2026, 12, 4, 10, 0, 0, 0, loc)
	sites := map[string]raqib.Site{"us-embassy-baghdad": {ID: "us-embassy-baghdad", Kind: raqib.KindEmbassy}}
	day := func(d string, n int, ev string) raqib.DayCount {
		return raqib.DayCount{Day: d, Attacks: n, Exact: true, Evidence: ev}
	}
	tests := []struct {
		name     string
		findings []raqib.Finding
		reports  []string // "site day attacks evidence"
		context  []string // "site day why"
		totals   map[string]raqib.RunningTotal
	}{
		{
			name: "today's attack",
			findings: []raqib.Finding{{Site: "harir", Name: "Harir", Attacks: 1, Evidence: "f",
				Days: []raqib.DayCount{day("2026-12-04", 1, "")}}},
			reports: []string{"harir 2026-12-04 1 f"},
		},
		{
			name: "yesterday's and today's, each its own report",
			findings: []raqib.Finding{{Site: "al-omar", Name: "Al-Omar", Attacks: 3, Evidence: "f",
				Days: []raqib.DayCount{day("2026-12-03", 2, "ams"), day("2026-12-04", 1, "today")}}},
			reports: []string{"al-omar 2026-12-03 2 ams", "al-omar 2026-12-04 1 today"},
		},
		{
			name: "undated earlier attacks and a running total raise nothing",
			findings: []raqib.Finding{{Site: "al-omar", Name: "Al-Omar", Attacks: 23, Evidence: "f",
				Days:  []raqib.DayCount{day("2026-12-04", 1, "")},
				Total: &raqib.RunningTotal{Attacks: 23, Since: "2026-12-01", Exact: true, Evidence: "t"}}},
			reports: []string{"al-omar 2026-12-04 1 f"},
			totals:  map[string]raqib.RunningTotal{"al-omar": {Attacks: 23, Since: "2026-12-01", Exact: true, Evidence: "t"}},
		},
		{
			name: "a running total alone",
			findings: []raqib.Finding{{Site: "al-omar", Name: "Al-Omar", Attacks: 60, Days: []raqib.DayCount{},
				Total: &raqib.RunningTotal{Attacks: 60}}},
			totals: map[string]raqib.RunningTotal{"al-omar": {Attacks: 60}},
		},
		{
			name:     "an earlier attack recounted without a day",
			findings: []raqib.Finding{{Site: "harir", Name: "Harir", Attacks: 2, Days: nil}},
		},
		{
			name: "days older than max_age and after the article are context",
			findings: []raqib.Finding{{Site: "harir", Name: "Harir", Attacks: 4,
				Days: []raqib.DayCount{day("2026-11-20", 1, ""), day("2026-12-01", 1, ""), day("2026-12-05", 1, ""), day("", 1, "")}}},
			reports: []string{"harir 2026-12-01 1 "},
			context: []string{"harir 2026-11-20 " + raqib.OlderThanMax, "harir 2026-12-05 " + raqib.AfterArticle, "harir  " + raqib.NotADay},
		},
		{
			name: "one day twice: the larger count",
			findings: []raqib.Finding{{Site: "harir", Name: "Harir", Attacks: 3,
				Days: []raqib.DayCount{day("2026-12-04", 1, "one"), day("2026-12-04", 2, "two"), day("2026-12-03", 0, "none")}}},
			reports: []string{"harir 2026-12-04 2 two"},
		},
		{
			name: "the embassy is urgent, other sites are not",
			findings: []raqib.Finding{
				{Site: "us-embassy-baghdad", Name: "U.S. Embassy Baghdad", Attacks: 1, Days: []raqib.DayCount{day("2026-12-04", 1, "")}},
				{Site: "harir", Name: "Harir", Attacks: 1, Days: []raqib.DayCount{day("2026-12-04", 1, "")}},
			},
			reports: []string{"us-embassy-baghdad! 2026-12-04 1 ", "harir 2026-12-04 1 "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art := raqib.Article{URL: "https://a/1", Published: published, Fetched: published.Add(time.Hour)}
			rd := readingOf(raqib.Extraction{Sites: tt.findings}, art, "", sites, loc, 72*time.Hour, published.Add(2*time.Hour))
			var reports, context []string
			for _, r := range rd.reports {
				site := r.Site
				if r.Urgent {
					site += "!"
				}
				reports = append(reports, fmt.Sprintf("%s %s %d %s", site, r.Day, r.Attacks, r.Evidence))
			}
			for _, c := range rd.context {
				context = append(context, fmt.Sprintf("%s %s %s", c.Site, c.Day, c.Why))
			}
			if !reflect.DeepEqual(reports, tt.reports) {
				t.Errorf("reports %q, want %q", reports, tt.reports)
			}
			if !reflect.DeepEqual(context, tt.context) {
				t.Errorf("context %q, want %q", context, tt.context)
			}
			if !reflect.DeepEqual(rd.totals, tt.totals) {
				t.Errorf("totals %+v, want %+v", rd.totals, tt.totals)
			}
			if rd.day != "2026-12-04" || !rd.alertable || rd.totalsFrom != "2026-12-01" {
				t.Errorf("day %s, alertable %v, totals from %s; want 2026-12-04, true, 2026-12-01", rd.day, rd.alertable, rd.totalsFrom)
			}
		})
	}

	// An article older than max_age: its reports stand, and alert nothing.
	art := raqib.Article{URL: "https://a/1", Published: published}
	f := raqib.Finding{Site: "harir", Attacks: 1, Days: []raqib.DayCount{day("2026-12-03", 1, "")}}
	rd := readingOf(raqib.Extraction{Sites: []raqib.Finding{f}}, art, "", sites, loc, 72*time.Hour, published.Add(73*time.Hour))
	if rd.alertable || len(rd.reports) != 1 {
		t.Errorf("an old article: alertable %v, %d reports; want false, 1", rd.alertable, len(rd.reports))
	}
	// An undated article keeps the day it was first read on.
	art = raqib.Article{URL: "https://a/1", Fetched: published.AddDate(0, 0, 2)}
	f = raqib.Finding{Site: "harir", Attacks: 1, Days: []raqib.DayCount{day("2026-12-04", 1, "")}}
	rd = readingOf(raqib.Extraction{Sites: []raqib.Finding{f}}, art, "2026-12-04", sites, loc, 72*time.Hour, art.Fetched)
	if rd.day != "2026-12-04" || len(rd.reports) != 1 || rd.reports[0].Day != "2026-12-04" {
		t.Errorf("an undated article read again: day %s, reports %+v", rd.day, rd.reports)
	}
}
