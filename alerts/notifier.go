package alerts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/raqib/raqib"
)

// Notifier delivers alerts to one destination (Discord, the console). The
// dispatcher owns batching, ordering, retries and the outbox; a Notifier only
// sends one message carrying a batch and says how it went.
type Notifier interface {
	// Name names the destination in logs ("discord-webhook", "console").
	Name() string
	// Notify sends one message carrying every alert of batch (in order) and
	// returns the destination's id for it ("" where there is none). Errors
	// that should change how the dispatcher retries are *DeliveryError.
	Notify(ctx context.Context, batch []raqib.Alert) (messageID string, err error)
}

// Editor is a Notifier that can rewrite a message it sent: the dispatcher
// edits an alert's message to add the outlets that corroborate it, rather
// than post a second message about the same attack.
type Editor interface {
	// Edit replaces message messageID with the message of batch (its alerts,
	// in their order) in which each alert lists the articles also[alert.ID]
	// as "also reported by". Errors are *DeliveryError as for Notify; a
	// message that no longer exists is Rejected.
	Edit(ctx context.Context, messageID string, batch []raqib.Alert, also map[int64][]raqib.Article) error
}

// Failure classifies a delivery error, so that the dispatcher can choose
// between retrying soon, waiting, and parking an alert.
type Failure int

const (
	// Temporary: 5xx, timeouts, connection errors. Retry with backoff.
	Temporary Failure = iota
	// RateLimited: 429. Retry after RetryAfter; never counts as a failure.
	RateLimited
	// Rejected: 400, the payload itself was refused. Retrying the same
	// payload cannot help.
	Rejected
	// Unauthorized: 401/403/404, the webhook or token is gone. Keep the
	// alerts and retry rarely: a person has to fix the config.
	Unauthorized
)

func (f Failure) String() string {
	switch f {
	case Temporary:
		return "temporary"
	case RateLimited:
		return "rate limited"
	case Rejected:
		return "rejected"
	case Unauthorized:
		return "unauthorized"
	}
	return fmt.Sprintf("failure(%d)", int(f))
}

// DeliveryError is a failed delivery with its class. Its message never holds
// a token or a webhook URL.
type DeliveryError struct {
	Failure    Failure
	Status     int           // HTTP status, 0 when no answer came
	RetryAfter time.Duration // for RateLimited: how long the server asked to wait
	Err        error
}

func (e *DeliveryError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s (HTTP %d): %v", e.Failure, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Failure, e.Err)
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// FailureOf returns the class of err: that of a *DeliveryError in its chain,
// Temporary for anything else (a network error is worth retrying).
func FailureOf(err error) (Failure, time.Duration) {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.Failure, de.RetryAfter
	}
	return Temporary, 0
}
