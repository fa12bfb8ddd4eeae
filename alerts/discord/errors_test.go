package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/internal/discordtest"
)

// TestClassify drives each failure through the real client and checks the
// class, status and wait the dispatcher gets, and that no error text holds
// a secret.
func TestClassify(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*discordtest.Server)
		wantClass  alerts.Failure
		wantStatus int
		wantText   string
	}{
		{"429", func(s *discordtest.Server) { s.FailNext(1, 429) }, alerts.RateLimited, 429, "rate limited"},
		{"500", func(s *discordtest.Server) { s.FailNext(1, 500) }, alerts.Temporary, 500, "500: Internal Server Error"},
		{"502", func(s *discordtest.Server) { s.FailNext(1, 502) }, alerts.Temporary, 502, "502: Bad Gateway"},
		{"503", func(s *discordtest.Server) { s.FailNext(1, 503) }, alerts.Temporary, 503, ""},
		{"400", func(s *discordtest.Server) { s.FailNext(1, 400) }, alerts.Rejected, 400, "Invalid Form Body (code 50035)"},
		{"401", func(s *discordtest.Server) { s.FailNext(1, 401) }, alerts.Unauthorized, 401, "401: Unauthorized"},
		{"403", func(s *discordtest.Server) { s.FailNext(1, 403) }, alerts.Unauthorized, 403, "Missing Permissions (code 50013)"},
		{"404", func(s *discordtest.Server) { s.FailNext(1, 404) }, alerts.Unauthorized, 404, "Unknown Webhook (code 10015)"},
		{"down", func(s *discordtest.Server) { s.Down() }, alerts.Temporary, 0, "no answer"},
	}
	for _, tt := range tests {
		for _, mode := range []string{NameWebhook, NameBot} {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				srv := discordtest.New(t)
				n := newWebhook(t, srv, "")
				if mode == NameBot {
					n = newBot(t, srv, "")
				}
				tt.setup(srv)
				id, err := n.Notify(context.Background(), []raqib.Alert{baseAlert()})
				if err == nil {
					t.Fatalf("no error, id %q", id)
				}
				var de *alerts.DeliveryError
				if !errors.As(err, &de) {
					t.Fatalf("%T %v is no *alerts.DeliveryError", err, err)
				}
				if de.Failure != tt.wantClass || de.Status != tt.wantStatus {
					t.Errorf("got %v (HTTP %d), want %v (HTTP %d): %v", de.Failure, de.Status, tt.wantClass, tt.wantStatus, err)
				}
				if !strings.Contains(err.Error(), tt.wantText) || !strings.Contains(err.Error(), mode) {
					t.Errorf("error %q lacks %q or %q", err, tt.wantText, mode)
				}
				if tt.wantClass == alerts.RateLimited && (de.RetryAfter < 100*time.Millisecond || de.RetryAfter > time.Second) {
					t.Errorf("RetryAfter = %v, want the body's 0.2s", de.RetryAfter)
				}
				assertNoSecret(t, err, srv.WebhookToken(), srv.BotToken(), srv.WebhookURL())
				if len(srv.Messages()) != 0 {
					t.Errorf("the failed post was stored")
				}
			})
		}
	}
}

func TestClassifyBadCredentials(t *testing.T) {
	srv := discordtest.New(t)
	hook := srv.WebhookURL()
	tests := []struct {
		name       string
		cfg        Config
		wantStatus int
	}{
		{"webhook token", Config{WebhookURL: strings.Replace(hook, srv.WebhookToken(), "wrong-token", 1)}, 401},
		{"webhook id", Config{WebhookURL: strings.Replace(hook, srv.WebhookID(), "999", 1)}, 404},
		{"bot token", Config{Token: "wrong.bot.token", ChannelID: srv.ChannelID(), APIURL: srv.URL}, 401},
		{"bot token with prefix", Config{Token: "Bot wrong.bot.token", ChannelID: srv.ChannelID(), APIURL: srv.URL}, 401},
		{"channel", Config{Token: srv.BotToken(), ChannelID: "42", APIURL: srv.URL}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = n.Notify(context.Background(), []raqib.Alert{baseAlert()})
			var de *alerts.DeliveryError
			if !errors.As(err, &de) || de.Failure != alerts.Unauthorized || de.Status != tt.wantStatus {
				t.Fatalf("got %v, want unauthorized (HTTP %d)", err, tt.wantStatus)
			}
			assertNoSecret(t, err, "wrong-token", "wrong.bot.token", tt.cfg.WebhookURL)
		})
	}
}

// TestUnreachable covers failures with no answer at all: nothing listening,
// a server slower than the client's timeout, a context that ends.
func TestUnreachable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()

	srv := discordtest.New(t)
	srv.Stall(2 * time.Second)
	short := &http.Client{Timeout: 100 * time.Millisecond}

	tests := []struct {
		name    string
		cfg     Config
		timeout time.Duration // of the context; 0: none
		token   string
	}{
		{"refused", Config{WebhookURL: deadURL + "/api/webhooks/1/dead-token-123"}, 0, "dead-token-123"},
		{"client timeout", Config{WebhookURL: srv.WebhookURL(), HTTPClient: short}, 0, srv.WebhookToken()},
		{"context deadline", Config{Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: srv.URL}, 100 * time.Millisecond, srv.BotToken()},
		{"context already done", Config{Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: srv.URL}, -1, srv.BotToken()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.timeout != 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			start := time.Now()
			_, err = n.Notify(ctx, []raqib.Alert{baseAlert()})
			var de *alerts.DeliveryError
			if !errors.As(err, &de) || de.Failure != alerts.Temporary || de.Status != 0 {
				t.Fatalf("got %v, want temporary with no status", err)
			}
			if time.Since(start) > time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if tt.timeout != 0 && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%v is not errors.Is(context.DeadlineExceeded)", err)
			}
			assertNoSecret(t, err, tt.token, tt.cfg.WebhookURL)
		})
	}
}

// TestRateLimitBucket checks that discordgo's bucket limiter is kept: after
// the server says no request is left, the next Notify waits for the reset
// (when the context allows) instead of meeting a 429, or says RateLimited
// at once when it does not.
func TestRateLimitBucket(t *testing.T) {
	srv := discordtest.New(t)
	srv.RateLimit(2, 300*time.Millisecond)
	n := newWebhook(t, srv, "")
	for i := range 2 {
		if _, err := n.Notify(context.Background(), []raqib.Alert{baseAlert()}); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := n.Notify(ctx, []raqib.Alert{baseAlert()})
	var de *alerts.DeliveryError
	if !errors.As(err, &de) || de.Failure != alerts.RateLimited || de.RetryAfter <= 0 || de.Status != 0 {
		t.Fatalf("with a short deadline: %v, want RateLimited before sending", err)
	}
	if _, err := n.Notify(context.Background(), []raqib.Alert{baseAlert()}); err != nil {
		t.Fatalf("after waiting for the bucket: %v", err)
	}
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			t.Errorf("the client met a 429 it could have avoided")
		}
	}
	if len(srv.Messages()) != 3 {
		t.Errorf("%d messages, want 3", len(srv.Messages()))
	}

}

// TestRateLimit429 has a second client, which knows nothing of the bucket,
// meet the server's real 429, and then honour what the 429 said.
func TestRateLimit429(t *testing.T) {
	srv := discordtest.New(t)
	srv.RateLimit(1, time.Second)
	first, second := newWebhook(t, srv, ""), newWebhook(t, srv, "")
	if _, err := first.Notify(context.Background(), []raqib.Alert{baseAlert()}); err != nil {
		t.Fatal(err)
	}
	_, err := second.Notify(context.Background(), []raqib.Alert{baseAlert()})
	var de *alerts.DeliveryError
	if !errors.As(err, &de) || de.Failure != alerts.RateLimited || de.Status != 429 ||
		de.RetryAfter <= 0 || de.RetryAfter > time.Second {
		t.Fatalf("got %v (wait %v), want RateLimited (HTTP 429) within 1s", err, retryOf(err))
	}
	requests := len(srv.Requests())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := second.Notify(ctx, []raqib.Alert{baseAlert()}); !errors.As(err, &de) || de.Failure != alerts.RateLimited {
		t.Fatalf("after the 429: %v, want RateLimited without asking", err)
	}
	if len(srv.Requests()) != requests {
		t.Errorf("the client asked again during the window the 429 gave")
	}
}

// TestOddAnswers covers what a proxy or a Discord-compatible host may send
// that discordgo handles badly.
func TestOddAnswers(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		wantID    string
		wantClass alerts.Failure
		wantWait  time.Duration
	}{
		{"200 with broken rate-limit headers", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Remaining", "lots")
			w.Header().Set("X-RateLimit-Reset-After", "soon")
			fmt.Fprint(w, `{"id":"777","channel_id":"1"}`)
		}, "777", 0, 0},
		{"200 with reset and no date", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Date"] = nil // net/http would add one
			w.Header().Set("X-RateLimit-Reset", "1700000000.5")
			fmt.Fprint(w, `{"id":"778"}`)
		}, "778", 0, 0},
		{"204 without body", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
		}, "", 0, 0},
		{"429 as plain text", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, "slow down")
		}, "", alerts.RateLimited, 3 * time.Second},
		{"429 global with fraction", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Global", "true")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"You are being rate limited.","retry_after":1.5,"global":true}`)
		}, "", alerts.RateLimited, 1500 * time.Millisecond},
		{"502 as HTML", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "<html>bad gateway</html>")
		}, "", alerts.Temporary, 0},
		{"413", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprint(w, `{"message":"Request entity too large","code":40005}`)
		}, "", alerts.Rejected, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			n, err := New(Config{WebhookURL: srv.URL + "/api/webhooks/1/odd-token-456"})
			if err != nil {
				t.Fatal(err)
			}
			id, err := n.Notify(context.Background(), []raqib.Alert{baseAlert()})
			if tt.wantID != "" || tt.wantClass == 0 && err == nil {
				if err != nil || id != tt.wantID {
					t.Fatalf("got %q, %v; want id %q", id, err, tt.wantID)
				}
				return
			}
			var de *alerts.DeliveryError
			if !errors.As(err, &de) || de.Failure != tt.wantClass || de.RetryAfter != tt.wantWait {
				t.Fatalf("got %v (wait %v), want %v wait %v", err, retryOf(err), tt.wantClass, tt.wantWait)
			}
			assertNoSecret(t, err, "odd-token-456")
		})
	}
}

// retryOf is the wait err asks for, for messages.
func retryOf(err error) time.Duration {
	_, d := alerts.FailureOf(err)
	return d
}

// assertNoSecret fails when any rendering of err, or of any error in its
// chain, holds one of secrets.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	var texts []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		texts = append(texts, e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e))
	}
	if data, jerr := json.Marshal(err); jerr == nil {
		texts = append(texts, string(data))
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("error text holds the secret %q: %s", s, text)
			}
		}
	}
}
