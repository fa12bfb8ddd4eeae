package alerts_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// The dispatcher is tested as it runs: against the real SQLite outbox and
// the real Discord notifier, talking to the Discord stand-in.

// logBuffer collects a test's log lines, safe for concurrent writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type rig struct {
	db   *storage.DB
	srv  *discordtest.Server
	n    *discord.Notifier
	d    *alerts.Dispatcher
	logs *logBuffer
	day  int // next day to queue an alert on
}

// newRig opens a fresh outbox and a Discord stand-in, and a dispatcher with
// small backoffs (the logic is the same; the waits are shorter). timeout is
// the HTTP client's.
func newRig(t *testing.T, mode string, timeout time.Duration) *rig {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "raqib.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := discordtest.New(t)
	cfg := discord.Config{EmbassyRoleID: "456", HTTPClient: &http.Client{Timeout: timeout}}
	if mode == "webhook" {
		cfg.WebhookURL = srv.WebhookURL()
	} else {
		cfg.Token, cfg.ChannelID, cfg.APIURL = srv.BotToken(), srv.ChannelID(), srv.URL
	}
	n, err := discord.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{db: db, srv: srv, n: n, logs: &logBuffer{}}
	r.d = alerts.NewDispatcher(db.Outbox(raqib.DefaultRoute), n, slog.New(slog.NewTextHandler(r.logs, nil)))
	r.d.MinBackoff, r.d.MaxBackoff = 5*time.Millisecond, 100*time.Millisecond
	t.Cleanup(func() {
		logs := r.logs.String()
		for _, secret := range []string{srv.WebhookToken(), srv.BotToken(), srv.WebhookURL()} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs hold a secret (%.8s...)", secret)
			}
		}
		if t.Failed() {
			t.Log(logs)
		}
	})
	return r
}

// queue stores n articles, each raising the tally of its own site and day,
// and returns the alerts queued, oldest first. Sites are named "Site 001"...
func (r *rig) queue(t *testing.T, n int, urgent bool) []raqib.Alert {
	t.Helper()
	var out []raqib.Alert
	for range n {
		r.day++
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.day).Format(time.DateOnly)
		out = append(out, r.save(t, fmt.Sprintf("site-%03d", r.day), fmt.Sprintf("Site %03d", r.day), day, 1, urgent,
			"news-ar", fmt.Sprintf("https://news.example/ar/%d.html", r.day), "")...)
	}
	return out
}

// save stores one article reporting attacks on site on day.
func (r *rig) save(t *testing.T, site, name, day string, attacks int, urgent bool, source, url, title string) []raqib.Alert {
	t.Helper()
	if title == "" {
		title = "Attack on " + name
	}
	al, err := r.db.SaveArticle(context.Background(), storage.Save{
		Article: raqib.Article{URL: url, Source: source, Title: title, Fetched: time.Now(), Text: title},
		Day:     day, Hash: url, Alertable: true,
		Reports: []raqib.Report{{Site: site, SiteName: name, Urgent: urgent, Day: day, Attacks: attacks, Exact: true,
			Evidence: name + ": attacked"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return al
}

// titles lists the embeds' titles of msgs in order.
func titles(msgs []discordtest.Message) []string {
	var out []string
	for _, m := range msgs {
		for _, e := range m.Embeds {
			out = append(out, e.Title)
		}
	}
	return out
}

func wantTitles(as []raqib.Alert) []string {
	var out []string
	for _, a := range as {
		p := "Attack on "
		if a.Urgent {
			p = "URGENT: attack on "
		}
		out = append(out, p+a.SiteName)
	}
	return out
}

// checkOnce asserts that every alert of want arrived exactly once, in
// order, and is marked sent with the id of the message that carried it.
func (r *rig) checkOnce(t *testing.T, want []raqib.Alert) {
	t.Helper()
	msgs := r.srv.Messages()
	got := titles(msgs)
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	dups := 0
	for _, c := range seen {
		dups += c - 1
	}
	if w := wantTitles(want); strings.Join(got, "\n") != strings.Join(w, "\n") {
		t.Errorf("%d embeds arrived (%d duplicates), want %d in order:\n got %q\nwant %q", len(got), dups, len(w), got, w)
	}
	byID := map[string]bool{}
	for _, m := range msgs {
		byID[m.ID] = true
	}
	recs, err := r.db.Alerts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if rec.State != "sent" || !byID[rec.MessageID] {
			t.Errorf("alert %d: state %s, message %q", rec.ID, rec.State, rec.MessageID)
		}
	}
}

// waitEmbeds waits until at least n embeds arrived, or timeout passed.
func waitEmbeds(srv *discordtest.Server, n int, timeout time.Duration) []discordtest.Message {
	deadline := time.Now().Add(timeout)
	msgs := srv.Messages()
	for len(titles(msgs)) < n && time.Now().Before(deadline) {
		msgs = srv.WaitMessages(len(msgs)+1, time.Until(deadline))
	}
	return msgs
}

func statuses(srv *discordtest.Server) map[int]int {
	out := map[int]int{}
	for _, q := range srv.Requests() {
		out[q.Status]++
	}
	return out
}

// TestDeliveryUnderFaults sends alerts through a failing, rate-limiting
// Discord: whatever it does, every alert arrives exactly once, oldest first.
func TestDeliveryUnderFaults(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		for _, tc := range []struct {
			name   string
			alerts int
			fault  func(*discordtest.Server)
		}{
			{"500 to the first 5 posts, 5 posts per 2s", 50, func(s *discordtest.Server) {
				s.FailNext(5, http.StatusInternalServerError)
				s.RateLimit(5, 2*time.Second)
			}},
			{"429 with real bodies, then a global 429", 30, func(s *discordtest.Server) {
				s.GlobalRateLimitNext(1, 150*time.Millisecond)
				s.FailNext(3, http.StatusTooManyRequests)
			}},
			{"502 and 503 from a proxy", 20, func(s *discordtest.Server) { s.FailNext(4, http.StatusBadGateway) }},
		} {
			t.Run(mode+"/"+tc.name, func(t *testing.T) {
				t.Parallel() // waits on timers, not on the CPU
				r := newRig(t, mode, 5*time.Second)
				want := r.queue(t, tc.alerts, false)
				tc.fault(r.srv)
				start := time.Now()
				sent, err := r.d.Flush(context.Background(), 30*time.Second)
				if err != nil || sent != tc.alerts {
					t.Fatalf("Flush: sent %d, %v; want %d, nil", sent, err, tc.alerts)
				}
				r.checkOnce(t, want)
				t.Logf("%d alerts delivered in %d messages, %s; answers %v", sent, len(r.srv.Messages()),
					time.Since(start).Round(time.Millisecond), statuses(r.srv))
			})
		}
	}
}

// TestDiscordUnreachableThenBack: a pass whose Discord is unreachable leaves
// everything pending and says so; the next pass delivers it, once.
func TestDiscordUnreachableThenBack(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		t.Run(mode, func(t *testing.T) {
			r := newRig(t, mode, 2*time.Second)
			want := r.queue(t, 12, false)
			want = append(r.queue(t, 1, true), want...) // the embassy first
			r.srv.Down()
			sent, err := r.d.Flush(context.Background(), 200*time.Millisecond)
			if sent != 0 || err == nil || !strings.Contains(err.Error(), "13 alerts left pending") {
				t.Fatalf("Flush while down: sent %d, %v; want 0 and an error saying 13 are left", sent, err)
			}
			r.srv.Up()
			if sent, err := r.d.Flush(context.Background(), 10*time.Second); sent != 13 || err != nil {
				t.Fatalf("Flush after: sent %d, %v", sent, err)
			}
			r.checkOnce(t, want)
			if msgs := r.srv.Messages(); len(msgs[0].Embeds) != 1 || msgs[0].Content == "" {
				t.Errorf("the embassy alert did not go alone and first: %+v", msgs[0])
			}
		})
	}
}

// TestOutageDrain runs the daemon's dispatcher through a Discord outage and
// measures how long it takes to deliver everything once Discord is back.
func TestOutageDrain(t *testing.T) {
	r := newRig(t, "webhook", time.Second)
	r.d.MaxBackoff = 200 * time.Millisecond
	r.srv.Down()
	want := r.queue(t, 40, false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.d.Run(ctx) }()
	defer func() { cancel(); <-done }()
	time.Sleep(1500 * time.Millisecond) // the outage: many failed attempts
	failed := len(r.srv.Requests())
	r.srv.Up()
	up := time.Now()
	msgs := waitEmbeds(r.srv, 40, 10*time.Second)
	drain := time.Since(up)
	if len(titles(msgs)) < 40 {
		t.Fatalf("%d alerts delivered after the outage, want 40", len(titles(msgs)))
	}
	time.Sleep(50 * time.Millisecond) // the marks
	r.checkOnce(t, want)
	if failed < 5 || failed > 200 {
		t.Errorf("%d attempts during a 1.5s outage: want retries with backoff, not none and not a tight loop", failed)
	}
	t.Logf("outage 1.5s: %d failed attempts; after Discord came back, 40 alerts delivered in %s (backoff cap %s)",
		failed, drain.Round(time.Millisecond), r.d.MaxBackoff)
}

// TestLostAnswer: Discord posts a message but its answer never reaches us
// (the client times out). In bot mode the retry carries the same nonce and
// gets the message already posted; in webhook mode, where Discord has no
// nonces, exactly that one message repeats. An alert queued meanwhile does
// not change the message being retried.
func TestLostAnswer(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		wantDups int
	}{{"bot", 0}, {"webhook", 1}} {
		t.Run(tc.mode, func(t *testing.T) {
			r := newRig(t, tc.mode, 150*time.Millisecond)
			first := r.queue(t, 3, false)
			r.srv.HoldAnswers(400 * time.Millisecond)
			if _, err := r.d.Flush(context.Background(), 50*time.Millisecond); err == nil {
				t.Fatal("Flush succeeded although every answer was lost")
			}
			later := r.queue(t, 2, false)
			r.srv.HoldAnswers(0)
			if _, err := r.d.Flush(context.Background(), 5*time.Second); err != nil {
				t.Fatal(err)
			}
			msgs := r.srv.Messages()
			got := titles(msgs)
			want := wantTitles(append(first, later...))
			if tc.wantDups == 1 {
				want = append(wantTitles(first), want...)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("embeds:\n got %q\nwant %q", got, want)
			}
			recs, _ := r.db.Alerts(context.Background())
			for _, rec := range recs {
				if rec.State != "sent" {
					t.Errorf("alert %d left %s", rec.ID, rec.State)
				}
			}
		})
	}
}

// TestRejected: a 400 is logged with Discord's reason, the message repaired
// and retried once; rejected again, the alert is parked as failed and the
// others still go.
func TestRejected(t *testing.T) {
	for _, tc := range []struct {
		name      string
		alerts    int
		rejects   int
		wantPosts int // requests made
		wantSent  int
		wantMsgs  int
	}{
		{"repaired retry accepted", 1, 1, 2, 1, 1},
		{"rejected twice: parked", 1, 5, 2, 0, 0},
		{"a batch rejected twice: its alerts alone", 3, 2, 5, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "webhook", 2*time.Second)
			r.queue(t, tc.alerts, false)
			r.srv.FailNext(tc.rejects, http.StatusBadRequest)
			sent, err := r.d.Flush(context.Background(), 5*time.Second)
			if err != nil || sent != tc.wantSent {
				t.Fatalf("Flush: sent %d, %v; want %d, nil", sent, err, tc.wantSent)
			}
			if n := len(r.srv.Requests()); n != tc.wantPosts {
				t.Errorf("%d requests, want %d", n, tc.wantPosts)
			}
			if n := len(r.srv.Messages()); n != tc.wantMsgs {
				t.Errorf("%d messages, want %d", n, tc.wantMsgs)
			}
			if !strings.Contains(r.logs.String(), "Invalid Form Body") {
				t.Error("the log does not give Discord's reason")
			}
			recs, _ := r.db.Alerts(context.Background())
			failed := 0
			for _, rec := range recs {
				if rec.State == "failed" {
					failed++
					if !strings.Contains(rec.LastError, "Invalid Form Body") {
						t.Errorf("parked alert %d: last_error %q", rec.ID, rec.LastError)
					}
				}
			}
			if failed != tc.alerts-tc.wantSent {
				t.Errorf("%d alerts parked, want %d", failed, tc.alerts-tc.wantSent)
			}
		})
	}
}

// TestRefused: 401/403/404 keep the alerts pending, are logged loudly and
// retried rarely, never in a tight loop.
func TestRefused(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, "webhook", 2*time.Second)
			r.queue(t, 3, false)
			r.srv.FailNext(1000, status)
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			r.d.Run(ctx) // the daemon's loop, for half a second
			if n := len(r.srv.Requests()); n != 1 {
				t.Errorf("%d requests in 0.5s after a %d, want 1 (next in %s)", n, status, r.d.AuthBackoff)
			}
			if n, _ := r.db.PendingCount(context.Background()); n != 3 {
				t.Errorf("%d alerts pending, want 3", n)
			}
			if !strings.Contains(r.logs.String(), "level=ERROR") || !strings.Contains(r.logs.String(), "refused our credentials") {
				t.Errorf("not logged loudly:\n%s", r.logs.String())
			}
			_, err := r.d.Flush(context.Background(), time.Minute)
			if f, _ := alerts.FailureOf(err); f != alerts.Unauthorized || !strings.Contains(err.Error(), "3 alerts left pending") {
				t.Errorf("Flush: %v", err)
			}
		})
	}
}

// TestStopFinishesMessage: a stop (ctx ending) that comes while a message
// is being posted lets that request finish and records its outcome, then
// starts no other message. Cut short, the request would leave a message
// Discord had posted recorded as unsent, and the next flush (webhooks have
// no nonce) would post it again. The stand-in holds its answer until the
// test has stopped the dispatcher, so the stop meets the request every time.
func TestStopFinishesMessage(t *testing.T) {
	for _, how := range []string{"Run", "Flush"} {
		t.Run(how, func(t *testing.T) {
			r := newRig(t, "webhook", 10*time.Second)
			r.d.Batch = 2
			want := r.queue(t, 3, false) // two messages: 2 alerts, then 1
			release := make(chan struct{})
			r.srv.HoldNextUntil(1, release)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				if how == "Run" {
					r.d.Run(ctx)
				} else {
					r.d.Flush(ctx, time.Minute)
				}
			}()
			if n := len(r.srv.WaitMessages(1, 10*time.Second)); n != 1 {
				t.Fatalf("%d messages posted, want the first", n)
			}
			cancel()
			select {
			case <-done:
				t.Fatalf("%s returned with its message unanswered", how)
			default:
			}
			close(release)
			<-done
			recs, err := r.db.Alerts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for i, rec := range recs {
				if wantState := map[bool]string{true: "sent", false: "pending"}[i < 2]; rec.State != wantState {
					t.Errorf("alert %d: %s, want %s", rec.ID, rec.State, wantState)
				}
			}
			// The next start delivers the rest, and nothing twice.
			if _, err := r.d.Flush(context.Background(), time.Minute); err != nil {
				t.Fatal(err)
			}
			r.checkOnce(t, want)
			if n := len(r.srv.Requests()); n != 2 {
				t.Errorf("%d requests, want 2 (one per message)", n)
			}
		})
	}
}
