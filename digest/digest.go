// Package digest makes the daily digest: the day's tally per site with the
// change against the day before, as a compact text table, and a PNG chart of
// the last ChartDays days per site. It is pure: the caller reads the tallies
// (storage.DB.Tallies) and sends the result (alerts/discord SendDigest, or
// the console).
//
// Labels are English only: the chart draws text without Arabic shaping.
package digest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/oneline"
)

// ChartDays is how many days the chart shows, ending with the digest's day.
const ChartDays = 14

// Tally is the count of attacks on a site on a day. It has the fields of
// storage.Tally, so one converts to the other: digest.Tally(t).
type Tally struct {
	Site    string
	Day     string // YYYY-MM-DD
	Attacks int
}

// Row is one site of the digest.
type Row struct {
	Site     string // gazetteer id
	Name     string // English name (the id when the gazetteer has none)
	Attacks  int    // on the digest's day
	Previous int    // on the day before
}

// Change is Attacks minus Previous.
func (r Row) Change() int { return r.Attacks - r.Previous }

// Digest is the digest of one day.
type Digest struct {
	Day      string // YYYY-MM-DD
	Previous string // the day before, "" when Day is not a valid date
	// Rows holds every site attacked on Day or on the day before (so that
	// a drop to zero shows), by attacks on Day (most first), then by name.
	Rows          []Row
	Total         int // attacks on Day, all sites
	PreviousTotal int // attacks on the day before
	Sites         int // sites attacked on Day
	// Quiet is true when no attack was reported on Day.
	Quiet bool
	// Chart is the PNG chart of the last ChartDays days. New sets it on
	// days that are not quiet; Build leaves it nil.
	Chart []byte
	// Totals are the running totals of the sites of Rows, in the order of
	// Rows: context, never counted in the day's figures. WithTotals sets
	// them.
	Totals []SiteTotal
}

// SiteTotal is a site's running total as an article stated it ("23 attacks
// on Al-Omar since 1 December").
type SiteTotal struct {
	Site string // gazetteer id
	Name string // English name, as in Rows
	raqib.RunningTotal
}

// WithTotals returns d with the running totals of the sites it lists
// (totals of other sites are left out: the digest shows them as context
// for the sites it mentions). A site with several totals keeps the first.
// WithTotals is pure.
func (d Digest) WithTotals(totals []SiteTotal) Digest {
	bySite := map[string]raqib.RunningTotal{}
	for _, t := range totals {
		if _, ok := bySite[t.Site]; !ok && t.Attacks > 0 {
			bySite[t.Site] = t.RunningTotal
		}
	}
	d.Totals = nil
	for _, r := range d.Rows {
		if t, ok := bySite[r.Site]; ok {
			d.Totals = append(d.Totals, SiteTotal{Site: r.Site, Name: r.Name, RunningTotal: t})
		}
	}
	return d
}

// Days returns the n days that end with day, oldest first: the window
// whose tallies New needs (from Days(day, ChartDays)[0] to day).
func Days(day string, n int) ([]string, error) {
	t, err := parseDay(day)
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	for i := range n {
		out[i] = t.AddDate(0, 0, i-n+1).Format(time.DateOnly)
	}
	return out, nil
}

// New builds the digest of day from tallies (at least those of the
// ChartDays days ending with day; others are ignored) and, unless the day
// is quiet, renders its chart. names gives a site's English name (nil, or
// an empty answer: the id is shown).
func New(day string, tallies []Tally, names func(id string) string) (Digest, error) {
	days, err := Days(day, ChartDays)
	if err != nil {
		return Digest{}, err
	}
	d := Build(day, tallies, names)
	if !d.Quiet {
		if d.Chart, err = Chart(days, tallies, names); err != nil {
			return d, err
		}
	}
	return d, nil
}

// Build sums up day against the day before from tallies (tallies of other
// days are ignored; several tallies of one site and day add up). It does
// not render the chart. Build is pure.
func Build(day string, tallies []Tally, names func(id string) string) Digest {
	d := Digest{Day: day}
	if t, err := parseDay(day); err == nil {
		d.Previous = t.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	bySite := map[string]*Row{}
	for _, t := range tallies {
		if t.Attacks <= 0 || (t.Day != day && (d.Previous == "" || t.Day != d.Previous)) {
			continue
		}
		r := bySite[t.Site]
		if r == nil {
			r = &Row{Site: t.Site, Name: nameOf(t.Site, names)}
			bySite[t.Site] = r
		}
		if t.Day == day {
			r.Attacks += t.Attacks
			d.Total += t.Attacks
		} else {
			r.Previous += t.Attacks
			d.PreviousTotal += t.Attacks
		}
	}
	for _, r := range bySite {
		d.Rows = append(d.Rows, *r)
		if r.Attacks > 0 {
			d.Sites++
		}
	}
	slices.SortFunc(d.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Attacks, a.Attacks), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Site, b.Site))
	})
	d.Quiet = d.Total == 0
	return d
}

func parseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, fmt.Errorf("digest: day %q: want YYYY-MM-DD", day)
	}
	return t, nil
}

// maxName bounds a site name in the table and the chart's legend, in
// characters.
const maxName = 40

// nameOf is the site's English name, made safe to print on one line: the
// id when names gives nothing.
func nameOf(id string, names func(string) string) string {
	name := ""
	if names != nil {
		name = names(id)
	}
	name = oneline.Clean(name)
	if name == "" {
		name = oneline.Clean(id)
	}
	if name == "" {
		name = "unknown site"
	}
	return cut(name, maxName)
}

// cut shortens s to at most max characters, the last an ellipsis.
func cut(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return strings.TrimRight(string(r[:max-1]), " ") + "…"
}
