package storage

import (
	"context"
	"fmt"
	"time"
)

// SiteArticle is an article that reported attacks on a site: what the
// bot's /raqib site lists.
type SiteArticle struct {
	URL    string
	Title  string
	Source string
	// Days are the days of the attacks it reported on the site, oldest
	// first, with Attacks their largest count.
	Days    []string
	Attacks int
	// Published is the article's date, its fetch time when it gives none.
	Published time.Time
}

// SiteArticles returns the latest limit articles that reported attacks on
// site, newest first (by publication, else fetch time).
func (db *DB) SiteArticles(ctx context.Context, site string, limit int) ([]SiteArticle, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.url, a.title, a.source, coalesce(a.published, a.fetched), r.day, r.attacks
		FROM articles a JOIN reports r ON r.article_id = a.id
		WHERE r.site = ? AND a.id IN (
			SELECT a2.id FROM articles a2 JOIN reports r2 ON r2.article_id = a2.id
			WHERE r2.site = ?
			GROUP BY a2.id
			ORDER BY coalesce(a2.published, a2.fetched) DESC, a2.id DESC
			LIMIT ?)
		ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC, r.day`, site, site, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: articles of %s: %w", site, err)
	}
	defer rows.Close()
	var out []SiteArticle
	var last int64
	for rows.Next() {
		var id int64
		var a SiteArticle
		var when, day string
		var n int
		if err := rows.Scan(&id, &a.URL, &a.Title, &a.Source, &when, &day, &n); err != nil {
			return nil, fmt.Errorf("storage: articles of %s: %w", site, err)
		}
		if len(out) == 0 || id != last {
			a.Published = parseTime(when)
			out = append(out, a)
			last = id
		}
		cur := &out[len(out)-1]
		cur.Days = append(cur.Days, day)
		cur.Attacks = max(cur.Attacks, n)
	}
	return out, rows.Err()
}
