package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/raqib/raqib"
)

// alertColumns are the columns scanAlert reads, in its order, from the
// alerts table named a.
const alertColumns = `a.id, a.site, a.site_name, a.urgent, a.day, a.attacks, a.previous, a.exact, a.url, a.title,
	a.source, a.evidence, a.created, a.reported, a.total_attacks, a.total_since, a.total_exact`

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

// Outbox is the outbox of one route: the deliveries of the alerts queued
// for it (see Save.Routes), which a dispatcher of its own sends. Routes
// share nothing but the alerts: each has its own pending alerts, messages
// in flight, attempts and corroboration edits, so that one route failing
// or rate limited never holds up another. Its methods are safe for
// concurrent use.
type Outbox struct {
	db    *DB
	route string
}

// Outbox returns the outbox of route: raqib.DefaultRoute (the discord:
// block's), or a route of routes:.
func (db *DB) Outbox(route string) *Outbox { return &Outbox{db: db, route: route} }

// Route is the route whose outbox o is.
func (o *Outbox) Route() string { return o.route }

// Pending returns up to limit alerts waiting for delivery on the route:
// urgent ones first, then oldest first.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]raqib.Alert, error) {
	rows, err := o.db.db.QueryContext(ctx, `SELECT `+alertColumns+`
		FROM deliveries d JOIN alerts a ON a.id = d.alert_id
		WHERE d.route = ? AND d.state = 'pending' ORDER BY a.urgent DESC, a.id LIMIT ?`, o.route, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: %s: pending alerts: %w", o.route, err)
	}
	defer rows.Close()
	var out []raqib.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: %s: pending alerts: %w", o.route, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: %s: pending alerts: %w", o.route, err)
	}
	return out, nil
}

// MarkSending records, before a message goes out on the route, that the
// alerts ids are sent together in it, in this order. Should the process die
// before the outcome is marked, or the attempt fail, InFlight hands back
// exactly this message, so that a resend is the same message (in Discord's
// bot mode, the same nonce: Discord answers it with the message it already
// posted).
func (o *Outbox) MarkSending(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := o.db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: %s: mark sending: %w", o.route, err)
	}
	defer tx.Rollback()
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET batch = ?, batch_pos = ?
			WHERE alert_id = ? AND route = ? AND state = 'pending'`, ids[0], i, id, o.route); err != nil {
			return fmt.Errorf("storage: %s: mark sending: %w", o.route, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: %s: mark sending: %w", o.route, err)
	}
	return nil
}

// InFlight returns the route's pending alerts that were already part of an
// attempted message (see MarkSending), grouped by that message, each group
// in message order: urgent groups first, then oldest first.
func (o *Outbox) InFlight(ctx context.Context) ([][]raqib.Alert, error) {
	rows, err := o.db.db.QueryContext(ctx, `SELECT `+alertColumns+`, d.batch
		FROM deliveries d JOIN alerts a ON a.id = d.alert_id
		WHERE d.route = ? AND d.state = 'pending' AND d.batch != 0
		ORDER BY a.urgent DESC, d.batch, d.batch_pos, a.id`, o.route)
	if err != nil {
		return nil, fmt.Errorf("storage: %s: alerts in flight: %w", o.route, err)
	}
	defer rows.Close()
	var out [][]raqib.Alert
	last := int64(0)
	for rows.Next() {
		var batch int64
		a, err := scanAlert(rows, &batch)
		if err != nil {
			return nil, fmt.Errorf("storage: %s: alerts in flight: %w", o.route, err)
		}
		if batch != last || len(out) == 0 {
			out = append(out, nil)
			last = batch
		}
		out[len(out)-1] = append(out[len(out)-1], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: %s: alerts in flight: %w", o.route, err)
	}
	return out, nil
}

// PendingCount returns how many alerts wait for delivery on the route.
func (o *Outbox) PendingCount(ctx context.Context) (int, error) {
	var n int
	if err := o.db.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE route = ? AND state = 'pending'`,
		o.route).Scan(&n); err != nil {
		return 0, fmt.Errorf("storage: %s: pending count: %w", o.route, err)
	}
	return n, nil
}

// PendingCount returns how many deliveries wait, on every route.
func (db *DB) PendingCount(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE state = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("storage: pending count: %w", err)
	}
	return n, nil
}

// MarkSent records that the route's destination channel (the notifier's
// name, such as "console" or "discord-webhook") accepted the alerts as
// messageID. Only pending deliveries change, so a late mark cannot
// resurrect anything.
func (o *Outbox) MarkSent(ctx context.Context, ids []int64, channel, messageID string) error {
	return o.mark(ctx, ids, `state = 'sent', channel = ?, message_id = ?, sent = ?, attempts = attempts + 1`,
		channel, messageID, formatTime(o.db.Now()))
}

// MarkAttempt records a failed delivery attempt; the alerts stay pending.
func (o *Outbox) MarkAttempt(ctx context.Context, ids []int64, reason string) error {
	return o.mark(ctx, ids, `attempts = attempts + 1, last_error = ?`, reason)
}

// MarkFailed parks alerts that the route's destination refused for good
// (their payload was rejected even after repair). They are kept for
// inspection; the other routes' deliveries of them go on.
func (o *Outbox) MarkFailed(ctx context.Context, ids []int64, reason string) error {
	return o.mark(ctx, ids, `state = 'failed', attempts = attempts + 1, last_error = ?`, reason)
}

func (o *Outbox) mark(ctx context.Context, ids []int64, set string, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	q := `UPDATE deliveries SET ` + set + ` WHERE route = ? AND state = 'pending' AND alert_id IN (?` +
		strings.Repeat(",?", len(ids)-1) + `)`
	args = append(args, o.route)
	for _, id := range ids {
		args = append(args, id)
	}
	if _, err := o.db.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("storage: %s: mark alerts: %w", o.route, err)
	}
	return nil
}

// AlertRecord is an alert with the state of its delivery on one route, for
// reports and tests.
type AlertRecord struct {
	raqib.Alert
	Route     string // raqib.DefaultRoute, or a route of routes:
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

// Alerts returns every alert in the outbox with its delivery on the
// default route, oldest first.
func (db *DB) Alerts(ctx context.Context) ([]AlertRecord, error) {
	return db.deliveries(ctx, `WHERE d.route = ?`, raqib.DefaultRoute)
}

// Deliveries returns every delivery of every alert, by alert (oldest
// first), then route.
func (db *DB) Deliveries(ctx context.Context) ([]AlertRecord, error) {
	return db.deliveries(ctx, "")
}

func (db *DB) deliveries(ctx context.Context, where string, args ...any) ([]AlertRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+alertColumns+`,
		       d.route, d.state, d.attempts, d.last_error, d.channel, d.message_id, d.sent, d.batch, d.batch_pos
		FROM deliveries d JOIN alerts a ON a.id = d.alert_id `+where+` ORDER BY a.id, d.route`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: alerts: %w", err)
	}
	defer rows.Close()
	var out []AlertRecord
	for rows.Next() {
		var r AlertRecord
		var sent sql.NullString
		a, err := scanAlert(rows, &r.Route, &r.State, &r.Attempts, &r.LastError, &r.Channel, &r.MessageID, &sent, &r.Batch, &r.BatchPos)
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
