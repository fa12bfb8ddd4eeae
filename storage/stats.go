package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DeliveryCounts returns how many deliveries are in each state (pending,
// sent, failed), by route.
func (db *DB) DeliveryCounts(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT route, state, count(*) FROM deliveries GROUP BY route, state`)
	if err != nil {
		return nil, fmt.Errorf("storage: delivery counts: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var route, state string
		var n int
		if err := rows.Scan(&route, &state, &n); err != nil {
			return nil, fmt.Errorf("storage: delivery counts: %w", err)
		}
		if out[route] == nil {
			out[route] = map[string]int{}
		}
		out[route][state] = n
	}
	return out, rows.Err()
}

// TallyOf returns the tally of site on day, 0 when there is none.
func (db *DB) TallyOf(ctx context.Context, site, day string) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT attacks FROM tallies WHERE site = ? AND day = ?`, site, day).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("storage: tally %s %s: %w", site, day, err)
	}
	return n, nil
}

// ArticleDay returns the calendar day stored for the article at url, and
// whether it is known. An undated article keeps the day it was first read
// on, whatever day it changes on later.
func (db *DB) ArticleDay(ctx context.Context, url string) (string, bool, error) {
	var day string
	err := db.db.QueryRowContext(ctx, `SELECT day FROM articles WHERE url = ?`, url).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("storage: article day: %w", err)
	}
	return day, true, nil
}
