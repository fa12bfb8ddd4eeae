package raqib

import (
	"strconv"
	"time"
)

// The rules of "Tallies, diffs and alerts" (the interface spec) that decide
// what a report does. They are pure, and both the daemon (storage, which
// applies them inside the transaction of each article) and the dry run
// (raqib check) call them, so that a dry run can never disagree with the
// daemon.

// Decision is what one report does to the tally of its (site, day).
type Decision struct {
	// Tally is the tally after the report: the larger of the two counts.
	// Counts are never summed across articles: outlets repeat each other.
	Tally int
	// Raise: the report states more attacks than the tally, which becomes
	// its count.
	Raise bool
	// Alert: an alert is due, because the tally rose on an article recent
	// enough to alert on.
	Alert bool
	// Corroborate: the report states the count the tally already has, in an
	// article recent enough to alert on. The alert of that count, if there
	// is one, lists the article as "also reported by" instead of a new alert.
	Corroborate bool
}

// Decide applies the tally rule to a report of attacks on a (site, day)
// whose tally is tally (0: none yet). alertable is false for an article
// older than max_age: its report still raises the tally, silently.
func Decide(tally, attacks int, alertable bool) Decision {
	switch {
	case attacks <= 0:
		return Decision{Tally: tally}
	case attacks > tally:
		return Decision{Tally: attacks, Raise: true, Alert: alertable}
	case attacks == tally:
		return Decision{Tally: tally, Corroborate: alertable}
	}
	return Decision{Tally: tally}
}

// Reasons a day an extraction gives is context rather than a report.
const (
	NotADay      = "not a day"
	AfterArticle = "after the article's day"
	OlderThanMax = "older than max_age before the article"
)

// ContextDay says whether the attacks an article gives day (YYYY-MM-DD) are
// a report, which may raise the tally of (site, day): it returns "" for a
// report, else why they are context. articleDay is the article's own day in
// loc, and when the time it was published (or fetched, when it gives none).
//
// A day is context when all of it lies more than maxAge before the article
// (its end, midnight in loc, is more than maxAge before when), or when it
// comes after the article's own day, which no article can report. The
// article's time counts at most up to the end of its own day: an undated
// article keeps the day it was first read on, whenever it is read again.
func ContextDay(day, articleDay string, when time.Time, loc *time.Location, maxAge time.Duration) string {
	d, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return NotADay
	}
	a, err := time.ParseInLocation(time.DateOnly, articleDay, loc)
	if err != nil {
		return NotADay
	}
	if d.After(a) {
		return AfterArticle
	}
	ref := when
	if end := a.AddDate(0, 0, 1); ref.IsZero() || ref.After(end) {
		ref = end
	}
	if ref.Sub(d.AddDate(0, 0, 1)) > maxAge {
		return OlderThanMax
	}
	return ""
}

// Context words a running total for people, as alerts and the digest show
// it beside a site: "23 attacks on Al-Omar Oil Field Base since
// 2026-12-01", "at least 60 attacks on Harir Air Base to date".
func (t RunningTotal) Context(siteName string) string {
	s := strconv.Itoa(t.Attacks) + " attacks"
	if t.Attacks == 1 {
		s = "1 attack"
	}
	if !t.Exact {
		s = "at least " + s
	}
	if siteName != "" {
		s += " on " + siteName
	}
	if t.Since != "" {
		return s + " since " + t.Since
	}
	return s + " to date"
}

// ReportedLater reports whether the alert is about attacks of a day before
// that of the article that reported them.
func (a Alert) ReportedLater() bool { return a.Reported != "" && a.Reported != a.Day }
