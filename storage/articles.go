package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/raqib/raqib"
)

// Save is one article read in a pass and what the extractor found in it.
type Save struct {
	Article raqib.Article
	Day     string // the article's calendar day in the configured time zone
	Hash    string // content hash of Article.Text
	Reports []raqib.Report
	// Alertable is false for articles older than max_age: their reports still
	// raise tallies, but no alert is queued for news that old.
	Alertable bool
}

// ArticleHash returns the content hash stored for url, and whether the
// article is known at all. A pass skips extraction when the hash is unchanged.
func (db *DB) ArticleHash(ctx context.Context, url string) (string, bool, error) {
	var h string
	err := db.db.QueryRowContext(ctx, `SELECT content_hash FROM articles WHERE url = ?`, url).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("storage: article hash: %w", err)
	}
	return h, true, nil
}

// SaveArticle records the article and its reports, raises each tally the
// reports exceed and queues one alert per rise, all in one transaction: a
// tally never rises without its alert, and an alert never exists without the
// rise. It returns the alerts queued.
//
// A report at or below the current tally changes nothing: outlets repeat each
// other, so counts are never summed across articles. A site an article no
// longer mentions keeps its tally: nothing already alerted is taken back.
func (db *DB) SaveArticle(ctx context.Context, s Save) ([]raqib.Alert, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	defer tx.Rollback()

	alerts, err := db.saveArticle(ctx, tx, s)
	if err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storage: save %s: %w", s.Article.URL, err)
	}
	return alerts, nil
}

func (db *DB) saveArticle(ctx context.Context, tx *sql.Tx, s Save) ([]raqib.Alert, error) {
	a := s.Article
	now := db.Now()
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO articles (url, source, title, published, fetched, day, content_hash, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET
			source = excluded.source, title = excluded.title, published = excluded.published,
			fetched = excluded.fetched, day = excluded.day,
			content_hash = excluded.content_hash, body = excluded.body
		RETURNING id`,
		a.URL, a.Source, a.Title, nullTime(a.Published), formatTime(a.Fetched), s.Day, s.Hash, a.Text,
	).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	// The article's latest reading replaces its earlier one.
	if _, err := tx.ExecContext(ctx, `DELETE FROM reports WHERE article_id = ?`, id); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}

	var alerts []raqib.Alert
	for _, r := range s.Reports {
		if r.Attacks <= 0 {
			continue
		}
		day := r.Day
		if day == "" {
			day = s.Day
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO reports (article_id, site, day, attacks, exact, evidence) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (article_id, site) DO UPDATE SET attacks = max(attacks, excluded.attacks)`,
			id, r.Site, day, r.Attacks, boolInt(r.Exact), r.Evidence); err != nil {
			return nil, fmt.Errorf("report %s: %w", r.Site, err)
		}

		var prev int
		err := tx.QueryRowContext(ctx, `SELECT attacks FROM tallies WHERE site = ? AND day = ?`, r.Site, day).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("tally %s %s: %w", r.Site, day, err)
		}
		if r.Attacks <= prev {
			// Another outlet at the count already alerted corroborates
			// the alert: its message gets their link, not a new message.
			if r.Attacks == prev && s.Alertable {
				if err := corroborate(ctx, tx, r.Site, day, prev, a, formatTime(now)); err != nil {
					return nil, err
				}
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO tallies (site, day, attacks, article_id, updated) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (site, day) DO UPDATE SET
				attacks = excluded.attacks, article_id = excluded.article_id, updated = excluded.updated`,
			r.Site, day, r.Attacks, id, formatTime(now)); err != nil {
			return nil, fmt.Errorf("tally %s %s: %w", r.Site, day, err)
		}
		if !s.Alertable {
			continue
		}
		al := raqib.Alert{
			Site: r.Site, SiteName: r.SiteName, Urgent: r.Urgent, Day: day,
			Attacks: r.Attacks, Previous: prev, Exact: r.Exact,
			URL: a.URL, Title: a.Title, Source: a.Source, Evidence: r.Evidence, Created: now,
		}
		// UNIQUE (site, day, attacks) makes a second queueing of the same
		// rise a no-op, whatever path led to it.
		res, err := tx.ExecContext(ctx, `
			INSERT INTO alerts (site, site_name, urgent, day, attacks, previous, exact, url, title, source, evidence, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site, day, attacks) DO NOTHING`,
			al.Site, al.SiteName, boolInt(al.Urgent), al.Day, al.Attacks, al.Previous, boolInt(al.Exact),
			al.URL, al.Title, al.Source, al.Evidence, formatTime(now))
		if err != nil {
			return nil, fmt.Errorf("alert %s %s: %w", r.Site, day, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			al.ID, _ = res.LastInsertId()
			alerts = append(alerts, al)
		}
	}
	return alerts, nil
}

// PruneBodies drops the text of articles fetched before cutoff and returns
// how many it dropped. The rows stay: reports, tallies and alert history
// keep pointing at them.
func (db *DB) PruneBodies(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE articles SET body = NULL WHERE body IS NOT NULL AND fetched < ?`, formatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("storage: prune: %w", err)
	}
	return res.RowsAffected()
}
