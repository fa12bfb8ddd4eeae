package main

import (
	"time"

	"github.com/raqib/raqib"
)

// reportsOf turns what the extractor found in art into reports dated by the
// article's day in loc (its publication time, else its fetch time), and
// says whether the article is recent enough (maxAge) to alert on.
func reportsOf(ex raqib.Extraction, art raqib.Article, sites map[string]raqib.Site, loc *time.Location, maxAge time.Duration, now time.Time) (day string, reports []raqib.Report, alertable bool) {
	when := art.Published
	if when.IsZero() {
		when = art.Fetched
	}
	day = when.In(loc).Format(time.DateOnly)
	reports = make([]raqib.Report, 0, len(ex.Sites))
	for _, f := range ex.Sites {
		reports = append(reports, raqib.Report{
			Site: f.Site, SiteName: f.Name, Urgent: sites[f.Site].Urgent(), Day: day,
			Attacks: f.Attacks, Exact: f.Exact, Evidence: f.Evidence,
		})
	}
	return day, reports, now.Sub(when) <= maxAge
}
