// Package discordtest is a stand-in for Discord's REST API, served by
// httptest, for tests that post alerts through a real client (discordgo) and
// want to see what Discord would have accepted. It answers like the real API
// for the few routes raqib uses (webhook execute, channel message create,
// message edits), validates payloads against Discord's limits, sends
// rate-limit headers on every answer, and can inject faults (error statuses,
// 429s, dropped connections, stalls) while real traffic goes on.
//
//	srv := discordtest.New(t)
//	n, _ := discord.New(discord.Config{WebhookURL: srv.WebhookURL()})
//	// or bot mode: Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: srv.URL
//	srv.FailNext(1, 502) // the next post fails, the one after succeeds
//	...
//	msgs := srv.WaitMessages(1, time.Second) // content, embeds, allowed_mentions, raw JSON
//
// It is also the bot's gateway (gateway.go: HELLO, IDENTIFY, READY,
// heartbeats, RESUME, forced reconnects), its application commands
// (commands.go) and the interactions a test invokes (interactions.go), so
// that discordgo's Session.Open and the interaction endpoints are played
// end to end.
//
// Differences from Discord worth knowing: one webhook exists, and one
// channel besides those AddChannel adds; the rate limit is one bucket for
// every route; the fake keeps enforce_nonce nonces for its whole life, not a
// few minutes (and, as Discord, per author: the bot's nonces across all its
// channels).
package discordtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Fixed ids of the fake's one webhook and one channel: snowflake-shaped, so
// that clients which check ids accept them.
const (
	webhookID = "1200000000000000001"
	channelID = "1100000000000000001"
	botUserID = "1300000000000000001"
)

// Server is a fake Discord REST API. Its methods are safe for concurrent use.
type Server struct {
	// URL is the REST base, e.g. http://127.0.0.1:PORT/api/v10.
	URL string
	// Root is the server's own address, e.g. http://127.0.0.1:PORT.
	Root string

	srv          *httptest.Server
	done         chan struct{} // closed at cleanup: ends stalls at once
	webhookToken string
	botToken     string

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever messages or requests change
	messages []Message
	requests []Request
	nonces   map[string]int // bot nonce → index in messages, for enforce_nonce
	channels map[string]bool
	lastID   int64
	faults   faults

	gw                gateway
	commands          map[string][]Command // by guild, "" for global
	interactions      map[string]*interactionRec
	interactionTokens map[string]*interactionRec
	ackDeadline       time.Duration
}

// New starts a fake Discord on loopback and closes it when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		done:         make(chan struct{}),
		webhookToken: "whtok-" + randomHex(16),
		botToken:     "fake-bot." + randomHex(12),
		changed:      make(chan struct{}),
		nonces:       make(map[string]int),
		channels:     map[string]bool{channelID: true},

		gw:                newGateway(),
		commands:          map[string][]Command{},
		interactions:      map[string]*interactionRec{},
		interactionTokens: map[string]*interactionRec{},
		ackDeadline:       AckDeadline,
	}
	s.faults.limit, s.faults.window = defaultLimit, defaultWindow
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.Root = s.srv.URL
	s.URL = s.srv.URL + "/api/v10"
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// WebhookURL is the URL of the fake's webhook, in the form Discord hands out
// (no version): http://127.0.0.1:PORT/api/webhooks/{id}/{token}.
func (s *Server) WebhookURL() string {
	return s.Root + "/api/webhooks/" + webhookID + "/" + s.webhookToken
}

// WebhookID and WebhookToken are the parts of WebhookURL.
func (s *Server) WebhookID() string    { return webhookID }
func (s *Server) WebhookToken() string { return s.webhookToken }

// BotToken is the token bot mode must send as "Authorization: Bot <token>".
func (s *Server) BotToken() string { return s.botToken }

// ChannelID is the channel bot mode posts to, and where the webhook posts.
func (s *Server) ChannelID() string { return channelID }

// AddChannel adds a channel that the bot may post to, and returns its id.
func (s *Server) AddChannel() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := "11000000000000" + strconv.Itoa(10000+len(s.channels))
	s.channels[id] = true
	return id
}

// MessagesIn returns copies of the messages accepted in channel so far, in
// order.
func (s *Server) MessagesIn(channel string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		if m.ChannelID == channel {
			out = append(out, m)
		}
	}
	return out
}

// Messages returns copies of the messages accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		out[i] = m.clone()
	}
	return out
}

// Requests returns every request received so far, in order, with the status
// answered.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	copy(out, s.requests)
	return out
}

// WaitMessages waits until at least n messages were accepted or timeout
// passed, and returns the messages accepted by then.
func (s *Server) WaitMessages(n int, timeout time.Duration) []Message {
	s.wait(func() bool { return len(s.messages) >= n }, timeout)
	return s.Messages()
}

// WaitRequests waits until at least n requests were received (and
// answered, or dropped) or timeout passed, and returns the requests
// received by then.
func (s *Server) WaitRequests(n int, timeout time.Duration) []Request {
	s.wait(func() bool { return len(s.requests) >= n }, timeout)
	return s.Requests()
}

// wait waits until done, called with s.mu held, reports true, or timeout
// passed.
func (s *Server) wait(done func() bool, timeout time.Duration) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, changed := done(), s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			return
		case <-s.done:
			return
		}
	}
}

// Reset forgets the messages, requests and nonces recorded so far, and
// clears every fault.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages, s.requests = nil, nil
	s.nonces = make(map[string]int)
	s.faults = faults{limit: defaultLimit, window: defaultWindow}
	s.notifyLocked()
}

// notifyLocked wakes WaitMessages. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// nextIDLocked returns a new snowflake: milliseconds since Discord's epoch
// in the high bits, so ids grow with time as Discord's do. s.mu must be held.
func (s *Server) nextIDLocked(now time.Time) string {
	const discordEpochMs = 1420070400000
	id := (now.UnixMilli() - discordEpochMs) << 22
	if id <= s.lastID {
		id = s.lastID + 1
	}
	s.lastID = id
	return formatInt(id)
}

func (m Message) clone() Message {
	c := m
	c.Embeds = append([]Embed(nil), m.Embeds...)
	for i := range c.Embeds {
		c.Embeds[i].Fields = append([]EmbedField(nil), m.Embeds[i].Fields...)
	}
	if m.AllowedMentions != nil {
		am := *m.AllowedMentions
		c.AllowedMentions = &am
	}
	// Stored bodies are never written to again, so sharing them is safe.
	c.Edits = append([]json.RawMessage(nil), m.Edits...)
	return c
}
