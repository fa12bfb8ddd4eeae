package main

import (
	"time"

	"github.com/raqib/raqib"
)

// articleDay is the article's own day in loc, the day the extractor dates
// undated attacks by: that of the publication time; for an undated article,
// firstDay (the day it was first read on, "" if never), else the fetch
// time's: an undated page that changes after midnight must not move its
// attacks to the new day, where they would alert again. when is the time
// the day was taken from.
func articleDay(art raqib.Article, firstDay string, loc *time.Location) (day string, when time.Time) {
	when = art.Published
	if when.IsZero() {
		when = art.Fetched
	}
	day = when.In(loc).Format(time.DateOnly)
	if art.Published.IsZero() && firstDay != "" {
		day = firstDay
	}
	return day, when
}

// reportsOf turns what the extractor found in art into reports dated by the
// article's day in loc, and says whether the article is recent enough
// (maxAge) to alert on.
func reportsOf(ex raqib.Extraction, art raqib.Article, firstDay string, sites map[string]raqib.Site, loc *time.Location, maxAge time.Duration, now time.Time) (day string, reports []raqib.Report, alertable bool) {
	day, when := articleDay(art, firstDay, loc)
	reports = make([]raqib.Report, 0, len(ex.Sites))
	for _, f := range ex.Sites {
		reports = append(reports, raqib.Report{
			Site: f.Site, SiteName: f.Name, Urgent: sites[f.Site].Urgent(), Day: day,
			Attacks: f.Attacks, Exact: f.Exact, Evidence: f.Evidence,
		})
	}
	return day, reports, now.Sub(when) <= maxAge
}
