package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// `raqib validate` checks each route's destination as the Discord
// notifier would take it, naming the route's key and line, and lists the
// routes of a valid config.
func TestValidateRoutes(t *testing.T) {
	t.Setenv("RAQIB_TEST_IRAQ", "https://discord.com/api/webhooks/2/iraq-t0ken")
	t.Setenv("RAQIB_TEST_SYRIA", "https://example.com/hooks/s3cr3t-t0ken")
	const head = "discord:\n  webhook_url: https://discord.com/api/webhooks/1/default-t0ken\nroutes:\n" +
		"  - name: iraq-desk\n    webhook_url: ${RAQIB_TEST_IRAQ}\n    countries: [IQ]\n"
	const tail = "sources:\n  - name: a\n    url: https://example.com/\n"

	path := writeConfig(t, head+"  - name: syria-desk\n    webhook_url: ${RAQIB_TEST_SYRIA}\n    role_id: \"1\"\n"+tail)
	code, _, stderr := runMain(t, context.Background(), "", "validate", "-config", path)
	want := path + ": routes[1].webhook_url (line 8): must look like https://discord.com/api/webhooks/ID/TOKEN\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and:\n%s", code, stderr, want)
	}
	if strings.Contains(stderr, "s3cr3t") {
		t.Errorf("the secret is printed:\n%s", stderr)
	}

	path = writeConfig(t, head+tail)
	code, stdout, stderr := runMain(t, context.Background(), "", "validate", "-config", path)
	if code != 0 || !strings.Contains(stdout, "discord webhook, routes: iraq-desk (webhook)") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}

// fastRetries shortens the dispatchers' backoffs: failure tests stay short,
// and the logic is the same.
func fastRetries(opt appOptions) appOptions {
	opt.minBackoff, opt.maxBackoff = 10*time.Millisecond, 50*time.Millisecond
	return opt
}

// desk is where one route's messages land in a test: a stand-in of its own
// (webhook mode), or a channel of the bot's stand-in (bot mode).
type desk struct {
	name    string
	srv     *discordtest.Server
	channel string // bot mode; "" in webhook mode
}

func (d desk) messages() []discordtest.Message {
	if d.channel != "" {
		return d.srv.MessagesIn(d.channel)
	}
	return d.srv.Messages()
}

// destination is the route's keys that say where it posts.
func (d desk) destination() string {
	if d.channel != "" {
		return fmt.Sprintf("channel_id: %q", d.channel)
	}
	return "webhook_url: " + d.srv.WebhookURL()
}

// newDesks makes the default route's desk and one desk per name, in mode,
// and the discord: block of the default route.
func newDesks(t *testing.T, mode string, names ...string) (dflt desk, desks map[string]desk, block string) {
	t.Helper()
	desks = map[string]desk{}
	switch mode {
	case "webhook":
		dflt = desk{name: "default", srv: discordtest.New(t)}
		block = "discord:\n  webhook_url: " + dflt.srv.WebhookURL() + "\n"
		for _, n := range names {
			desks[n] = desk{name: n, srv: discordtest.New(t)}
		}
	case "bot":
		srv := discordtest.New(t)
		dflt = desk{name: "default", srv: srv, channel: srv.ChannelID()}
		block = fmt.Sprintf("discord:\n  token: %s\n  channel_id: %q\n  api_url: %s\n", srv.BotToken(), srv.ChannelID(), srv.URL)
		for _, n := range names {
			desks[n] = desk{name: n, srv: srv, channel: srv.AddChannel()}
		}
	}
	return dflt, desks, block
}

// TestRoutes: an Iraq desk, a Syria desk from two attacks a day, and a
// security team that hears of the embassy and Erbil only, besides the
// default route. Two passes of `raqib once` over the sample site, and a
// second outlet repeating the first pass's news: every alert reaches the
// default route and each route whose filter keeps it, exactly once; the
// embassy alert mentions each route's own role and no other; the second
// outlet's corroborations edit the message each route received.
func TestRoutes(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		t.Run(mode, func(t *testing.T) {
			site := demo.New(nil)
			news := httptest.NewServer(site)
			defer news.Close()
			second := httptest.NewServer(demo.New(nil)) // another outlet, the same story
			defer second.Close()
			dflt, desks, block := newDesks(t, mode, "iraq-desk", "syria-desk", "security")
			path := writeConfig(t, block+`  embassy_role_id: "456"
routes:
  - name: iraq-desk
    `+desks["iraq-desk"].destination()+`
    countries: [IQ]
  - name: syria-desk
    `+desks["syria-desk"].destination()+`
    role_id: "222"
    countries: [SY]
    min_attacks: 2
  - name: security
    `+desks["security"].destination()+`
    role_id: "789"
    sites: [us-embassy-baghdad, us-consulate-erbil, erbil-airbase]
scraper: {delay: 1ms}
sources:
  - name: news-ar
    url: `+news.URL+`/ar/
    links: a.headline
    article: .article-body
  - name: news-en
    feed: `+news.URL+`/en/rss.xml
  - name: second
    url: `+second.URL+`/ar/
    links: a.headline
    article: .article-body
`)
			once := func() {
				t.Helper()
				if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 0 {
					t.Fatalf("once: exit %d\n%s", code, stderr)
				}
			}
			once()
			site.Advance()
			once()
			once() // nothing new: nothing sent anywhere

			want := map[string][]string{
				"default": {"Ain al-Asad Air Base 2<-0", "Ain al-Asad Air Base 3<-2", "Al-Shaddadi Base 1<-0", "Al-Tanf Garrison 3<-0",
					"Erbil Air Base 2<-0", "Harir Air Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"},
				"iraq-desk":  {"Ain al-Asad Air Base 2<-0", "Ain al-Asad Air Base 3<-2", "Erbil Air Base 2<-0", "Harir Air Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"},
				"syria-desk": {"Al-Tanf Garrison 3<-0"}, // Al-Shaddadi's 1 is below min_attacks
				"security":   {"Erbil Air Base 2<-0", "URGENT U.S. Embassy Baghdad 1<-0"},
			}
			roles := map[string][]string{"default": {"456"}, "iraq-desk": nil, "syria-desk": {"222"}, "security": {"789"}}
			all := []desk{dflt, desks["iraq-desk"], desks["syria-desk"], desks["security"]}
			for _, d := range all {
				msgs := d.messages()
				if got := summary(t, msgs); !slices.Equal(got, want[d.name]) {
					t.Errorf("%s received (each once?):\n got %q\nwant %q", d.name, got, want[d.name])
				}
				for _, m := range msgs {
					urgent := strings.Contains(m.Content, "URGENT")
					wantRoles := []string(nil)
					if urgent {
						wantRoles = roles[d.name]
					}
					if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 || !slices.Equal(m.AllowedMentions.Roles, wantRoles) ||
						!slices.Equal(m.PingedRoles, wantRoles) {
						t.Errorf("%s message %q: allowed_mentions %+v, pinged %v; want parse [] and roles %v", d.name, m.Content, m.AllowedMentions, m.PingedRoles, wantRoles)
					}
				}
			}

			// The second outlet corroborates the first pass's Arabic
			// alerts: each route's message of Harir or Ain al-Asad is
			// edited to list it, within that route's mentions.
			for _, d := range all {
				for _, m := range d.messages() {
					for _, e := range m.Embeds {
						if !strings.Contains(e.Title, "Harir") && !(strings.Contains(e.Title, "Ain al-Asad") && strings.Contains(e.Description, "(was 0)")) {
							continue
						}
						if len(m.Edits) == 0 {
							t.Errorf("%s: the message of %q was not edited", d.name, e.Title)
							continue
						}
						last := string(m.Edits[len(m.Edits)-1])
						if !strings.Contains(last, "Also reported by") || !strings.Contains(last, second.URL) || !strings.Contains(last, `"allowed_mentions":{"parse":[]}`) {
							t.Errorf("%s: the edit of %q:\n%s", d.name, e.Title, last)
						}
					}
				}
			}

			// Every delivery is marked sent with the id its route's
			// Discord gave it.
			db, err := storage.Open(context.Background(), filepath.Join(filepath.Dir(path), "raqib.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			recs, err := db.Deliveries(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]map[string]bool{}
			n := 0
			for _, d := range all {
				ids[d.name] = map[string]bool{}
				for _, m := range d.messages() {
					ids[d.name][m.ID] = true
				}
				n += len(want[d.name])
			}
			for _, r := range recs {
				if r.State != "sent" || !ids[r.Route][r.MessageID] {
					t.Errorf("alert %d (%s) on %s: state %s, message %q", r.ID, r.Site, r.Route, r.State, r.MessageID)
				}
			}
			if len(recs) != n {
				t.Errorf("%d deliveries, want %d", len(recs), n)
			}
		})
	}
}
