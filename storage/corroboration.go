package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/raqib/raqib"
)

// corroborate records that article a (of another outlet) reports the tally
// of (site, day) at its current count, attacks, which was already alerted:
// the alert's message gets an "also reported by" line instead of a new
// message. One line per outlet; the outlet that raised the tally, and an
// article already linked, add nothing. It runs in saveArticle's transaction.
func (db *DB) corroborate(ctx context.Context, tx *txStmts, site, day string, attacks int, a raqib.Article, now string) error {
	var alertID int64
	var source, url string
	err := tx.stmt(ctx, db.stmts.alertOf).QueryRowContext(ctx, site, day, attacks).Scan(&alertID, &source, &url)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the tally rose without an alert (news older than max_age)
	}
	if err != nil {
		return fmt.Errorf("corroborate %s %s: %w", site, day, err)
	}
	if url == a.URL || source == a.Source || strings.TrimSpace(a.URL) == "" {
		return nil
	}
	if _, err := tx.stmt(ctx, db.stmts.corroborate).ExecContext(ctx,
		alertID, a.Source, a.URL, a.Title, now); err != nil {
		return fmt.Errorf("corroborate %s %s: %w", site, day, err)
	}
	return nil
}

// PendingEdits returns the ids of the route's messages sent through
// channel (see MarkSent) that have corroborations not yet added to them
// (on this route: see corroboration_edits), oldest corroboration first, at
// most limit. Messages of another channel wait for it; those sent before
// channels were recorded are any channel's.
func (o *Outbox) PendingEdits(ctx context.Context, channel string, limit int) ([]string, error) {
	rows, err := o.db.db.QueryContext(ctx, `
		SELECT d.message_id, min(c.id) AS first FROM corroborations c
		JOIN deliveries d ON d.alert_id = c.alert_id AND d.route = ?
		WHERE d.state = 'sent' AND d.message_id != '' AND d.channel IN (?, '')
		  AND NOT EXISTS (SELECT 1 FROM corroboration_edits e WHERE e.corroboration_id = c.id AND e.route = d.route)
		GROUP BY d.message_id ORDER BY first LIMIT ?`, o.route, channel, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: %s: pending edits: %w", o.route, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		var first int64
		if err := rows.Scan(&id, &first); err != nil {
			return nil, fmt.Errorf("storage: %s: pending edits: %w", o.route, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// MessageAlerts returns what an edit of the route's message messageID must
// show: its alerts in their order in the message, and for each alert (by
// id) the articles of other outlets that corroborate it, oldest first (the
// ones parked as failed on this route left out). through is the newest
// corroboration included, for MarkEdited.
func (o *Outbox) MessageAlerts(ctx context.Context, messageID string) (batch []raqib.Alert, also map[int64][]raqib.Article, through int64, err error) {
	rows, err := o.db.db.QueryContext(ctx, `SELECT `+alertColumns+`
		FROM deliveries d JOIN alerts a ON a.id = d.alert_id
		WHERE d.route = ? AND d.message_id = ? AND d.state = 'sent' ORDER BY d.batch_pos, a.id`, o.route, messageID)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("storage: %s: message alerts: %w", o.route, err)
	}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			rows.Close()
			return nil, nil, 0, fmt.Errorf("storage: %s: message alerts: %w", o.route, err)
		}
		batch = append(batch, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, 0, fmt.Errorf("storage: %s: message alerts: %w", o.route, err)
	}

	rows, err = o.db.db.QueryContext(ctx, `
		SELECT c.id, c.alert_id, c.source, c.url, c.title, c.created FROM corroborations c
		JOIN deliveries d ON d.alert_id = c.alert_id AND d.route = ?
		WHERE d.message_id = ? AND d.state = 'sent'
		  AND NOT EXISTS (SELECT 1 FROM corroboration_edits e
		                  WHERE e.corroboration_id = c.id AND e.route = d.route AND e.state = 'failed')
		ORDER BY c.id`, o.route, messageID)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("storage: %s: corroborations: %w", o.route, err)
	}
	defer rows.Close()
	also = map[int64][]raqib.Article{}
	for rows.Next() {
		var id, alertID int64
		var art raqib.Article
		var created string
		if err := rows.Scan(&id, &alertID, &art.Source, &art.URL, &art.Title, &created); err != nil {
			return nil, nil, 0, fmt.Errorf("storage: %s: corroborations: %w", o.route, err)
		}
		art.Fetched = parseTime(created)
		also[alertID] = append(also[alertID], art)
		through = max(through, id)
	}
	return batch, also, through, rows.Err()
}

// MarkEdited records that the route's message messageID now shows its
// corroborations up to through. Corroborations that came later stay
// pending for the next edit.
func (o *Outbox) MarkEdited(ctx context.Context, messageID string, through int64) error {
	return o.markCorroborations(ctx, messageID, through, "edited", "")
}

// MarkEditFailed parks the pending corroborations of the route's message
// messageID up to through (the edit was refused for good: the message is
// gone, or the payload was rejected even after repair). The message stays
// as it was; the other routes' messages are edited as ever.
func (o *Outbox) MarkEditFailed(ctx context.Context, messageID string, through int64, reason string) error {
	return o.markCorroborations(ctx, messageID, through, "failed", reason)
}

func (o *Outbox) markCorroborations(ctx context.Context, messageID string, through int64, state, reason string) error {
	if _, err := o.db.db.ExecContext(ctx, `
		INSERT INTO corroboration_edits (corroboration_id, route, state, last_error)
		SELECT c.id, d.route, ?, ? FROM corroborations c
		JOIN deliveries d ON d.alert_id = c.alert_id AND d.route = ?
		WHERE d.message_id = ? AND c.id <= ?
		ON CONFLICT (corroboration_id, route) DO NOTHING`, state, reason, o.route, messageID, through); err != nil {
		return fmt.Errorf("storage: %s: mark corroborations: %w", o.route, err)
	}
	return nil
}

// Check runs SQLite's integrity check and reports whether the database is
// sound: after a crash, a test or an operator can ask.
func (db *DB) Check(ctx context.Context) error {
	var res string
	if err := db.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("storage: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("storage: integrity check: %s", res)
	}
	return nil
}
