package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/raqib/raqib"
)

// The day model (issue #11): tallies are kept per (site, day of the attack),
// and running totals are kept beside them as context.

// saveReport records report r of the article id and applies the tally rule
// (raqib.Decide, which raqib check applies too) to the tally of (r.Site,
// r.Day): a rise raises it and, for an alertable article, queues an alert,
// which it returns; a report at the tally's count corroborates that count's
// alert. It runs in saveArticle's transaction.
func (db *DB) saveReport(ctx context.Context, tx *txStmts, id int64, s Save, r raqib.Report, now time.Time) (*raqib.Alert, error) {
	if r.Attacks <= 0 {
		return nil, nil
	}
	day := r.Day
	if day == "" {
		day = s.Day
	}
	nowText := formatTime(now)
	// Two entries of one day in one article: the larger stands, as
	// across articles.
	if _, err := tx.stmt(ctx, db.stmts.saveReport).ExecContext(ctx,
		id, r.Site, day, r.Attacks, boolInt(r.Exact), r.Evidence); err != nil {
		return nil, fmt.Errorf("report %s %s: %w", r.Site, day, err)
	}
	var prev int
	err := tx.stmt(ctx, db.stmts.tally).QueryRowContext(ctx, r.Site, day).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("tally %s %s: %w", r.Site, day, err)
	}
	d := raqib.Decide(prev, r.Attacks, s.Alertable)
	if d.Corroborate {
		// Another outlet at the count already alerted corroborates the
		// alert: its message gets their link, not a new message.
		if err := db.corroborate(ctx, tx, r.Site, day, prev, s.Article, nowText); err != nil {
			return nil, err
		}
	}
	if !d.Raise {
		return nil, nil
	}
	if _, err := tx.stmt(ctx, db.stmts.raiseTally).ExecContext(ctx,
		r.Site, day, d.Tally, id, nowText); err != nil {
		return nil, fmt.Errorf("tally %s %s: %w", r.Site, day, err)
	}
	if !d.Alert {
		return nil, nil
	}
	a := s.Article
	al := raqib.Alert{
		Site: r.Site, SiteName: r.SiteName, Urgent: r.Urgent, Day: day,
		Attacks: d.Tally, Previous: prev, Exact: r.Exact,
		URL: a.URL, Title: a.Title, Source: a.Source, Evidence: r.Evidence, Created: now,
		Reported: s.Day,
	}
	if al.Total, err = db.totalFor(ctx, tx, s, r.Site); err != nil {
		return nil, err
	}
	var total raqib.RunningTotal
	if al.Total != nil {
		total = *al.Total
	}
	// UNIQUE (site, day, attacks) makes a second queueing of the same rise
	// a no-op, whatever path led to it.
	res, err := tx.stmt(ctx, db.stmts.queueAlert).ExecContext(ctx,
		al.Site, al.SiteName, boolInt(al.Urgent), al.Day, al.Attacks, al.Previous, boolInt(al.Exact),
		al.URL, al.Title, al.Source, al.Evidence, nowText,
		al.Reported, total.Attacks, total.Since, boolInt(total.Exact))
	if err != nil {
		return nil, fmt.Errorf("alert %s %s: %w", r.Site, day, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, nil
	}
	al.ID, _ = res.LastInsertId()
	// One delivery per route, queued with the alert: a route is decided
	// once, when the alert arises, whatever a reload changes later.
	routes := []string{raqib.DefaultRoute}
	if s.Routes != nil {
		routes = append(routes, s.Routes(al)...)
	}
	for _, route := range routes {
		if _, err := tx.stmt(ctx, db.stmts.queueDelivery).ExecContext(ctx, al.ID, route); err != nil {
			return nil, fmt.Errorf("alert %s %s: route %s: %w", r.Site, day, route, err)
		}
	}
	return &al, nil
}

// saveTotals replaces the running totals of the article id with those s
// states.
func (db *DB) saveTotals(ctx context.Context, tx *txStmts, id int64, s Save) error {
	if _, err := tx.stmt(ctx, db.stmts.deleteTotals).ExecContext(ctx, id); err != nil {
		return fmt.Errorf("running totals: %w", err)
	}
	sites := make([]string, 0, len(s.Totals))
	for site := range s.Totals {
		sites = append(sites, site)
	}
	sort.Strings(sites) // a stable order of writes
	for _, site := range sites {
		t := s.Totals[site]
		if t.Attacks <= 0 {
			continue
		}
		if _, err := tx.stmt(ctx, db.stmts.saveTotal).ExecContext(ctx,
			id, site, s.Day, t.Attacks, t.Since, boolInt(t.Exact), t.Evidence); err != nil {
			return fmt.Errorf("running total %s: %w", site, err)
		}
	}
	return nil
}

// totalFor is the running total an alert on site shows: the one the article
// states, else the latest one stated by an article of a day from
// s.TotalsFrom to the article's own; nil when there is none.
func (db *DB) totalFor(ctx context.Context, tx *txStmts, s Save, site string) (*raqib.RunningTotal, error) {
	if t, ok := s.Totals[site]; ok && t.Attacks > 0 {
		t.Evidence = ""
		return &t, nil
	}
	if s.TotalsFrom == "" {
		return nil, nil
	}
	var t raqib.RunningTotal
	var exact int
	err := tx.stmt(ctx, db.stmts.latestTotal).QueryRowContext(ctx, site, s.TotalsFrom, s.Day).Scan(&t.Attacks, &t.Since, &exact)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("running total %s: %w", site, err)
	}
	t.Exact = exact == 1
	return &t, nil
}

// latestTotalOrder orders a site's running totals latest first: by the
// article's day, then by when the article was published (or read).
const latestTotalOrder = `t.day DESC, coalesce(a.published, a.fetched) DESC, t.article_id DESC`

// RunningTotal is a running total an article stated for a site.
type RunningTotal struct {
	Site string
	raqib.RunningTotal
	Day    string // the article's day
	Source string // the article's source
	URL    string // the article
}

// RunningTotals returns, for each site, the latest running total stated by
// an article of a day from from to to (inclusive, YYYY-MM-DD), by site.
func (db *DB) RunningTotals(ctx context.Context, from, to string) ([]RunningTotal, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT t.site, t.day, t.attacks, t.since, t.exact, t.evidence, a.source, a.url
		FROM running_totals t JOIN articles a ON a.id = t.article_id
		WHERE t.day >= ? AND t.day <= ?
		ORDER BY t.site, `+latestTotalOrder, from, to)
	if err != nil {
		return nil, fmt.Errorf("storage: running totals: %w", err)
	}
	defer rows.Close()
	var out []RunningTotal
	for rows.Next() {
		var t RunningTotal
		var exact int
		if err := rows.Scan(&t.Site, &t.Day, &t.Attacks, &t.Since, &exact, &t.Evidence, &t.Source, &t.URL); err != nil {
			return nil, fmt.Errorf("storage: running totals: %w", err)
		}
		t.Exact = exact == 1
		if len(out) > 0 && out[len(out)-1].Site == t.Site {
			continue // an older one
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
