package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/commands"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// botWait bounds the waits of the slash commands' tests: against a hung
// test, never deciding an outcome.
const botWait = 20 * time.Second

// botDaemon is the daemon in bot mode with the slash commands on, against
// the Discord stand-in and the sample news site (served by news, which
// may hold pages), running until the test ends.
type botDaemon struct {
	app     *App
	discord *discordtest.Server
	stop    func()
}

func startBotDaemon(t *testing.T, news http.Handler, extra string, store func(commands.Store) commands.Store) *botDaemon {
	t.Helper()
	srv := httptest.NewServer(news)
	t.Cleanup(srv.Close)
	dc := discordtest.New(t)
	d := fmt.Sprintf("  token: %s\n  channel_id: %q\n  api_url: %s\n  commands: true\n  guild_id: %q%s",
		dc.BotToken(), dc.ChannelID(), dc.URL, dc.GuildID(), extra)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	yaml := fmt.Sprintf(testConfig, filepath.Join(dir, "raqib.db"), d, srv.URL)
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]byte(yaml), cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, testLogger(t), fastRetries(appOptions{console: io.Discard}))
	if err != nil {
		t.Fatal(err)
	}
	app.botOpt.reconnectMin = 10 * time.Millisecond
	app.botOpt.store = store
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Daemon(ctx) }()
	b := &botDaemon{app: app, discord: dc}
	var stopped bool
	b.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
		app.Close()
	}
	t.Cleanup(b.stop)
	if cmds := dc.WaitCommands(dc.GuildID(), botWait); len(cmds) != 1 || len(cmds[0].Options) != 4 {
		t.Fatalf("commands registered: %+v", cmds)
	}
	return b
}

// ask invokes /raqib sub as a member with roles and returns the answer.
func (b *botDaemon) ask(t *testing.T, roles []string, opts ...discordtest.Option) (discordtest.Message, discordtest.InteractionState) {
	t.Helper()
	in, err := b.discord.Invoke(discordtest.Invocation{Command: "raqib", Options: opts, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	m, st, ok := in.WaitAnswer(botWait)
	if !ok {
		t.Fatalf("no answer to %+v: %+v", opts, st)
	}
	if st.Acked <= 0 || st.Acked > discordtest.AckDeadline {
		t.Errorf("acknowledged after %v", st.Acked)
	}
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 || len(m.PingedRoles)+len(m.PingedUsers) > 0 || m.PingedEveryone {
		t.Errorf("the answer may ping: %+v", m.AllowedMentions)
	}
	return m, st
}

func embedText(m discordtest.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
	}
	return b.String()
}

var sub, str = discordtest.Sub, discordtest.Str

// Each command, end to end: the daemon's start-up pass raises tallies and
// posts its alerts; then a member asks.
func TestSlashCommands(t *testing.T) {
	b := startBotDaemon(t, demo.New(nil), "", nil)
	waitPending(t, b.app, 4)

	m, _ := b.ask(t, nil, sub("today"))
	if text := embedText(m); !strings.Contains(text, "Al-Tanf Garrison") || !strings.Contains(text, "Ain al-Asad Air Base") || !strings.Contains(m.Embeds[0].Title, "Attacks today") {
		t.Errorf("today:\n%s", text)
	}

	// Autocomplete in Arabic, then the choice's value.
	ac, err := b.discord.Invoke(discordtest.Invocation{Command: "raqib", Autocomplete: true, Options: []discordtest.Option{sub("site", discordtest.Typing("site", "عين الا"))}})
	if err != nil {
		t.Fatal(err)
	}
	choices, ok := ac.WaitChoices(botWait)
	if !ok || len(choices) == 0 || choices[0].Value != "ain-al-asad" {
		t.Fatalf("autocomplete: %+v", choices)
	}
	m, _ = b.ask(t, nil, sub("site", str("site", choices[0].Value.(string))))
	if len(m.Attachments) != 1 || m.Embeds[0].Image == nil || !strings.Contains(embedText(m), "Latest articles") || m.Flags != 0 {
		t.Errorf("site: %s (%d files)", embedText(m), len(m.Attachments))
	}

	m, _ = b.ask(t, nil, sub("site", str("site", "Camp Nowhere")))
	if m.Flags&discordtest.FlagEphemeral == 0 || !strings.Contains(m.Content, "No site I know matches") {
		t.Errorf("unknown site: flags %d %q", m.Flags, m.Content)
	}

	m, _ = b.ask(t, nil, sub("sources"))
	if text := embedText(m); !strings.Contains(text, "news-ar") || !strings.Contains(text, "news-en") {
		t.Errorf("sources:\n%s", text)
	}

	m, _ = b.ask(t, nil, sub("digest"))
	if !strings.Contains(m.Content, "Digest for ") || len(m.Attachments) != 1 {
		t.Errorf("digest: %q, %d files", m.Content, len(m.Attachments))
	}

	// Commands post nothing to the alerts' channel, and change nothing.
	before := len(b.discord.Messages())
	b.ask(t, nil, sub("today"))
	if after := len(b.discord.Messages()); after != before {
		t.Errorf("a command posted %d messages among the alerts", after-before)
	}
}

// waitPending waits until the outbox holds n alerts, all sent (polling
// the database: a bound against a hung test, not a clock deciding it).
func waitPending(t *testing.T, app *App, n int) {
	t.Helper()
	deadline := time.Now().Add(botWait)
	for time.Now().Before(deadline) {
		recs, err := app.db.Alerts(context.Background())
		sent := 0
		for _, r := range recs {
			if r.State == "sent" {
				sent++
			}
		}
		if err == nil && len(recs) == n && sent == n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the %d alerts were not all delivered", n)
}

// With command_roles, a member without one is refused, only to them.
func TestSlashCommandsRoles(t *testing.T) {
	b := startBotDaemon(t, demo.New(nil), "\n  command_roles: [\"111\"]", nil)
	m, _ := b.ask(t, []string{"222"}, sub("today"))
	if m.Flags&discordtest.FlagEphemeral == 0 || !strings.Contains(m.Content, "<@&111>") {
		t.Errorf("refusal: flags %d %q", m.Flags, m.Content)
	}
	if m, _ := b.ask(t, []string{"111"}, sub("sources")); len(m.Embeds) != 1 {
		t.Errorf("member with the role: %q", m.Content)
	}
}

// heldStore holds every read until release is closed: a database that
// does not answer (a slow query).
type heldStore struct {
	commands.Store
	release chan struct{}
}

func (s heldStore) Tallies(ctx context.Context, from, to string) ([]storage.Tally, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Store.Tallies(ctx, from, to)
}

// A slow database: the command is acknowledged in time with a deferral,
// and its answer follows as an edit once the database answers.
func TestSlashCommandDeferredWhenDatabaseSlow(t *testing.T) {
	release := make(chan struct{})
	b := startBotDaemon(t, demo.New(nil), "", func(s commands.Store) commands.Store { return heldStore{s, release} })
	in, err := b.discord.Invoke(discordtest.Invocation{Command: "raqib", Options: []discordtest.Option{sub("today")}})
	if err != nil {
		t.Fatal(err)
	}
	st, ok := in.Wait(botWait, func(st discordtest.InteractionState) bool { return st.Deferred })
	if !ok || st.Acked > discordtest.AckDeadline || st.Original != nil {
		t.Fatalf("not deferred in time: %+v", st)
	}
	close(release)
	m, st, ok := in.WaitAnswer(botWait)
	if !ok || !strings.Contains(embedText(m), "Attacks today") {
		t.Errorf("deferred answer: %q %+v", embedText(m), st)
	}
}

// The gateway goes down while a pass is under way: the pass's alerts are
// delivered all the same, over REST, and once the gateway is back the
// commands answer again.
func TestGatewayDownDuringPass(t *testing.T) {
	site := demo.New(nil)
	started := make(chan struct{}, 1)
	gate := make(chan struct{})
	news := gatedArticles(site, "/ar/", started, "/ar/news/101.html", func() { <-gate })
	b := startBotDaemon(t, news, "", nil)
	select {
	case <-started:
	case <-time.After(botWait):
		t.Fatal("the start-up pass did not start")
	}
	if _, ok := b.discord.WaitGateway(botWait, func(st discordtest.GatewayStats) bool { return st.Live }); !ok {
		t.Fatal("the gateway never became ready")
	}
	b.discord.GatewayDown()
	close(gate) // the pass goes on while the gateway is down

	waitPending(t, b.app, 4)
	if got := summary(t, b.discord.Messages()); len(got) != 4 {
		t.Errorf("alerts during the gateway outage: %q, want the 4 of the pass", got)
	}
	if st := b.discord.GatewayStats(); st.Live {
		t.Error("the gateway was up again before the test brought it up")
	}

	b.discord.GatewayUp()
	before := b.discord.GatewayStats().Ready
	if st, ok := b.discord.WaitGateway(botWait, func(st discordtest.GatewayStats) bool { return st.Live && st.Ready > before }); !ok {
		t.Fatalf("the bot did not reconnect: %+v", st)
	}
	if st := b.discord.GatewayStats(); st.Resumes < 1 {
		t.Errorf("the session was not resumed: %+v", st)
	}
	m, _ := b.ask(t, nil, sub("today"))
	if !strings.Contains(embedText(m), "Attacks today") {
		t.Errorf("after the outage: %q", embedText(m))
	}

	// A reconnect asked by Discord in the middle of alerts: none is lost.
	site.Advance()
	b.discord.ForceReconnect(discordtest.RequestReconnect)
	b.app.PassAll(context.Background())
	waitPending(t, b.app, 7)
	if got := summary(t, b.discord.Messages()); len(got) != 7 {
		t.Errorf("alerts after the second pass: %q, want 7 in all", got)
	}
	if _, ok := b.discord.WaitGateway(botWait, func(st discordtest.GatewayStats) bool { return st.Live }); !ok {
		t.Fatal("not back after op 7")
	}
	if m, _ := b.ask(t, nil, sub("site", str("site", "us-embassy-baghdad"))); !strings.Contains(embedText(m), "1 today") {
		t.Errorf("site after the second pass: %q", embedText(m))
	}
}
