package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds what the fake reads of a request: Discord's own limit on a
// JSON body is far lower than any test needs.
const maxBody = 8 << 20

// apiPrefix matches the REST prefixes Discord accepts: /api, /api/v9,
// /api/v10 (discordgo's default is v9; webhook URLs carry no version).
var apiPrefix = regexp.MustCompile(`^/api(/v\d+)?/`)

// answer is what a route decided: status, JSON body, extra headers.
type answer struct {
	status int
	body   any // marshalled as JSON; nil: no body
	header http.Header
	mode   string
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if isWebSocket(r) {
		s.serveGateway(w, r)
		return
	}
	if s.appRoute(r) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
		r, body = readForm(r, body)
		s.mu.Lock()
		down := s.faults.down
		s.mu.Unlock()
		if down {
			s.record(Request{Method: r.Method, Path: r.URL.Path, Body: body})
			dropConnection(w)
			return
		}
		s.serveApp(w, r, body)
		return
	}
	s.mu.Lock()
	down, stall, hold := s.faults.down, s.faults.stall, s.faults.hold
	var release <-chan struct{}
	if r.Method == http.MethodPost || r.Method == http.MethodPatch {
		release = s.faults.takeHoldLocked()
	}
	s.mu.Unlock()

	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	r, body = readForm(r, body) // multipart: payload_json as the body, files kept in r
	if down {
		s.record(Request{Method: r.Method, Path: r.URL.Path, Body: body})
		dropConnection(w)
		return
	}
	if stall > 0 {
		t := time.NewTimer(stall)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-s.done:
			t.Stop()
			return
		}
	}

	a := s.route(r, body)
	if hold > 0 {
		t := time.NewTimer(hold)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			s.record(Request{Method: r.Method, Path: r.URL.Path, Mode: a.mode, Status: a.status, Body: body})
			return
		case <-s.done:
			t.Stop()
			return
		}
	}
	if release != nil {
		select {
		case <-release:
		case <-r.Context().Done():
			s.record(Request{Method: r.Method, Path: r.URL.Path, Mode: a.mode, Status: a.status, Body: body})
			return
		case <-s.done:
			return
		}
	}
	now := time.Now()
	s.mu.Lock()
	b := s.faults.peekLocked(now)
	s.mu.Unlock()
	if a.header != nil && a.header.Get("X-RateLimit-Remaining") != "" {
		b = bucket{} // the route already set the rate-limit headers
	}
	writeAnswer(w, a, b, now)
	s.record(Request{Method: r.Method, Path: r.URL.Path, Mode: a.mode, Status: a.status, Body: body})
}

// dropConnection closes the client's connection without answering, the way
// a dead server or a broken proxy looks from the client.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // the server closes the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	s.notifyLocked()
}

// route dispatches a request to its handler by path and method.
func (s *Server) route(r *http.Request, body []byte) answer {
	loc := apiPrefix.FindStringIndex(r.URL.Path)
	if loc == nil {
		return notFound()
	}
	seg := strings.Split(strings.TrimSuffix(r.URL.Path[loc[1]:], "/"), "/")
	switch {
	case len(seg) == 3 && seg[0] == "webhooks":
		if a, ok := s.webhookAuth(seg[1], seg[2]); !ok {
			return a
		}
		switch r.Method {
		case http.MethodPost:
			return s.create(ModeWebhook, channelID, body, r.URL.Query().Get("wait") == "true", formFiles(r)...)
		case http.MethodGet:
			return answer{status: http.StatusOK, mode: ModeWebhook, body: map[string]any{
				"id": webhookID, "type": 1, "channel_id": channelID, "name": "raqib",
				"token": s.webhookToken, "application_id": nil, "avatar": nil,
			}}
		}
		return methodNotAllowed()
	case len(seg) == 5 && seg[0] == "webhooks" && seg[3] == "messages":
		if a, ok := s.webhookAuth(seg[1], seg[2]); !ok {
			return a
		}
		switch r.Method {
		case http.MethodPatch:
			return s.edit(ModeWebhook, channelID, seg[4], body)
		case http.MethodGet:
			return s.get(ModeWebhook, channelID, seg[4])
		}
		return methodNotAllowed()
	case len(seg) == 3 && seg[0] == "channels" && seg[2] == "messages":
		if a, ok := s.botAuth(r, seg[1]); !ok {
			return a
		}
		if r.Method == http.MethodPost {
			return s.create(ModeBot, seg[1], body, true, formFiles(r)...)
		}
		return methodNotAllowed()
	case len(seg) == 4 && seg[0] == "channels" && seg[2] == "messages":
		if a, ok := s.botAuth(r, seg[1]); !ok {
			return a
		}
		switch r.Method {
		case http.MethodPatch:
			return s.edit(ModeBot, seg[1], seg[3], body)
		case http.MethodGet:
			return s.get(ModeBot, seg[1], seg[3])
		}
		return methodNotAllowed()
	}
	return notFound()
}

func (s *Server) webhookAuth(id, token string) (answer, bool) {
	if id != webhookID {
		return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Webhook", Code: 10015}), false
	}
	if token != s.webhookToken {
		return errorAnswer(http.StatusUnauthorized, apiError{Message: "Invalid Webhook Token", Code: 50027}), false
	}
	return answer{}, true
}

func (s *Server) botAuth(r *http.Request, channel string) (answer, bool) {
	if r.Header.Get("Authorization") != "Bot "+s.botToken {
		return errorAnswer(http.StatusUnauthorized, apiError{Message: "401: Unauthorized", Code: 0}), false
	}
	s.mu.Lock()
	known := s.channels[channel]
	s.mu.Unlock()
	if !known {
		return errorAnswer(http.StatusNotFound, apiError{Message: "Unknown Channel", Code: 10003}), false
	}
	return answer{}, true
}

// injected answers a post in channel with the status FailNext (or
// FailChannelNext) asked for, if any.
func (s *Server) injected(mode, channel string) (answer, bool) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.globalN > 0 {
		s.faults.globalN--
		return globalRateLimited(mode, s.faults.globalRetry), true
	}
	status, ok := s.faults.takeChannelFailLocked(channel)
	if !ok {
		status, ok = s.faults.takeFailLocked()
	}
	if !ok {
		return answer{}, false
	}
	// Discord counts a failed request against the bucket like any other.
	s.faults.rollLocked(now)
	s.faults.used++
	if status == http.StatusTooManyRequests {
		b := s.faults.peekLocked(now)
		b.remaining, b.resetAfter = 0, 200*time.Millisecond
		return rateLimited(mode, b, now), true
	}
	return withMode(errorAnswer(status, errorFor(status)), mode), true
}

// errorFor is the body Discord sends with a status.
func errorFor(status int) apiError {
	switch status {
	case http.StatusBadRequest:
		return apiError{Message: "Invalid Form Body", Code: 50035, Errors: map[string]any{}}
	case http.StatusUnauthorized:
		return apiError{Message: "401: Unauthorized", Code: 0}
	case http.StatusForbidden:
		return apiError{Message: "Missing Permissions", Code: 50013}
	case http.StatusNotFound:
		return apiError{Message: "Unknown Webhook", Code: 10015}
	}
	return apiError{Message: strconv.Itoa(status) + ": " + http.StatusText(status), Code: 0}
}

// rateLimited is Discord's 429: the JSON body with retry_after in seconds,
// Retry-After in whole seconds (rounded up), and the bucket headers showing
// nothing left.
func rateLimited(mode string, b bucket, now time.Time) answer {
	retry := b.resetAfter
	if retry <= 0 {
		retry = time.Millisecond
	}
	after, _ := strconv.ParseFloat(seconds(retry), 64)
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	h.Set("X-RateLimit-Scope", "user")
	b.remaining = 0
	setBucketHeaders(h, b, now)
	return answer{status: http.StatusTooManyRequests, mode: mode, header: h, body: map[string]any{
		"message": "You are being rate limited.", "retry_after": after, "global": false,
	}}
}

// globalRateLimited is Discord's global 429 (all routes of the client).
func globalRateLimited(mode string, retry time.Duration) answer {
	if retry <= 0 {
		retry = time.Millisecond
	}
	after, _ := strconv.ParseFloat(seconds(retry), 64)
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	h.Set("X-RateLimit-Global", "true")
	h.Set("X-RateLimit-Scope", "global")
	return answer{status: http.StatusTooManyRequests, mode: mode, header: h, body: map[string]any{
		"message": "You are being rate limited.", "retry_after": after, "global": true,
	}}
}

func errorAnswer(status int, e apiError) answer { return answer{status: status, body: e} }

func withMode(a answer, mode string) answer { a.mode = mode; return a }

func notFound() answer {
	return errorAnswer(http.StatusNotFound, apiError{Message: "404: Not Found", Code: 0})
}

func methodNotAllowed() answer {
	return errorAnswer(http.StatusMethodNotAllowed, apiError{Message: "405: Method Not Allowed", Code: 0})
}

// writeAnswer writes the status, the rate-limit headers (unless the route
// set its own) and the JSON body.
func writeAnswer(w http.ResponseWriter, a answer, b bucket, now time.Time) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	if b.limit > 0 {
		setBucketHeaders(h, b, now)
	}
	if a.body == nil {
		w.WriteHeader(a.status)
		return
	}
	data, err := json.Marshal(a.body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	w.Write(data)
}

func setBucketHeaders(h http.Header, b bucket, now time.Time) {
	h.Set("X-RateLimit-Bucket", "fa4e1a2b3c4d5e6f7a8b9c0d1e2f3a4b")
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(b.remaining))
	reset := b.reset
	if reset.IsZero() {
		reset = now.Add(b.resetAfter)
	}
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", seconds(b.resetAfter))
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
