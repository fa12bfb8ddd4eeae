// Package alerts delivers the alerts that storage queues: a dispatcher reads
// the outbox, batches, sends through a Notifier, retries what failed, and
// marks each alert sent only once its destination accepted it.
package alerts

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/raqib/raqib"
)

// Outbox is the part of storage the dispatcher needs.
type Outbox interface {
	Pending(ctx context.Context, limit int) ([]raqib.Alert, error)
	MarkSent(ctx context.Context, ids []int64, messageID string) error
	MarkAttempt(ctx context.Context, ids []int64, reason string) error
	MarkFailed(ctx context.Context, ids []int64, reason string) error
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
// sent. It stops at the first failure that retrying now cannot fix
// (temporary, rate limit, credentials) and returns it; the alerts concerned
// stay pending. A rejected payload is retried alert by alert, and an alert
// rejected on its own is parked as failed, so one bad alert never blocks
// the others.
func (d *Dispatcher) Drain(ctx context.Context) (int, error) {
	d.drainMu.Lock()
	defer d.drainMu.Unlock()
	sent := 0
	for {
		pending, err := d.outbox.Pending(ctx, d.Batch*4)
		if err != nil {
			return sent, err
		}
		if len(pending) == 0 {
			return sent, nil
		}
		for _, batch := range Batches(pending, d.Batch) {
			n, err := d.send(ctx, batch)
			sent += n
			if err != nil {
				return sent, err
			}
		}
	}
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

func (d *Dispatcher) send(ctx context.Context, batch []raqib.Alert) (int, error) {
	ids := make([]int64, len(batch))
	for i, a := range batch {
		ids[i] = a.ID
	}
	start := time.Now()
	msgID, err := d.notifier.Notify(ctx, batch)
	if err == nil {
		// Marked with a context of its own: once the destination accepted
		// the message, a cancelled pass must not leave it unmarked (that
		// would send it again).
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := d.outbox.MarkSent(mctx, ids, msgID); err != nil {
			return 0, fmt.Errorf("alerts: %s accepted message %s but marking it sent failed: %w", d.notifier.Name(), msgID, err)
		}
		d.log.Info("alerts sent", "notifier", d.notifier.Name(), "alerts", len(batch), "message_id", msgID,
			"duration", time.Since(start).Round(time.Millisecond))
		return len(batch), nil
	}
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	failure, _ := FailureOf(err)
	_ = d.outbox.MarkAttempt(context.WithoutCancel(ctx), ids, err.Error())
	if failure != Rejected {
		return 0, fmt.Errorf("alerts: %s: %w", d.notifier.Name(), err)
	}
	if len(batch) > 1 {
		d.log.Warn("message rejected, sending its alerts one by one", "notifier", d.notifier.Name(), "error", err)
		sent := 0
		for _, a := range batch {
			n, err := d.send(ctx, []raqib.Alert{a})
			sent += n
			if err != nil {
				return sent, err
			}
		}
		return sent, nil
	}
	d.log.Error("alert rejected, parked as failed", "notifier", d.notifier.Name(), "alert_id", batch[0].ID,
		"site", batch[0].Site, "error", err)
	return 0, d.outbox.MarkFailed(context.WithoutCancel(ctx), ids, err.Error())
}

// Flush drains the outbox, waiting out failures with backoff, until nothing
// is pending or maxWait has passed. It returns how many alerts it sent and,
// when alerts are left pending, the last failure.
func (d *Dispatcher) Flush(ctx context.Context, maxWait time.Duration) (int, error) {
	deadline := time.Now().Add(maxWait)
	total, failures := 0, 0
	for {
		n, err := d.Drain(ctx)
		total += n
		if err == nil || ctx.Err() != nil {
			return total, err
		}
		if n > 0 {
			failures = 0
		}
		wait := d.backoff(err, failures)
		failures++
		if time.Now().Add(wait).After(deadline) {
			return total, err
		}
		d.log.Warn("alert delivery failed, retrying", "notifier", d.notifier.Name(), "error", err, "retry_in", wait.Round(time.Millisecond))
		if !sleep(ctx, wait) {
			return total, ctx.Err()
		}
	}
}

// Run delivers alerts until ctx ends: at once when kicked, every Poll
// otherwise, and after a failure when its backoff has passed. Alerts are
// never dropped: a failure only delays them.
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
			failures++
			d.log.Warn("alert delivery failed, will retry", "notifier", d.notifier.Name(), "error", err,
				"retry_in", wait.Round(time.Millisecond), "failures", failures)
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
