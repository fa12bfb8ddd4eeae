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

// reading is what one article says, as the daemon stores it and raqib check
// shows it.
type reading struct {
	day string // the article's own day
	// reports: one per (site, day of the attacks) of the findings' Days,
	// in the order of the findings.
	reports []raqib.Report
	// context: the days of the findings that are not reports (older than
	// max_age before the article, or after its day).
	context []contextDay
	// totals: the running totals the article states, by site.
	totals map[string]raqib.RunningTotal
	// totalsFrom: the oldest article day whose running totals are still
	// news beside an alert.
	totalsFrom string
	// alertable: the article is recent enough (max_age) to alert on.
	alertable bool
}

// contextDay is a day a finding gives that is context, not a report.
type contextDay struct {
	Site, SiteName string
	raqib.DayCount
	Why string // raqib.ContextDay's reason
}

// readingOf turns what the extractor found in art into reports, one per
// (site, day) of the findings' Days, dated by the day the text gives the
// attacks (the extractor dates the others by the article's day in loc),
// and says whether the article is recent enough (maxAge) to alert on. A
// finding's undated earlier attacks and its running total are in no day:
// they raise no tally. Days more than maxAge before the article are
// context (raqib.ContextDay).
func readingOf(ex raqib.Extraction, art raqib.Article, firstDay string, sites map[string]raqib.Site, loc *time.Location, maxAge time.Duration, now time.Time) reading {
	day, when := articleDay(art, firstDay, loc)
	rd := reading{day: day, alertable: now.Sub(when) <= maxAge, reports: make([]raqib.Report, 0, len(ex.Sites)),
		totalsFrom: totalsFrom(day, maxAge, loc)}
	for _, f := range ex.Sites {
		if f.Total != nil && f.Total.Attacks > 0 {
			if rd.totals == nil {
				rd.totals = map[string]raqib.RunningTotal{}
			}
			rd.totals[f.Site] = *f.Total
		}
		first := len(rd.reports)
		for _, d := range f.Days {
			if d.Attacks <= 0 {
				continue
			}
			if why := raqib.ContextDay(d.Day, day, when, loc, maxAge); why != "" {
				rd.context = append(rd.context, contextDay{Site: f.Site, SiteName: f.Name, DayCount: d, Why: why})
				continue
			}
			ev := d.Evidence
			if ev == "" {
				ev = f.Evidence
			}
			r := raqib.Report{
				Site: f.Site, SiteName: f.Name, Urgent: sites[f.Site].Urgent(), Day: d.Day,
				Attacks: d.Attacks, Exact: d.Exact, Evidence: ev,
			}
			rd.reports = mergeDay(rd.reports, first, r)
		}
	}
	return rd
}

// mergeDay appends r to reports unless reports[first:] (the finding's) has
// its day already: one report per (site, day), the larger count standing.
func mergeDay(reports []raqib.Report, first int, r raqib.Report) []raqib.Report {
	for i := first; i < len(reports); i++ {
		if reports[i].Day == r.Day {
			if r.Attacks > reports[i].Attacks {
				reports[i] = r
			}
			return reports
		}
	}
	return append(reports, r)
}

// totalsFrom is the oldest article day whose running totals are still news
// on day: max_age before it, in whole days rounded up (72h: the 3 days
// before day). "" when day is not a day.
func totalsFrom(day string, maxAge time.Duration, loc *time.Location) string {
	d, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return ""
	}
	return d.AddDate(0, 0, -int((maxAge+24*time.Hour-1)/(24*time.Hour))).Format(time.DateOnly)
}
