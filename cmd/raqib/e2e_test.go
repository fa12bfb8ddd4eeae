package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/scraper"
)

// testConfig is the config of the end-to-end tests: the sample news site
// (an Arabic listing with nav links, a related-news block and a page that
// merely mentions the embassy; an English RSS feed) and a Discord stand-in.
const testConfig = `database: %s
timezone: Asia/Baghdad
discord:
%s
  embassy_role_id: "456"
scraper:
  delay: 1ms
  timeout: 5s
sources:
  - name: news-ar
    url: %[3]s/ar/
    links: "a.headline"
    article: ".article-body"
    lang: ar
    schedule: "@every 1h"
  - name: news-en
    feed: %[3]s/en/rss.xml
    lang: en
    schedule: "@every 1h"
`

type harness struct {
	site    *demo.Site
	news    *httptest.Server
	discord *discordtest.Server
	app     *App
}

func newHarness(t *testing.T, mode string) *harness {
	t.Helper()
	h := &harness{site: demo.New(nil), discord: discordtest.New(t)}
	h.news = httptest.NewServer(h.site)
	t.Cleanup(h.news.Close)
	var d string
	switch mode {
	case "webhook":
		d = "  webhook_url: " + h.discord.WebhookURL()
	case "bot":
		d = fmt.Sprintf("  token: %s\n  channel_id: %q\n  api_url: %s", h.discord.BotToken(), h.discord.ChannelID(), h.discord.URL)
	}
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(fmt.Sprintf(testConfig, filepath.Join(dir, "raqib.db"), d, h.news.URL)), filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h.app, err = newApp(context.Background(), cfg, testLogger(t), fastRetries(appOptions{console: io.Discard}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.app.Close() })
	return h
}

// pass runs one `raqib once` pass and returns the messages Discord accepted
// during it.
func (h *harness) pass(t *testing.T, flushWait time.Duration) []discordtest.Message {
	t.Helper()
	before := len(h.discord.Messages())
	h.app.PassAll(context.Background())
	h.app.flush(context.Background(), flushWait)
	return h.discord.Messages()[before:]
}

var countRE = regexp.MustCompile(`(\d+) attacks? .*\(was (\d+)\)`)

// summary renders what a person reads in the messages: one line per embed,
// "Site Name new<-previous", urgent ones marked.
func summary(t *testing.T, msgs []discordtest.Message) []string {
	t.Helper()
	var out []string
	for _, m := range msgs {
		for _, e := range m.Embeds {
			c := countRE.FindStringSubmatch(e.Description)
			if c == nil {
				t.Fatalf("embed %q states no count and previous count: %q", e.Title, e.Description)
			}
			name := e.Title
			for _, p := range []string{"URGENT: attack on ", "Attack on "} {
				name = strings.TrimPrefix(name, p)
			}
			line := fmt.Sprintf("%s %s<-%s", name, c[1], c[2])
			if strings.HasPrefix(e.Title, "URGENT") {
				line = "URGENT " + line
			}
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

func TestEndToEnd(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, mode)

			// Pass 1: the day's attacks; the page that only quotes an
			// embassy spokesman alerts nothing.
			msgs := h.pass(t, 10*time.Second)
			want := []string{"Al-Tanf Garrison 3<-0", "Ain al-Asad Air Base 2<-0", "Erbil Air Base 2<-0", "Harir Air Base 1<-0"}
			slices.Sort(want)
			if got := summary(t, msgs); !slices.Equal(got, want) {
				t.Errorf("pass 1 alerts:\n got %q\nwant %q", got, want)
			}
			for _, m := range msgs {
				if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 || len(m.AllowedMentions.Roles) != 0 {
					t.Errorf("pass 1 message %s: allowed_mentions %+v, want parse [] and no roles", m.ID, m.AllowedMentions)
				}
				if len(m.PingedRoles)+len(m.PingedUsers) > 0 || m.PingedEveryone {
					t.Errorf("pass 1 message %s pinged someone", m.ID)
				}
			}

			// Pass 2: the site gains a rise, a new base and an embassy hit.
			h.site.Advance()
			msgs = h.pass(t, 10*time.Second)
			want = []string{"Ain al-Asad Air Base 3<-2", "Al-Shaddadi Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"}
			slices.Sort(want)
			if got := summary(t, msgs); !slices.Equal(got, want) {
				t.Errorf("pass 2 alerts:\n got %q\nwant %q", got, want)
			}
			if len(msgs) == 0 {
				t.Fatal("pass 2 sent nothing")
			}
			urgent := msgs[0]
			if len(urgent.Embeds) != 1 || !strings.Contains(urgent.Embeds[0].Title, "U.S. Embassy Baghdad") {
				t.Errorf("the embassy alert must go first and alone, got %d embeds: %+v", len(urgent.Embeds), urgent.Embeds)
			}
			if !strings.Contains(urgent.Content, "<@&456>") || !slices.Equal(urgent.PingedRoles, []string{"456"}) {
				t.Errorf("embassy alert: content %q pinged %v, want the role 456", urgent.Content, urgent.PingedRoles)
			}
			if urgent.AllowedMentions == nil || len(urgent.AllowedMentions.Parse) != 0 {
				t.Errorf("embassy alert: allowed_mentions %+v, want parse []", urgent.AllowedMentions)
			}
			for _, m := range msgs[1:] {
				if len(m.PingedRoles) > 0 || strings.Contains(m.Content, "<@&") {
					t.Errorf("non-embassy message %s mentions a role: %q", m.ID, m.Content)
				}
			}
			if urgent.Embeds[0].URL != h.news.URL+"/ar/news/103.html" {
				t.Errorf("embassy alert links %q, want the article", urgent.Embeds[0].URL)
			}

			// Pass 3: nothing changed, nothing is sent.
			if msgs := h.pass(t, 10*time.Second); len(msgs) != 0 {
				t.Errorf("pass 3 sent %d messages: %q", len(msgs), summary(t, msgs))
			}

			// Every alert is marked sent with the id Discord gave it.
			recs, err := h.app.db.Alerts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, m := range h.discord.Messages() {
				ids[m.ID] = true
			}
			for _, r := range recs {
				if r.State != "sent" || !ids[r.MessageID] {
					t.Errorf("alert %d (%s): state %s, message %q", r.ID, r.Site, r.State, r.MessageID)
				}
			}
			if len(recs) != 7 {
				t.Errorf("%d alerts in the outbox, want 7", len(recs))
			}
		})
	}
}

// A Discord outage during a pass delays the alerts to the next pass: none
// is lost, none is doubled.
func TestDiscordDownDuringPass(t *testing.T) {
	h := newHarness(t, "webhook")
	h.discord.Down()
	if msgs := h.pass(t, 100*time.Millisecond); len(msgs) != 0 {
		t.Fatalf("Discord was down, yet %d messages arrived", len(msgs))
	}
	if n, _ := h.app.db.PendingCount(context.Background()); n != 4 {
		t.Fatalf("%d alerts pending after the outage, want 4", n)
	}
	h.discord.Up()
	msgs := h.pass(t, 10*time.Second)
	if got := summary(t, msgs); len(got) != 4 {
		t.Errorf("after the outage: %q, want the 4 pending alerts", got)
	}
	if msgs := h.pass(t, 10*time.Second); len(msgs) != 0 {
		t.Errorf("a pass after delivery sent %d more messages", len(msgs))
	}
}

// testLogger logs through t, so that a failing test shows what raqib said.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// When a second outlet reports a count already alerted, the alert's message
// is edited to add it, and no new message is posted.
func TestCorroborationEditsMessage(t *testing.T) {
	first := httptest.NewServer(demo.New(nil))
	defer first.Close()
	second := httptest.NewServer(demo.New(nil)) // another outlet with the same story
	defer second.Close()
	dc := discordtest.New(t)
	path := writeConfig(t, fmt.Sprintf(`discord:
  webhook_url: %s
scraper: {delay: 1ms}
sources:
  - name: first
    url: %s/ar/
    links: a.headline
  - name: second
    url: %s/ar/
    links: a.headline
`, dc.WebhookURL(), first.URL, second.URL))
	if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 0 {
		t.Fatalf("once: exit %d\n%s", code, stderr)
	}
	msgs := dc.Messages()
	if got := summary(t, msgs); len(got) != 3 {
		t.Fatalf("alerts: %q, want the 3 of the first outlet only", got)
	}
	edited := 0
	for _, m := range msgs {
		if len(m.Edits) == 0 {
			continue
		}
		edited++
		last := string(m.Edits[len(m.Edits)-1])
		if !strings.Contains(last, "Also reported by") || !strings.Contains(last, second.URL+"/ar/news/101.html") {
			t.Errorf("edit of message %s does not list the second outlet:\n%s", m.ID, last)
		}
	}
	if edited == 0 {
		t.Errorf("no message was edited to add the second outlet")
	}
}

// An undated article that changes after midnight keeps the day it was first
// read on: its attacks are not alerted a second time on the new day.
func TestUndatedArticleKeepsItsDay(t *testing.T) {
	body := "<html><body><article><p>استهدف هجومان قاعدة عين الأسد الجوية فجر اليوم.</p>%s</article></body></html>"
	extra := ""
	news := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/":
			fmt.Fprint(w, `<html><body><a class="h" href="/news/1">story</a></body></html>`)
		case "/news/1":
			fmt.Fprintf(w, body, extra)
		default:
			http.NotFound(w, r)
		}
	}))
	defer news.Close()
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: n\n    url: %s/news/\n    links: a.h\n", news.URL)),
		filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, testLogger(t), appOptions{console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	clock := time.Date(2026, 11, 27, 23, 0, 0, 0, cfg.Location)
	sc := scraperConfig(cfg, testLogger(t))
	sc.Validators = app.db
	sc.Now = func() time.Time { return clock }
	app.scraper = scraper.New(sc)
	app.now = func() time.Time { return clock }

	app.PassAll(context.Background())
	clock = clock.Add(2 * time.Hour) // 01:00 the next day
	extra = "<p>وأضاف المصدر أن التحقيقات جارية.</p>"
	app.PassAll(context.Background())

	recs, err := app.db.Alerts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Day != "2026-11-27" {
		for _, r := range recs {
			t.Logf("alert %s %s %d<-%d", r.Site, r.Day, r.Attacks, r.Previous)
		}
		t.Errorf("%d alerts, want one, on 2026-11-27", len(recs))
	}
}

// The daemon drops the extractor when its last pass ends; a pass that finds
// only unchanged articles does not build it again, and a pass with news
// does, and extracts as before.
func TestIdleDaemonDropsExtractor(t *testing.T) {
	h := newHarness(t, "webhook")
	ctx := context.Background()
	for _, src := range h.app.cfg.Sources {
		if _, err := h.app.countedPass(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	held := func() bool {
		h.app.extractor.mu.Lock()
		defer h.app.extractor.mu.Unlock()
		return h.app.extractor.ex != nil
	}
	if held() {
		t.Fatal("the extractor is still held after the last pass ended")
	}
	h.app.flush(ctx, 10*time.Second)

	if msgs := h.pass(t, 10*time.Second); len(msgs) != 0 || held() {
		t.Errorf("unchanged pass: %d messages, extractor built: %v; want none and no", len(msgs), held())
	}
	h.site.Advance()
	msgs := h.pass(t, 10*time.Second)
	want := []string{"Ain al-Asad Air Base 3<-2", "Al-Shaddadi Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"}
	slices.Sort(want)
	if got := summary(t, msgs); !slices.Equal(got, want) {
		t.Errorf("alerts after the extractor was rebuilt:\n got %q\nwant %q", got, want)
	}
	if !held() {
		t.Error("a pass with news did not build the extractor")
	}
}
