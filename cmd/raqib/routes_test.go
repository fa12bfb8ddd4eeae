package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/config"
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

// routeApp builds, on the sample site, the App of a config whose discord:
// block is block and whose routes: are routes, with short retries.
func routeApp(t *testing.T, block, routes string) (*App, *demo.Site) {
	t.Helper()
	site := demo.New(nil)
	news := httptest.NewServer(site)
	t.Cleanup(news.Close)
	dir := t.TempDir()
	body := block + routes + "scraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: " + news.URL +
		"/ar/\n    links: a.headline\n    article: .article-body\n    schedule: \"@every 1h\"\n"
	cfg, err := config.Parse([]byte(body), filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, testLogger(t), fastRetries(appOptions{console: io.Discard}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app, site
}

// One route's Discord down, then rate limiting it for seconds, never holds
// up the default route's alerts; once it is back, the route gets every
// alert it missed, once.
func TestRouteDownOrRateLimited(t *testing.T) {
	dflt, desks, block := newDesks(t, "webhook", "syria-desk")
	syria := desks["syria-desk"]
	app, site := routeApp(t, block, "routes:\n  - name: syria-desk\n    "+syria.destination()+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app.dests.start(ctx) // every route's dispatcher, as the daemon runs them
	defer app.dests.stop()

	first := []string{"Ain al-Asad Air Base 2<-0", "Al-Tanf Garrison 3<-0", "Harir Air Base 1<-0"}
	syria.srv.Down()
	app.PassAll(ctx)
	if got := summary(t, dflt.srv.WaitMessages(1, 10*time.Second)); !slices.Equal(got, first) {
		t.Fatalf("the default route, with syria-desk down: %q, want %q", got, first)
	}
	if n := len(syria.srv.WaitRequests(1, 10*time.Second)); n == 0 || len(syria.messages()) != 0 {
		t.Fatalf("syria-desk, down: %d requests and %d messages; want attempts and none", n, len(syria.messages()))
	}
	syria.srv.Up()
	if got := summary(t, syria.srv.WaitMessages(1, 10*time.Second)); !slices.Equal(got, first) {
		t.Errorf("syria-desk, back up: %q, want %q", got, first)
	}

	// Now Discord tells syria-desk's webhook to wait 5 seconds.
	const wait = 5 * time.Second
	syria.srv.GlobalRateLimitNext(1, wait)
	asked := time.Now()
	site.Advance()
	app.PassAll(ctx)
	second := []string{"Ain al-Asad Air Base 3<-2", "Al-Shaddadi Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"}
	all := append(slices.Clone(first), second...)
	slices.Sort(all)
	if got := summary(t, dflt.srv.WaitMessages(3, wait)); !slices.Equal(got, all) { // the embassy alone, then the rest
		t.Errorf("the default route, with syria-desk rate limited: %q, want %q", got, all)
	}
	if len(syria.messages()) != 1 {
		t.Errorf("syria-desk posted during its rate limit: %d messages", len(syria.messages()))
	}
	got := summary(t, syria.srv.WaitMessages(3, 3*wait))
	if !slices.Equal(got, all) {
		t.Errorf("syria-desk after its rate limit: %q, want %q", got, all)
	}
	if waited := time.Since(asked); waited < wait {
		t.Errorf("syria-desk posted %s after the 429, before the %s Discord asked", waited, wait)
	}
}

// The daily digest goes to the default route with every site, and to each
// route that asks for it with the sites its filter keeps (its own chart, a
// quiet day of its own); a route that does not ask gets none, and one that
// fails does not keep the others from theirs.
func TestRouteDigest(t *testing.T) {
	dflt, desks, block := newDesks(t, "webhook", "iraq-desk", "syria-desk", "security")
	path := writeConfig(t, block+"routes:\n"+
		"  - name: iraq-desk\n    "+desks["iraq-desk"].destination()+"\n    countries: [IQ]\n    digest: true\n"+
		"  - name: syria-desk\n    "+desks["syria-desk"].destination()+"\n    countries: [SY]\n"+
		"  - name: security\n    "+desks["security"].destination()+"\n    kinds: [embassy]\n    digest: true\n"+
		"sources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
	seedTallies(t, filepath.Join(filepath.Dir(path), "raqib.db"),
		raqib.Report{Site: "ain-al-asad", SiteName: "Ain al-Asad Air Base", Day: "2026-11-27", Attacks: 3},
		raqib.Report{Site: "al-tanf", SiteName: "Al-Tanf Garrison", Day: "2026-11-27", Attacks: 2},
		raqib.Report{Site: "harir", SiteName: "Harir Air Base", Day: "2026-11-26", Attacks: 1},
	)
	code, _, stderr := runMain(t, context.Background(), "", "digest", "-config", path, "-day", "2026-11-27")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// The next day, security's webhook is gone: the others get theirs.
	desks["security"].srv.FailNext(1, 404)
	code, _, stderr = runMain(t, context.Background(), "", "digest", "-config", path, "-day", "2026-11-28")
	if code != 1 || !strings.Contains(stderr, "digest of 2026-11-28 not sent to route security") {
		t.Errorf("a failed route's digest: exit %d\n%s", code, stderr)
	}
	for _, tc := range []struct {
		d         desk
		has, lack []string
		chart     bool
	}{
		{dflt, []string{"Ain al-Asad Air Base 3 (+3)", "Al-Tanf Garrison 2 (+2)", "Harir Air Base 0 (-1)"}, nil, true},
		{desks["iraq-desk"], []string{"Ain al-Asad Air Base 3 (+3)", "Harir Air Base 0 (-1)"}, []string{"Al-Tanf"}, true},
		{desks["security"], []string{"quiet day"}, []string{"Ain al-Asad", "Al-Tanf"}, false},
	} {
		msgs := tc.d.messages()
		want := 2 // 2026-11-27 and 28
		if tc.d.name == "security" {
			want = 1
		}
		if len(msgs) != want {
			t.Errorf("%s: %d digests, want %d", tc.d.name, len(msgs), want)
			continue
		}
		if want == 2 && !strings.Contains(msgs[1].Content, "quiet day") {
			t.Errorf("%s's digest of 2026-11-28: %q", tc.d.name, msgs[1].Content)
		}
		text := strings.Join(strings.Fields(msgs[0].Content), " ") // columns aligned with spaces
		for _, s := range tc.has {
			if !strings.Contains(text, s) {
				t.Errorf("%s's digest lacks %q:\n%s", tc.d.name, s, msgs[0].Content)
			}
		}
		for _, s := range tc.lack {
			if strings.Contains(msgs[0].Content, s) {
				t.Errorf("%s's digest shows %q, which its filter leaves out:\n%s", tc.d.name, s, msgs[0].Content)
			}
		}
		if got := len(msgs[0].Attachments) == 1; got != tc.chart {
			t.Errorf("%s: chart %v, want %v", tc.d.name, got, tc.chart)
		}
	}
	if n := len(desks["syria-desk"].messages()); n != 0 {
		t.Errorf("syria-desk, without digest: true, got %d messages", n)
	}
}

// Routes are applied at once when config.yaml changes, as sources are: a
// route added gets the alerts queued from then on, a removed one no more,
// and a changed one (another webhook, another filter) goes by its new
// settings. /healthz lists the routes in use.
func TestRouteReload(t *testing.T) {
	site := demo.New(nil)
	news := httptest.NewServer(site)
	defer news.Close()
	dflt, desks, block := newDesks(t, "webhook", "iraq-desk", "syria-desk", "security", "security-new")
	addr := freeAddr(t)
	source := func(schedule string) string {
		return "scraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: " + news.URL + "/ar/\n    links: a.headline\n    article: .article-body\n    schedule: \"" + schedule + "\"\n"
	}
	path := writeConfig(t, "listen: "+addr+"\n"+block+"routes:\n"+
		"  - name: iraq-desk\n    "+desks["iraq-desk"].destination()+"\n    countries: [IQ]\n"+
		"  - name: security\n    "+desks["security"].destination()+"\n    sites: [erbil-airbase]\n"+
		source("@every 1h"))
	stop := daemon(t, path)
	first := []string{"Ain al-Asad Air Base 2<-0", "Harir Air Base 1<-0"}
	if got := summary(t, desks["iraq-desk"].srv.WaitMessages(1, 10*time.Second)); !slices.Equal(got, first) {
		t.Fatalf("iraq-desk after the start-up pass: %q, want %q", got, first)
	}
	dflt.srv.WaitMessages(1, 10*time.Second)

	// The site gains news; the config drops iraq-desk, adds syria-desk,
	// and sends security to another webhook for the embassy; news-ar's
	// new schedule makes it pass at once.
	site.Advance()
	writeFileAtomic(t, path, "listen: "+addr+"\n"+block+"routes:\n"+
		"  - name: syria-desk\n    "+desks["syria-desk"].destination()+"\n    countries: [SY]\n"+
		"  - name: security\n    "+desks["security-new"].destination()+"\n    sites: [us-embassy-baghdad]\n"+
		source("@every 2h"))
	if got := summary(t, desks["syria-desk"].srv.WaitMessages(1, 10*time.Second)); !slices.Equal(got, []string{"Al-Shaddadi Base 1<-0"}) {
		t.Errorf("the added syria-desk: %q", got)
	}
	if got := summary(t, desks["security-new"].srv.WaitMessages(1, 10*time.Second)); !slices.Equal(got, []string{"URGENT U.S. Embassy Baghdad 1<-0"}) {
		t.Errorf("security, changed: %q", got)
	}
	if got := summary(t, dflt.srv.WaitMessages(3, 10*time.Second)); len(got) != 6 {
		t.Errorf("the default route: %q, want the 6 alerts", got)
	}
	// Each route's deliveries, all marked sent.
	waitHealth(t, addr, "each route's deliveries sent", routesAre("default 0/6/0", "syria-desk 0/1/0", "security 0/1/0"))
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`raqib_alerts{state="sent"} 6`,
		`raqib_deliveries{route="default",state="sent"} 6`,
		`raqib_deliveries{route="syria-desk",state="sent"} 1`,
		`raqib_deliveries{route="iraq-desk",state="sent"} 2`, // removed, its history kept
		`raqib_alert_deliveries_total{result="ok",route="syria-desk"} 1`,
		`raqib_alert_deliveries_total{result="ok",route="iraq-desk"} 1`,
		`raqib_alert_delivery_latency_seconds_count{route="security"} 1`,
	} {
		if !strings.Contains(string(metrics), "\n"+want+"\n") {
			t.Errorf("/metrics lacks the line %q", want)
		}
	}

	code, stderr := stop()
	if code != 0 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	// The removed route and the old webhook got nothing after the change.
	if got := summary(t, desks["iraq-desk"].messages()); !slices.Equal(got, first) {
		t.Errorf("iraq-desk, removed: %q, want only %q", got, first)
	}
	if n := len(desks["security"].messages()); n != 0 {
		t.Errorf("security's old webhook got %d messages", n)
	}
	for _, want := range []string{"route removed", "route=iraq-desk", "route added", "route=syria-desk", "route changed", "route=security"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the daemon's log lacks %q", want)
		}
	}
}

// routesAre reports whether /healthz lists the routes as want says, in
// order: "name pending/sent/failed".
func routesAre(want ...string) func(healthReport) bool {
	return func(h healthReport) bool {
		var got []string
		for _, r := range h.Routes {
			got = append(got, fmt.Sprintf("%s %d/%d/%d", r.Name, r.Pending, r.Sent, r.Failed))
		}
		return slices.Equal(got, want)
	}
}

// raqib check names the routes each would-be alert goes to, by the
// daemon's filters, and sends nothing to any.
func TestCheckRoutes(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	dflt, desks, block := newDesks(t, "webhook", "iraq-desk", "syria-desk")
	path := writeConfig(t, block+"routes:\n"+
		"  - name: iraq-desk\n    "+desks["iraq-desk"].destination()+"\n    countries: [IQ]\n"+
		"  - name: syria-desk\n    "+desks["syria-desk"].destination()+"\n    countries: [SY]\n    min_attacks: 3\n"+
		"scraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: "+news.URL+"/ar/\n    links: a.headline\n    article: .article-body\n")
	code, stdout, stderr := runMain(t, context.Background(), "", "check", "-config", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`would alert: Ain al-Asad Air Base, 2 on \S+ \(was 0\), to default, iraq-desk\n`),
		regexp.MustCompile(`would alert: Harir Air Base, 1 on \S+ \(was 0\), to default, iraq-desk\n`),
		regexp.MustCompile(`would alert: Al-Tanf Garrison, 3 on \S+ \(was 0\), to default, syria-desk\n`),
	} {
		if !want.MatchString(stdout) {
			t.Errorf("check output lacks %s:\n%s", want, stdout)
		}
	}
	for _, d := range []desk{dflt, desks["iraq-desk"], desks["syria-desk"]} {
		if n := len(d.srv.Requests()); n != 0 {
			t.Errorf("check sent %d requests to %s", n, d.name)
		}
	}
}

// In bot mode too, routes are one bot posting to several channels: one
// channel failing (a 503 for every post, as for a channel Discord cannot
// serve) holds up no other route, and gets every alert it missed, once,
// when it works again.
func TestRouteDownBot(t *testing.T) {
	dflt, desks, block := newDesks(t, "bot", "syria-desk")
	syria := desks["syria-desk"]
	app, _ := routeApp(t, block, "routes:\n  - name: syria-desk\n    "+syria.destination()+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app.dests.start(ctx)
	defer app.dests.stop()

	first := []string{"Ain al-Asad Air Base 2<-0", "Al-Tanf Garrison 3<-0", "Harir Air Base 1<-0"}
	syria.srv.FailChannelNext(syria.channel, 1<<20, 503)
	app.PassAll(ctx)
	dflt.srv.WaitMessages(1, 10*time.Second)
	if got := summary(t, dflt.messages()); !slices.Equal(got, first) {
		t.Fatalf("the default channel, with syria-desk's failing: %q, want %q", got, first)
	}
	failed := func() int {
		n := 0
		for _, r := range syria.srv.Requests() {
			if strings.HasSuffix(r.Path, "/channels/"+syria.channel+"/messages") && r.Status == 503 {
				n++
			}
		}
		return n
	}
	for deadline := time.Now().Add(10 * time.Second); failed() < 2 && time.Now().Before(deadline); {
		syria.srv.WaitRequests(len(syria.srv.Requests())+1, time.Second)
	}
	if failed() < 2 || len(syria.messages()) != 0 {
		t.Fatalf("syria-desk's channel failing: %d failed posts, %d messages; want retries and none", failed(), len(syria.messages()))
	}
	syria.srv.FailChannelNext(syria.channel, 0, 0)
	for deadline := time.Now().Add(10 * time.Second); len(syria.messages()) == 0 && time.Now().Before(deadline); {
		syria.srv.WaitMessages(len(syria.srv.Messages())+1, time.Second) // the bot's server: every channel
	}
	if got := summary(t, syria.messages()); !slices.Equal(got, first) {
		t.Errorf("syria-desk, working again: %q, want %q", got, first)
	}
}
