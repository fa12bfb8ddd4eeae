package discord

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/internal/discordtest"
)

func newWebhook(t *testing.T, srv *discordtest.Server, role string) *Notifier {
	t.Helper()
	n, err := New(Config{WebhookURL: srv.WebhookURL(), EmbassyRoleID: role})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func newBot(t *testing.T, srv *discordtest.Server, role string) *Notifier {
	t.Helper()
	n, err := New(Config{Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: srv.URL, EmbassyRoleID: role})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotifyEndToEnd(t *testing.T) {
	modes := []struct {
		name     string
		newN     func(*testing.T, *discordtest.Server, string) *Notifier
		wantMode string
	}{
		{NameWebhook, newWebhook, discordtest.ModeWebhook},
		{NameBot, newBot, discordtest.ModeBot},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			srv := discordtest.New(t)
			n := mode.newN(t, srv, "456")
			if n.Name() != mode.name {
				t.Errorf("Name() = %q, want %q", n.Name(), mode.name)
			}
			batches := [][]raqib.Alert{{embassyAlert()}, {baseAlert(), baseAlert()}}
			for i, batch := range batches {
				id, err := n.Notify(context.Background(), batch)
				if err != nil {
					t.Fatalf("batch %d: %v", i, err)
				}
				msgs := srv.Messages()
				if len(msgs) != i+1 {
					t.Fatalf("server holds %d messages, want %d", len(msgs), i+1)
				}
				got := msgs[i]
				if id == "" || id != got.ID {
					t.Errorf("Notify returned id %q, server stored %q", id, got.ID)
				}
				if got.Mode != mode.wantMode {
					t.Errorf("mode %q, want %q", got.Mode, mode.wantMode)
				}
				want := BuildMessage(batch, "456")
				if got.Content != want.Content || len(got.Embeds) != len(want.Embeds) {
					t.Errorf("content %q with %d embeds, want %q with %d", got.Content, len(got.Embeds), want.Content, len(want.Embeds))
				}
				for j := range got.Embeds {
					if got.Embeds[j].Title != want.Embeds[j].Title || got.Embeds[j].URL != want.Embeds[j].URL {
						t.Errorf("embed %d: %q %q", j, got.Embeds[j].Title, got.Embeds[j].URL)
					}
				}
				if got.AllowedMentions == nil || got.AllowedMentions.Parse == nil || len(got.AllowedMentions.Parse) != 0 {
					t.Errorf("allowed_mentions = %+v, want parse: []", got.AllowedMentions)
				}
				if !strings.Contains(string(got.Raw), `"parse":[]`) {
					t.Errorf(`raw body lacks "parse":[]: %s`, got.Raw)
				}
				wantPings := []string(nil)
				if batch[0].Urgent {
					wantPings = []string{"456"}
				}
				if !reflect.DeepEqual(got.PingedRoles, wantPings) || got.PingedEveryone {
					t.Errorf("message pinged roles %v everyone %v, want %v", got.PingedRoles, got.PingedEveryone, wantPings)
				}
			}
		})
	}
}

// TestBotNonce checks that a retried bot-mode batch (an answer lost after
// Discord posted) comes back as the same message instead of a second one.
func TestBotNonce(t *testing.T) {
	srv := discordtest.New(t)
	n := newBot(t, srv, "")
	batch := []raqib.Alert{baseAlert()}
	id1, err := n.Notify(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := n.Notify(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	if id1 != id2 || len(srv.Messages()) != 1 {
		t.Errorf("retry posted again: ids %s %s, %d messages", id1, id2, len(srv.Messages()))
	}
	other := baseAlert()
	other.ID, other.Attacks, other.Previous = 9, 4, 3
	if id3, err := n.Notify(context.Background(), []raqib.Alert{other}); err != nil || id3 == id1 {
		t.Errorf("a different batch got id %s (first %s), err %v", id3, id1, err)
	}
	if m := srv.Messages()[0]; len(m.Nonce) == 0 || len(m.Nonce) > 25 {
		t.Errorf("nonce %q: want 1 to 25 characters", m.Nonce)
	}
}

func TestLongArabicAccepted(t *testing.T) {
	srv := discordtest.New(t)
	n := newWebhook(t, srv, "456")
	a := embassyAlert()
	long := strings.Repeat("ع", 10000)
	a.SiteName, a.Title, a.Evidence, a.Source = long, long, long, long
	batch := make([]raqib.Alert, MaxEmbeds)
	for i := range batch {
		batch[i] = a
	}
	if _, err := n.Notify(context.Background(), batch); err != nil {
		t.Fatalf("10 alerts of 10,000 Arabic characters: %v", err)
	}
	if got := srv.Messages(); len(got) != 1 || len(got[0].Embeds) != MaxEmbeds {
		t.Fatalf("server holds %d messages", len(got))
	}
}

func TestNotifyBatchLimits(t *testing.T) {
	srv := discordtest.New(t)
	n := newWebhook(t, srv, "")
	if id, err := n.Notify(context.Background(), nil); id != "" || err != nil {
		t.Errorf("empty batch: %q, %v", id, err)
	}
	batch := make([]raqib.Alert, MaxEmbeds+1)
	for i := range batch {
		batch[i] = baseAlert()
	}
	_, err := n.Notify(context.Background(), batch)
	if f, _ := alerts.FailureOf(err); f != alerts.Rejected {
		t.Errorf("11 alerts: %v, want Rejected", err)
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("an oversized batch reached the server")
	}
}

// TestAPIURLRewrite sends through a proxy whose base has a path prefix, and
// checks that discordgo's https://discord.com/api/v9/... became
// PROXY/relay/api/v10/....
func TestAPIURLRewrite(t *testing.T) {
	srv := discordtest.New(t)
	target, _ := url.Parse(srv.Root)
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.Path)
		if !strings.HasPrefix(r.URL.Path, "/relay/") {
			http.NotFound(w, r)
			return
		}
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/relay")
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)

	tests := []struct {
		name     string
		cfg      Config
		wantPath string
	}{
		{"bot", Config{Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: proxy.URL + "/relay/api/v10/"},
			"/relay/api/v10/channels/" + srv.ChannelID() + "/messages"},
		// api_url wins over the webhook URL's own host.
		{"webhook", Config{WebhookURL: "https://discord.com/api/webhooks/" + srv.WebhookID() + "/" + srv.WebhookToken(),
			APIURL: proxy.URL + "/relay/api/v10"},
			"/relay/api/v10/webhooks/" + srv.WebhookID() + "/" + srv.WebhookToken()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			n, err := New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := n.Notify(context.Background(), []raqib.Alert{baseAlert()}); err != nil {
				t.Fatal(err)
			}
			if len(seen) != 1 || seen[0] != tt.wantPath {
				t.Errorf("proxy saw %v, want [%s]", seen, tt.wantPath)
			}
		})
	}
}
