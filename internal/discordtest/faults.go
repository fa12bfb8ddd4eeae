package discordtest

import (
	"math"
	"strconv"
	"time"
)

// Without RateLimit the fake still counts posts and sends the headers, with
// a limit high enough that no test meets it (and that discordgo's bucket
// never waits on).
const (
	defaultLimit  = 1000
	defaultWindow = time.Second
)

// faults is the fault injection state, guarded by Server.mu.
type faults struct {
	failN      int
	failStatus int

	limit       int           // posts allowed per window
	window      time.Duration // length of a rate-limit window
	windowStart time.Time
	used        int // posts accepted in the current window

	down  bool
	stall time.Duration
	hold  time.Duration

	holdN       int             // posts whose answer waits for holdRelease
	holdRelease <-chan struct{} // closed by the test

	globalN     int
	globalRetry time.Duration

	channelFails map[string][2]int // channel → posts left to fail, status
}

// FailNext makes the next n posts (creates and edits) answer status with a
// Discord-like JSON error body, before any other check. A 429 gets the real
// rate-limit body and headers.
func (s *Server) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failN, s.faults.failStatus = n, status
}

// RateLimit allows at most n posts per window of length per; more answer
// 429 like Discord does. The X-RateLimit-* headers follow the same count,
// so a client that honours them (discordgo does) waits instead of meeting
// the 429. RateLimit(0, 0) goes back to the default, effectively unlimited.
func (s *Server) RateLimit(n int, per time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 || per <= 0 {
		n, per = defaultLimit, defaultWindow
	}
	s.faults.limit, s.faults.window = n, per
	s.faults.windowStart, s.faults.used = time.Time{}, 0
}

// Down makes every request fail as if the server were gone: the connection
// is closed without an answer. Up undoes it.
func (s *Server) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.down = true
}

// Up undoes Down.
func (s *Server) Up() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.down = false
}

// Stall holds every request d before answering it (0: answer at once). A
// client whose timeout is shorter than d sees a timeout.
func (s *Server) Stall(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.stall = d
}

// HoldAnswers makes the fake do what each request asks (post, edit) at
// once but hold the answer d before sending it (0: answer at once): the
// window in which a message is posted and the client does not know it yet,
// where a crash or a timeout leaves a posted message unrecorded.
func (s *Server) HoldAnswers(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.hold = d
}

// HoldNextUntil makes the next n posts (creates and edits) do what they
// ask at once, as HoldAnswers does, but hold each answer until release is
// closed or the client gives up on the request: a test decides, without a
// clock, when the client learns that its message was posted. A held request
// that the client abandoned is recorded with the status it would have had.
func (s *Server) HoldNextUntil(n int, release <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.holdN, s.faults.holdRelease = n, release
}

// takeHoldLocked returns the channel the answer to the next post waits
// for, or nil.
func (f *faults) takeHoldLocked() <-chan struct{} {
	if f.holdN <= 0 {
		return nil
	}
	f.holdN--
	return f.holdRelease
}

// GlobalRateLimitNext makes the next n posts answer Discord's global 429:
// "global": true in the body, X-RateLimit-Global and X-RateLimit-Scope:
// global, Retry-After, and retry_after of the given length.
func (s *Server) GlobalRateLimitNext(n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.globalN, s.faults.globalRetry = n, retryAfter
}

// FailChannelNext makes the next n posts (creates and edits) in channel
// answer status, as FailNext does for every channel: one channel down, or
// rate limited, while the bot's others work. n 0 clears it.
func (s *Server) FailChannelNext(channel string, n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.channelFails == nil {
		s.faults.channelFails = map[string][2]int{}
	}
	s.faults.channelFails[channel] = [2]int{n, status}
}

// takeChannelFailLocked reports the status the next post in channel must
// fail with, if any.
func (f *faults) takeChannelFailLocked(channel string) (int, bool) {
	c := f.channelFails[channel]
	if c[0] <= 0 {
		return 0, false
	}
	c[0]--
	f.channelFails[channel] = c
	return c[1], true
}

// takeFailLocked reports the status the next post must fail with, if any.
func (f *faults) takeFailLocked() (int, bool) {
	if f.failN <= 0 {
		return 0, false
	}
	f.failN--
	return f.failStatus, true
}

// bucket is the rate-limit state of one answer, for the headers.
type bucket struct {
	limit      int
	remaining  int
	resetAfter time.Duration
	reset      time.Time
	limited    bool // this request was over the limit
}

// admitLocked counts a post against the window and says whether it is
// allowed; peekLocked only reads the state, for answers that are no post.
func (f *faults) admitLocked(now time.Time) bucket {
	f.rollLocked(now)
	if f.used >= f.limit {
		b := f.peekLocked(now)
		b.limited = true
		return b
	}
	f.used++
	return f.peekLocked(now)
}

func (f *faults) peekLocked(now time.Time) bucket {
	f.rollLocked(now)
	reset := f.windowStart.Add(f.window)
	return bucket{
		limit:      f.limit,
		remaining:  max(f.limit-f.used, 0),
		resetAfter: reset.Sub(now),
		reset:      reset,
	}
}

func (f *faults) rollLocked(now time.Time) {
	if f.windowStart.IsZero() || !now.Before(f.windowStart.Add(f.window)) {
		f.windowStart, f.used = now, 0
	}
}

// seconds formats d as Discord does in X-RateLimit-Reset-After and
// retry_after: seconds with millisecond precision, never below 1ms.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(math.Max(d.Seconds(), 0.001), 'f', 3, 64)
}

func formatInt(i int64) string { return strconv.FormatInt(i, 10) }
