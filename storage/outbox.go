package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/raqib/raqib"
)

// alertColumns are the columns scanAlert reads, in its order.
const alertColumns = `id, site, site_name, urgent, day, attacks, previous, exact, url, title, source, evidence, created,
	reported, total_attacks, total_since, total_exact`

// scanAlert reads one row of alertColumns, then extra.
func scanAlert(rows *sql.Rows, extra ...any) (raqib.Alert, error) {
	var a raqib.Alert
	var urgent, exact, totalExact int
	var created string
	var total raqib.RunningTotal
	dest := append([]any{&a.ID, &a.Site, &a.SiteName, &urgent, &a.Day, &a.Attacks, &a.Previous, &exact,
		&a.URL, &a.Title, &a.Source, &a.Evidence, &created,
		&a.Reported, &total.Attacks, &total.Since, &totalExact}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return a, err
	}
	a.Urgent, a.Exact, a.Created = urgent == 1, exact == 1, parseTime(created)
	if total.Attacks > 0 {
		total.Exact = totalExact == 1
		a.Total = &total
	}
	return a, nil
}

// Pending returns up to limit alerts waiting for delivery: urgent ones first,
// then oldest first.
func (db *DB) Pending(ctx context.Context, limit int) ([]raqib.Alert, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+alertColumns+`
		FROM alerts WHERE state = 'pending' ORDER BY urgent DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: pending alerts: %w", err)
	}
	defer rows.Close()
	var out []raqib.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: pending alerts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: pending alerts: %w", err)
	}
	return out, nil
}

// MarkSending records, before a message goes out, that the alerts ids are
// sent together in it, in this order. Should the process die before the
// outcome is marked, or the attempt fail, InFlight hands back exactly this
// message, so that a resend is the same message (in Discord's bot mode, the
// same nonce: Discord answers it with the message it already posted).
func (db *DB) MarkSending(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: mark sending: %w", err)
	}
	defer tx.Rollback()
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE alerts SET batch = ?, batch_pos = ? WHERE id = ? AND state = 'pending'`,
			ids[0], i, id); err != nil {
			return fmt.Errorf("storage: mark sending: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: mark sending: %w", err)
	}
	return nil
}

// InFlight returns the pending alerts that were already part of an
// attempted message (see MarkSending), grouped by that message, each group
// in message order: urgent groups first, then oldest first.
func (db *DB) InFlight(ctx context.Context) ([][]raqib.Alert, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+alertColumns+`, batch
		FROM alerts WHERE state = 'pending' AND batch != 0 ORDER BY urgent DESC, batch, batch_pos, id`)
	if err != nil {
		return nil, fmt.Errorf("storage: alerts in flight: %w", err)
	}
	defer rows.Close()
	var out [][]raqib.Alert
	last := int64(0)
	for rows.Next() {
		var batch int64
		a, err := scanAlert(rows, &batch)
		if err != nil {
			return nil, fmt.Errorf("storage: alerts in flight: %w", err)
		}
		if batch != last || len(out) == 0 {
			out = append(out, nil)
			last = batch
		}
		out[len(out)-1] = append(out[len(out)-1], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: alerts in flight: %w", err)
	}
	return out, nil
}

// PendingCount returns how many alerts wait for delivery.
func (db *DB) PendingCount(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM alerts WHERE state = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("storage: pending count: %w", err)
	}
	return n, nil
}

// MarkSent records that the destination channel (the notifier's name,
// such as "console" or "discord-webhook") accepted the alerts as messageID.
// Only pending alerts change, so a late mark cannot resurrect anything.
func (db *DB) MarkSent(ctx context.Context, ids []int64, channel, messageID string) error {
	return db.mark(ctx, ids, `state = 'sent', channel = ?, message_id = ?, sent = ?, attempts = attempts + 1`,
		channel, messageID, formatTime(db.Now()))
}

// MarkAttempt records a failed delivery attempt; the alerts stay pending.
func (db *DB) MarkAttempt(ctx context.Context, ids []int64, reason string) error {
	return db.mark(ctx, ids, `attempts = attempts + 1, last_error = ?`, reason)
}

// MarkFailed parks alerts that the destination refused for good (their
// payload was rejected even after repair). They are kept for inspection.
func (db *DB) MarkFailed(ctx context.Context, ids []int64, reason string) error {
	return db.mark(ctx, ids, `state = 'failed', attempts = attempts + 1, last_error = ?`, reason)
}

func (db *DB) mark(ctx context.Context, ids []int64, set string, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	q := `UPDATE alerts SET ` + set + ` WHERE state = 'pending' AND id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
	for _, id := range ids {
		args = append(args, id)
	}
	if _, err := db.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("storage: mark alerts: %w", err)
	}
	return nil
}

// AlertRecord is an alert with its delivery state, for reports and tests.
type AlertRecord struct {
	raqib.Alert
	State     string // pending, sent or failed
	Attempts  int
	LastError string
	// Channel is the destination that accepted a sent alert ("console",
	// "discord-webhook", "discord-bot"); "" when not sent, or sent to
	// Discord before raqib recorded it.
	Channel   string
	MessageID string
	Sent      time.Time
	// Batch and BatchPos: the message the alert was last sent in, named by
	// its first alert's id, and the alert's place in it (0 and 0: never).
	Batch    int64
	BatchPos int
}

// Alerts returns every alert in the outbox, oldest first.
func (db *DB) Alerts(ctx context.Context) ([]AlertRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+alertColumns+`,
		       state, attempts, last_error, channel, message_id, sent, batch, batch_pos
		FROM alerts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("storage: alerts: %w", err)
	}
	defer rows.Close()
	var out []AlertRecord
	for rows.Next() {
		var r AlertRecord
		var sent sql.NullString
		a, err := scanAlert(rows, &r.State, &r.Attempts, &r.LastError, &r.Channel, &r.MessageID, &sent, &r.Batch, &r.BatchPos)
		if err != nil {
			return nil, fmt.Errorf("storage: alerts: %w", err)
		}
		r.Alert = a
		if sent.Valid {
			r.Sent = parseTime(sent.String)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Tally is the count of attacks on a site on a day.
type Tally struct {
	Site    string
	Day     string
	Attacks int
}

// Tallies returns the tallies of days from..to (inclusive, YYYY-MM-DD),
// by day then site.
func (db *DB) Tallies(ctx context.Context, from, to string) ([]Tally, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT site, day, attacks FROM tallies WHERE day >= ? AND day <= ? ORDER BY day, site`, from, to)
	if err != nil {
		return nil, fmt.Errorf("storage: tallies: %w", err)
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var t Tally
		if err := rows.Scan(&t.Site, &t.Day, &t.Attacks); err != nil {
			return nil, fmt.Errorf("storage: tallies: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
