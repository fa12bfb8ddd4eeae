// Package discord delivers alerts to Discord through discordgo, by webhook
// or as a bot. It is the only package that imports discordgo.
//
// discordgo is used for what it does well (the session's auth header and
// user agent, its per-bucket rate limiter, its error types and Message
// type) and kept away from what raqib's dispatcher owns: retries and
// sleeping on 429s are turned off, and the payload is raqib's own JSON so
// that allowed_mentions and nonces come out exactly as intended.
package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/internal/oneline"
)

var (
	_ alerts.Notifier = (*Notifier)(nil)
	_ alerts.Editor   = (*Notifier)(nil)
)

// maxLimiterWait is the longest Notify waits for discordgo's bucket to
// refill before sending. A longer wait goes back to the dispatcher as
// RateLimited, so that it is never stuck inside one Notify.
const maxLimiterWait = 10 * time.Second

// Notifier posts batches of alerts to Discord. It is safe for concurrent
// use; sends are serialized, as Discord's bucket for one webhook or channel
// would serialize them anyway.
type Notifier struct {
	mode    string // NameWebhook or NameBot
	t       target
	session *discordgo.Session
	scrub   scrubber
	turn    chan struct{} // one send at a time, acquired with ctx
}

// New validates cfg and returns a Notifier. Its errors never contain the
// token or the webhook URL.
func New(cfg Config) (*Notifier, error) {
	t, err := cfg.validate()
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	client := &http.Client{Timeout: DefaultTimeout}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient // a copy: the caller's client keeps its transport
		client = &c
	}
	rt, err := newRewriter(client.Transport, t.base)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	client.Transport = rt

	// Webhook mode sends no Authorization header: the token is in the path.
	sessionToken := ""
	if t.mode == NameBot {
		sessionToken = t.token
	}
	s, err := discordgo.New(sessionToken)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Client = client
	s.MaxRestRetries = 0             // the dispatcher owns retries
	s.ShouldRetryOnRateLimit = false // ... and the waits after a 429
	s.LogLevel = -1                  // its LogError lines only repeat what Notify returns
	s.StateEnabled = false
	return &Notifier{
		mode:    t.mode,
		t:       t,
		session: s,
		scrub:   newScrubber(t.base, t.token, cfg.Token, cfg.WebhookURL),
		turn:    make(chan struct{}, 1),
	}, nil
}

// Name is "discord-webhook" or "discord-bot".
func (n *Notifier) Name() string { return n.mode }

// Notify posts one message carrying the batch (at most MaxEmbeds alerts)
// and returns Discord's id for it. Failures are *alerts.DeliveryError. A
// 2xx answer counts as delivered even when its body cannot be read, since
// Discord has posted the message and a retry would post it twice.
func (n *Notifier) Notify(ctx context.Context, batch []raqib.Alert) (string, error) {
	if len(batch) == 0 {
		return "", nil
	}
	if len(batch) > MaxEmbeds {
		return "", &alerts.DeliveryError{Failure: alerts.Rejected,
			Err: fmt.Errorf("%s: %d alerts in one message, Discord takes at most %d embeds", n.mode, len(batch), MaxEmbeds)}
	}
	return n.send(ctx, batch, BuildMessage(batch, n.t.roleID))
}

// send posts msg and classifies the outcome.
func (n *Notifier) send(ctx context.Context, batch []raqib.Alert, msg Message) (string, error) {
	var endpoint string
	var body []byte
	var err error
	switch n.mode {
	case NameWebhook:
		// wait=true makes Discord answer with the message, hence its id.
		q := url.Values{"wait": {"true"}}
		if n.t.threadID != "" {
			q.Set("thread_id", n.t.threadID)
		}
		endpoint = discordgo.EndpointWebhookToken(n.t.webhookID, n.t.token) + "?" + q.Encode()
		body, err = marshal(msg)
	default:
		endpoint = discordgo.EndpointChannelMessages(n.t.channelID)
		body, err = marshal(botPayload{Message: msg, Nonce: nonceFor(n.t.channelID, batch, msg), EnforceNonce: true})
	}
	if err != nil {
		return "", &alerts.DeliveryError{Failure: alerts.Rejected, Err: fmt.Errorf("%s: encode message: %w", n.mode, err)}
	}
	// The bucket is keyed as discordgo's WebhookExecute and
	// ChannelMessageSendComplex key it.
	resp, _, derr := n.do(ctx, http.MethodPost, endpoint, endpoint, body)
	if derr != nil {
		return "", derr.DeliveryError
	}
	var m discordgo.Message
	if json.Unmarshal(resp, &m) == nil {
		return m.ID, nil
	}
	return "", nil // delivered (a 204, or a body cut short): no id to give
}

// Edit implements alerts.Editor: it rewrites message messageID as the
// message of batch, each alert listing the articles in also[alert.ID] as
// "also reported by". Editing notifies no one again. A message that no
// longer exists (Discord's code 10008) is Rejected: nothing can bring it
// back, while a missing webhook or channel stays Unauthorized.
func (n *Notifier) Edit(ctx context.Context, messageID string, batch []raqib.Alert, also map[int64][]raqib.Article) error {
	if !isSnowflake(messageID) {
		return &alerts.DeliveryError{Failure: alerts.Rejected, Err: n.safe("edit: not a Discord message id: "+cut(oneline.Clean(messageID), 40), nil)}
	}
	if len(batch) == 0 || len(batch) > MaxEmbeds {
		return &alerts.DeliveryError{Failure: alerts.Rejected,
			Err: n.safe(fmt.Sprintf("edit: %d alerts in one message, want 1 to %d", len(batch), MaxEmbeds), nil)}
	}
	body, err := marshal(BuildMessageAlso(batch, also, n.t.roleID))
	if err != nil {
		return &alerts.DeliveryError{Failure: alerts.Rejected, Err: fmt.Errorf("%s: encode edit: %w", n.mode, err)}
	}
	var endpoint, bucketID string
	switch n.mode {
	case NameWebhook:
		endpoint = discordgo.EndpointWebhookMessage(n.t.webhookID, n.t.token, messageID)
		if n.t.threadID != "" {
			endpoint += "?" + url.Values{"thread_id": {n.t.threadID}}.Encode()
		}
		bucketID = discordgo.EndpointWebhookToken("", "") // as discordgo's WebhookMessageEdit keys it
	default:
		endpoint = discordgo.EndpointChannelMessage(n.t.channelID, messageID)
		bucketID = discordgo.EndpointChannelMessage(n.t.channelID, "") // as ChannelMessageEditComplex keys it
	}
	_, _, derr := n.do(ctx, http.MethodPatch, endpoint, bucketID, body)
	if derr != nil && derr.Status == http.StatusNotFound && derr.code == codeUnknownMessage {
		derr.Failure = alerts.Rejected
	}
	if derr != nil {
		return derr.DeliveryError
	}
	return nil
}

// codeUnknownMessage is Discord's error code for a message that does not
// exist (deleted, or never posted by this webhook).
const codeUnknownMessage = 10008

// requestError is a *alerts.DeliveryError with Discord's error code.
type requestError struct {
	*alerts.DeliveryError
	code int
}

// do sends one request, one at a time and within the rate limit, and
// returns the body of a 2xx answer; anything else is classified.
func (n *Notifier) do(ctx context.Context, method, endpoint, bucketID string, body []byte) ([]byte, *record, *requestError) {
	if err := ctx.Err(); err != nil {
		return nil, nil, &requestError{DeliveryError: &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("not sent", err)}}
	}
	select {
	case n.turn <- struct{}{}:
		defer func() { <-n.turn }()
	case <-ctx.Done():
		return nil, nil, &requestError{DeliveryError: &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("waiting for an earlier send", ctx.Err())}}
	}
	bucket, derr := n.lockBucket(ctx, bucketID)
	if derr != nil {
		return nil, nil, &requestError{DeliveryError: derr}
	}
	rec := &record{}
	resp, err := n.session.RequestWithLockedBucket(method, endpoint, "application/json", body, bucket, 0,
		discordgo.WithContext(withRecord(ctx, rec)),
		discordgo.WithRetryOnRatelimit(false),
		discordgo.WithRestRetries(0))
	if rec.status >= 200 && rec.status < 300 {
		return resp, rec, nil
	}
	if err == nil {
		err = errors.New("no error and no status")
	}
	var de discordError
	_ = json.Unmarshal(resp, &de)
	return nil, rec, &requestError{DeliveryError: n.classify(rec, resp, err), code: de.Code}
}

// lockBucket does what discordgo's Ratelimiter.LockBucket does (lock the
// bucket, wait until it has a request left, take one) except that the wait
// honours ctx, and a wait longer than ctx allows, or than maxLimiterWait,
// returns RateLimited at once instead of sleeping. The bucket comes back
// locked; RequestWithLockedBucket releases it.
func (n *Notifier) lockBucket(ctx context.Context, id string) (*discordgo.Bucket, *alerts.DeliveryError) {
	rl := n.session.Ratelimiter
	b := rl.GetBucket(id)
	b.Lock()
	if wait := rl.GetWaitTime(b, 1); wait > 0 {
		dl, hasDeadline := ctx.Deadline()
		if wait > maxLimiterWait || (hasDeadline && time.Until(dl) < wait) {
			b.Unlock()
			return nil, &alerts.DeliveryError{Failure: alerts.RateLimited, RetryAfter: wait,
				Err: n.safe(fmt.Sprintf("bucket empty, retry after %s", wait.Round(time.Millisecond)), nil)}
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			b.Unlock()
			return nil, &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("waiting for the rate limit", ctx.Err())}
		}
	}
	b.Remaining--
	return b, nil
}

// botPayload is a bot-mode message: the same JSON plus a nonce. With
// enforce_nonce Discord answers a repeat of a nonce seen in the last few
// minutes with the message it already posted, so a retry after a lost
// answer posts nothing twice. (Webhooks have no such thing.)
type botPayload struct {
	Message
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// nonceFor derives the nonce from the channel, the batch's alert ids and
// the message: a retry of the same batch sends the same nonce, while
// different batches never share one, even when a fresh database reuses
// alert ids. Discord keeps a bot's nonces across all its channels, so the
// channel is part of it: two routes posting one batch to two channels are
// two messages. Discord takes at most 25 characters.
func nonceFor(channelID string, batch []raqib.Alert, m Message) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s;", channelID)
	for _, a := range batch {
		fmt.Fprintf(h, "%d,", a.ID)
	}
	_ = json.NewEncoder(h).Encode(m) // Message always encodes
	return "r" + hex.EncodeToString(h.Sum(nil)[:12])
}
