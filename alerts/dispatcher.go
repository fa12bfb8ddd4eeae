// Package alerts delivers the alerts that storage queues: a dispatcher reads
// the outbox, batches, sends through a Notifier, retries what failed, and
// marks each alert sent only once its destination accepted it.
package alerts

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/raqib/raqib"
)

// Outbox is the part of storage the dispatcher needs.
type Outbox interface {
	// Pending returns up to limit alerts waiting for delivery, urgent
	// first, then oldest first.
	Pending(ctx context.Context, limit int) ([]raqib.Alert, error)
	// InFlight returns the pending alerts already attempted, grouped by the
	// message they were attempted in (see MarkSending), in message order.
	InFlight(ctx context.Context) ([][]raqib.Alert, error)
	// MarkSending records, before a message goes out, which alerts it
	// carries and in what order.
	MarkSending(ctx context.Context, ids []int64) error
	// MarkSent records that channel (the Notifier's Name) accepted the
	// alerts as message messageID: delivered there, never sent again.
	MarkSent(ctx context.Context, ids []int64, channel, messageID string) error
	MarkAttempt(ctx context.Context, ids []int64, reason string) error
	MarkFailed(ctx context.Context, ids []int64, reason string) error
	PendingCount(ctx context.Context) (int, error)
}

// EditOutbox is the part of storage that corroborations need. An Outbox
// that also implements it, with a Notifier that implements Editor, gets
// sent messages edited to add the outlets that corroborate their alerts.
type EditOutbox interface {
	// PendingEdits returns up to limit ids of messages sent through
	// channel (the Notifier's Name) with corroborations not yet shown.
	PendingEdits(ctx context.Context, channel string, limit int) ([]string, error)
	// MessageAlerts returns the alerts of a message in order, what
	// corroborates each (by alert id), and the newest corroboration included.
	MessageAlerts(ctx context.Context, messageID string) ([]raqib.Alert, map[int64][]raqib.Article, int64, error)
	MarkEdited(ctx context.Context, messageID string, through int64) error
	MarkEditFailed(ctx context.Context, messageID string, through int64, reason string) error
}

// Defaults of the dispatcher.
const (
	// DefaultBatch is how many alerts share one message: Discord's limit of
	// embeds per message.
	DefaultBatch = 10
	// DefaultMinBackoff and DefaultMaxBackoff bound the wait between retries
	// of temporary failures.
	DefaultMinBackoff = 2 * time.Second
	DefaultMaxBackoff = 5 * time.Minute
	// DefaultAuthBackoff is the wait after the destination refused our
	// credentials: a person has to fix the config, so retry rarely.
	DefaultAuthBackoff = 15 * time.Minute
	// DefaultPoll is how often the daemon looks at the outbox even when
	// nothing kicked it (alerts left by an earlier process, for one).
	DefaultPoll = time.Minute
)

// Dispatcher sends pending alerts from the outbox through a Notifier.
type Dispatcher struct {
	outbox   Outbox
	notifier Notifier
	log      *slog.Logger
	kick     chan struct{}
	drainMu  sync.Mutex // one drain at a time: no alert is sent twice in parallel

	Batch       int
	MinBackoff  time.Duration
	MaxBackoff  time.Duration
	AuthBackoff time.Duration
	Poll        time.Duration
}

// NewDispatcher returns a dispatcher with the Default* settings.
func NewDispatcher(o Outbox, n Notifier, log *slog.Logger) *Dispatcher {
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{
		outbox: o, notifier: n, log: log, kick: make(chan struct{}, 1),
		Batch: DefaultBatch, MinBackoff: DefaultMinBackoff, MaxBackoff: DefaultMaxBackoff,
		AuthBackoff: DefaultAuthBackoff, Poll: DefaultPoll,
	}
}

// Kick tells Run that new alerts are waiting. It never blocks.
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Drain sends pending alerts until none is left, and returns how many it
// sent; then it applies pending corroborations as edits of sent messages.
// It stops at the first failure that retrying now cannot fix (temporary,
// rate limit, credentials) and returns it; the alerts concerned stay
// pending. A rejected message is repaired and retried once (see send), so
// one bad alert never blocks the others.
//
// Before each message goes out its alerts are recorded as in flight
// (Outbox.MarkSending), and alerts in flight are sent again as the same
// message: a crash or a lost answer repeats at most that one message, and
// in Discord's bot mode not even that (the same nonce returns the message
// already posted). ctx ending stops Drain between messages: the one under
// way is finished and recorded (see attempt).
func (d *Dispatcher) Drain(ctx context.Context) (int, error) {
	d.drainMu.Lock()
	defer d.drainMu.Unlock()
	sent := 0
	for {
		batches, err := d.plan(ctx)
		if err != nil {
			return sent, err
		}
		if len(batches) == 0 {
			break
		}
		for _, batch := range batches {
			n, err := d.send(ctx, batch)
			sent += n
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, d.edits(ctx)
}

// plan reads the outbox and returns the next messages to send: the groups in
// flight as they were, the rest batched by Batches, all in the order urgent
// first, then oldest first.
func (d *Dispatcher) plan(ctx context.Context) ([][]raqib.Alert, error) {
	pending, err := d.outbox.Pending(ctx, d.Batch*4)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	groups, err := d.outbox.InFlight(ctx)
	if err != nil {
		return nil, err
	}
	return Plan(pending, groups, d.Batch), nil
}

// Plan orders the messages of one round of delivery. groups (alerts already
// attempted together) stay as they are, so that a resend is the same
// message; the other pending alerts are batched as Batches does; messages go
// urgent first, then by their oldest alert. An alert in a group and in
// pending is sent once, in its group.
func Plan(pending []raqib.Alert, groups [][]raqib.Alert, size int) [][]raqib.Alert {
	type unit struct {
		alerts []raqib.Alert
		urgent bool
		first  int64
		group  bool
	}
	var units []unit
	grouped := map[int64]bool{}
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		u := unit{alerts: g, first: g[0].ID, group: true}
		for _, a := range g {
			grouped[a.ID] = true
			u.urgent = u.urgent || a.Urgent
			u.first = min(u.first, a.ID)
		}
		units = append(units, u)
	}
	for _, a := range pending {
		if !grouped[a.ID] {
			units = append(units, unit{alerts: []raqib.Alert{a}, urgent: a.Urgent, first: a.ID})
		}
	}
	slices.SortStableFunc(units, func(x, y unit) int {
		if x.urgent != y.urgent {
			if x.urgent {
				return -1
			}
			return 1
		}
		return cmp.Compare(x.first, y.first)
	})
	var out [][]raqib.Alert
	var singles []raqib.Alert
	flush := func() {
		out = append(out, Batches(singles, size)...)
		singles = nil
	}
	for _, u := range units {
		if u.group {
			flush()
			out = append(out, u.alerts)
			continue
		}
		singles = append(singles, u.alerts...)
	}
	flush()
	return out
}

// Batches splits alerts (urgent first, as Pending returns them) into
// messages: each urgent alert alone, so that it is never delayed or hidden by
// others, then the rest up to size per message.
func Batches(alerts []raqib.Alert, size int) [][]raqib.Alert {
	if size < 1 {
		size = 1
	}
	var out [][]raqib.Alert
	var cur []raqib.Alert
	for _, a := range alerts {
		if a.Urgent {
			out = append(out, []raqib.Alert{a})
			continue
		}
		cur = append(cur, a)
		if len(cur) == size {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func alertIDs(batch []raqib.Alert) []int64 {
	ids := make([]int64, len(batch))
	for i, a := range batch {
		ids[i] = a.ID
	}
	return ids
}

// send delivers one message and marks its alerts. A message the destination
// rejects (HTTP 400: Discord's reason is logged) is repaired, its scraped
// text cut short (Repair), and sent once more; should that be rejected too,
// a lone alert is parked as failed, and the alerts of a larger message are
// each tried once alone (repaired), so that only the culprit is parked.
func (d *Dispatcher) send(ctx context.Context, batch []raqib.Alert) (int, error) {
	err := d.attempt(ctx, batch)
	if err == nil || ctx.Err() != nil {
		return okCount(batch, err), err
	}
	if failure, _ := FailureOf(err); failure != Rejected {
		return 0, fmt.Errorf("alerts: %s: %w", d.notifier.Name(), err)
	}
	d.log.Error("message rejected; repairing it (scraped text cut short) and retrying once",
		"notifier", d.notifier.Name(), "alerts", len(batch), "first_alert_id", batch[0].ID, "reason", err)
	err = d.attempt(ctx, Repair(batch))
	if err == nil || ctx.Err() != nil {
		return okCount(batch, err), err
	}
	if failure, _ := FailureOf(err); failure != Rejected {
		return 0, fmt.Errorf("alerts: %s: %w", d.notifier.Name(), err)
	}
	if len(batch) == 1 {
		return 0, d.park(ctx, batch[0], err)
	}
	d.log.Warn("repaired message rejected too; sending its alerts one by one", "notifier", d.notifier.Name(), "reason", err)
	sent := 0
	for _, a := range batch {
		one := []raqib.Alert{a}
		err := d.attempt(ctx, Repair(one))
		switch failure, _ := FailureOf(err); {
		case err == nil:
			sent++
		case ctx.Err() != nil:
			return sent, ctx.Err()
		case failure == Rejected:
			if err := d.park(ctx, a, err); err != nil {
				return sent, err
			}
		default:
			return sent, fmt.Errorf("alerts: %s: %w", d.notifier.Name(), err)
		}
	}
	return sent, nil
}

func okCount(batch []raqib.Alert, err error) int {
	if err != nil {
		return 0
	}
	return len(batch)
}

// attempt records batch as in flight, sends it once and marks the outcome:
// sent with the message id, or one more failed attempt (the alerts stay
// pending). A failure to mark a sent message is returned as Temporary.
//
// ctx ending stops attempt from starting a message, never a message under
// way: that one is finished, within the notifier's own timeout, and its
// outcome recorded. A request cut short may well have been accepted by the
// destination without our learning it, and its resend (a webhook has no
// nonce) would post the message twice; so a stop waits for it instead.
func (d *Dispatcher) attempt(ctx context.Context, batch []raqib.Alert) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	ids := alertIDs(batch)
	if err := d.outbox.MarkSending(ctx, ids); err != nil {
		return err
	}
	start := time.Now()
	msgID, err := d.notifier.Notify(ctx, batch)
	mctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err != nil {
		_ = d.outbox.MarkAttempt(mctx, ids, err.Error())
		return err
	}
	if err := d.outbox.MarkSent(mctx, ids, d.notifier.Name(), msgID); err != nil {
		return fmt.Errorf("alerts: %s accepted message %s but marking it sent failed: %w", d.notifier.Name(), msgID, err)
	}
	d.log.Info("alerts sent", "notifier", d.notifier.Name(), "alerts", len(batch), "message_id", msgID,
		"duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// park marks an alert that the destination refused even after repair as
// failed: kept in the outbox for a person to look at, never retried.
func (d *Dispatcher) park(ctx context.Context, a raqib.Alert, err error) error {
	d.log.Error("alert rejected even after repair; parked as failed", "notifier", d.notifier.Name(),
		"alert_id", a.ID, "site", a.Site, "day", a.Day, "reason", err)
	return d.outbox.MarkFailed(context.WithoutCancel(ctx), []int64{a.ID}, err.Error())
}

// edits applies pending corroborations: each message whose alerts other
// outlets have since reported is edited to list them. An edit is idempotent
// (it rewrites the whole message), so a crash before the mark only repeats
// the edit. A rejected edit is repaired and retried once, then parked.
func (d *Dispatcher) edits(ctx context.Context) error {
	eo, ok := d.outbox.(EditOutbox)
	if !ok {
		return nil
	}
	ed, ok := d.notifier.(Editor)
	if !ok {
		return nil
	}
	for {
		ids, err := eo.PendingEdits(ctx, d.notifier.Name(), d.Batch)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			batch, also, through, err := eo.MessageAlerts(ctx, id)
			if err != nil {
				return err
			}
			err = ed.Edit(ctx, id, batch, also)
			if failure, _ := FailureOf(err); err != nil && failure == Rejected && ctx.Err() == nil {
				d.log.Error("edit rejected; repairing it and retrying once", "notifier", d.notifier.Name(),
					"message_id", id, "reason", err)
				err = ed.Edit(ctx, id, Repair(batch), repairArticles(also))
				if failure, _ := FailureOf(err); err != nil && failure == Rejected && ctx.Err() == nil {
					d.log.Error("edit rejected even after repair; corroborations parked", "notifier", d.notifier.Name(),
						"message_id", id, "reason", err)
					if err := eo.MarkEditFailed(context.WithoutCancel(ctx), id, through, err.Error()); err != nil {
						return err
					}
					continue
				}
			}
			if err != nil {
				return fmt.Errorf("alerts: %s: edit: %w", d.notifier.Name(), err)
			}
			if err := eo.MarkEdited(context.WithoutCancel(ctx), id, through); err != nil {
				return err
			}
			n := 0
			for _, arts := range also {
				n += len(arts)
			}
			d.log.Info("message edited: also reported by", "notifier", d.notifier.Name(), "message_id", id, "outlets", n)
		}
	}
}

// Flush drains the outbox, waiting out failures with backoff, until nothing
// is pending, maxWait has passed or ctx ends (a request under way then is
// let finish, within the notifier's own timeout). It returns how many alerts
// it sent and, when alerts are left pending, an error that says how many and
// why; they stay in the outbox for the next pass.
func (d *Dispatcher) Flush(ctx context.Context, maxWait time.Duration) (int, error) {
	start := time.Now()
	deadline := start.Add(maxWait)
	total, failures := 0, 0
	for {
		n, err := d.Drain(ctx)
		total += n
		if err == nil {
			return total, nil
		}
		if ctx.Err() != nil {
			return total, d.leftPending(ctx, start, err)
		}
		if n > 0 {
			failures = 0
		}
		wait := d.backoff(err, failures)
		if f, _ := FailureOf(err); f != RateLimited {
			failures++
		}
		if time.Now().Add(wait).After(deadline) {
			return total, d.leftPending(ctx, start, err)
		}
		d.logFailure(err, wait, failures)
		if !sleep(ctx, wait) {
			return total, d.leftPending(ctx, start, ctx.Err())
		}
	}
}

// leftPending says, as an error, what a Flush that gave up leaves behind.
func (d *Dispatcher) leftPending(ctx context.Context, start time.Time, err error) error {
	n, cerr := d.outbox.PendingCount(context.WithoutCancel(ctx))
	if cerr != nil {
		return fmt.Errorf("alerts: gave up after %s, alerts left pending: %w", time.Since(start).Round(time.Millisecond), err)
	}
	return fmt.Errorf("alerts: gave up after %s, %d alerts left pending: %w", time.Since(start).Round(time.Millisecond), n, err)
}

// logFailure logs a failed delivery: loudly when a person must act
// (credentials refused), as a warning otherwise.
func (d *Dispatcher) logFailure(err error, wait time.Duration, failures int) {
	failure, _ := FailureOf(err)
	if failure == Unauthorized {
		d.log.Error("the destination refused our credentials (webhook deleted or token revoked?): fix the config; alerts stay pending and are retried rarely",
			"notifier", d.notifier.Name(), "error", err, "retry_in", wait.Round(time.Second))
		return
	}
	d.log.Warn("alert delivery failed, will retry", "notifier", d.notifier.Name(), "failure", failure.String(),
		"error", err, "retry_in", wait.Round(time.Millisecond), "failures", failures)
}

// Run delivers alerts until ctx ends: at once when kicked, every Poll
// otherwise, and after a failure when its backoff has passed. Alerts are
// never dropped: a failure only delays them, for as long as it lasts. When
// ctx ends during a send, Run returns once that message is finished and
// recorded, so that a clean stop repeats nothing.
func (d *Dispatcher) Run(ctx context.Context) {
	failures := 0
	wait := time.Duration(0)
	for {
		if wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			case <-d.kick:
				// New alerts do not cut a backoff short after a failure:
				// hammering a failing destination helps no one.
				if failures == 0 {
					timer.Stop()
				} else {
					select {
					case <-ctx.Done():
						timer.Stop()
						return
					case <-timer.C:
					}
				}
			}
		}
		if ctx.Err() != nil {
			return
		}
		n, err := d.Drain(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			if n > 0 {
				failures = 0
			}
			wait = d.backoff(err, failures)
			if f, _ := FailureOf(err); f != RateLimited {
				failures++
			}
			d.logFailure(err, wait, failures)
		default:
			failures = 0
			wait = d.Poll
		}
	}
}

// backoff is how long to wait after err, the failures-th failure in a row:
// what a rate limit asks for, rarely after refused credentials, else capped
// exponential backoff with jitter so that restarts do not retry in step.
func (d *Dispatcher) backoff(err error, failures int) time.Duration {
	failure, retryAfter := FailureOf(err)
	switch failure {
	case RateLimited:
		if retryAfter > 0 {
			return retryAfter
		}
	case Unauthorized:
		return d.AuthBackoff
	}
	wait := d.MinBackoff
	for i := 0; i < failures && wait < d.MaxBackoff; i++ {
		wait *= 2
	}
	wait = min(wait, d.MaxBackoff)
	return wait/2 + rand.N(wait/2+1)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
