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

// PendingEdits returns the ids of messages sent through channel (see
// MarkSent) that have corroborations not yet added to them, oldest
// corroboration first, at most limit. Messages of another channel wait for
// it; those sent before channels were recorded are any channel's.
func (db *DB) PendingEdits(ctx context.Context, channel string, limit int) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.message_id, min(c.id) AS first FROM corroborations c JOIN alerts a ON a.id = c.alert_id
		WHERE c.state = 'pending' AND a.state = 'sent' AND a.message_id != '' AND a.channel IN (?, '')
		GROUP BY a.message_id ORDER BY first LIMIT ?`, channel, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: pending edits: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		var first int64
		if err := rows.Scan(&id, &first); err != nil {
			return nil, fmt.Errorf("storage: pending edits: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// MessageAlerts returns what an edit of message messageID must show: its
// alerts in their order in the message, and for each alert (by id) the
// articles of other outlets that corroborate it, oldest first (the ones
// parked as failed left out). through is the newest corroboration included,
// for MarkEdited.
func (db *DB) MessageAlerts(ctx context.Context, messageID string) (batch []raqib.Alert, also map[int64][]raqib.Article, through int64, err error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+alertColumns+`
		FROM alerts WHERE message_id = ? AND state = 'sent' ORDER BY batch_pos, id`, messageID)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("storage: message alerts: %w", err)
	}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			rows.Close()
			return nil, nil, 0, fmt.Errorf("storage: message alerts: %w", err)
		}
		batch = append(batch, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, 0, fmt.Errorf("storage: message alerts: %w", err)
	}

	rows, err = db.db.QueryContext(ctx, `
		SELECT c.id, c.alert_id, c.source, c.url, c.title, c.created FROM corroborations c
		JOIN alerts a ON a.id = c.alert_id
		WHERE a.message_id = ? AND a.state = 'sent' AND c.state != 'failed' ORDER BY c.id`, messageID)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("storage: corroborations: %w", err)
	}
	defer rows.Close()
	also = map[int64][]raqib.Article{}
	for rows.Next() {
		var id, alertID int64
		var art raqib.Article
		var created string
		if err := rows.Scan(&id, &alertID, &art.Source, &art.URL, &art.Title, &created); err != nil {
			return nil, nil, 0, fmt.Errorf("storage: corroborations: %w", err)
		}
		art.Fetched = parseTime(created)
		also[alertID] = append(also[alertID], art)
		through = max(through, id)
	}
	return batch, also, through, rows.Err()
}

// MarkEdited records that message messageID now shows its corroborations up
// to through. Corroborations that came later stay pending for the next edit.
func (db *DB) MarkEdited(ctx context.Context, messageID string, through int64) error {
	return db.markCorroborations(ctx, messageID, through, `state = 'edited', attempts = attempts + 1`)
}

// MarkEditFailed parks the pending corroborations of messageID up to through
// (the edit was refused for good: the message is gone, or the payload was
// rejected even after repair). The message stays as it was.
func (db *DB) MarkEditFailed(ctx context.Context, messageID string, through int64, reason string) error {
	return db.markCorroborations(ctx, messageID, through, `state = 'failed', attempts = attempts + 1, last_error = ?`, reason)
}

func (db *DB) markCorroborations(ctx context.Context, messageID string, through int64, set string, args ...any) error {
	args = append(args, through, messageID)
	if _, err := db.db.ExecContext(ctx, `UPDATE corroborations SET `+set+`
		WHERE state = 'pending' AND id <= ? AND alert_id IN (SELECT id FROM alerts WHERE message_id = ?)`, args...); err != nil {
		return fmt.Errorf("storage: mark corroborations: %w", err)
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
