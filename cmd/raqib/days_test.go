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
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
)

// dayNews is a news site for the day model's tests: a listing of its
// articles and each article's page, published at the time given, changeable
// while the test runs.
type dayNews struct {
	mu    sync.Mutex
	pages map[string]dayPage // by path, /news/N
	srv   *httptest.Server
}

type dayPage struct {
	published time.Time // zero: the page gives no date
	text      string
}

func newDayNews(t *testing.T) *dayNews {
	t.Helper()
	n := &dayNews{pages: map[string]dayPage{}}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *dayNews) set(path string, published time.Time, text string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.pages[path] = dayPage{published: published, text: text}
}

func (n *dayNews) serve(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if r.URL.Path == "/news/" {
		paths := make([]string, 0, len(n.pages))
		for p := range n.pages {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		fmt.Fprint(w, "<html><body>")
		for _, p := range paths {
			fmt.Fprintf(w, `<a class="h" href="%s">story</a>`, p)
		}
		fmt.Fprint(w, "</body></html>")
		return
	}
	p, ok := n.pages[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	meta := ""
	if !p.published.IsZero() {
		meta = fmt.Sprintf(`<meta property="article:published_time" content="%s">`, p.published.Format(time.RFC3339))
	}
	fmt.Fprintf(w, "<html><head>%s<title>story</title></head><body><article><p>%s</p></article></body></html>", meta, p.text)
}

// dayApp is an App reading news through a Discord webhook stand-in, whose
// clock (and its scraper's) reads *clock.
func dayApp(t *testing.T, news *dayNews, dc *discordtest.Server, clock *time.Time) *App {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(fmt.Sprintf(`timezone: Asia/Baghdad
discord:
  webhook_url: %s
scraper: {delay: 1ms}
sources:
  - name: n
    url: %s/news/
    links: a.h
`, dc.WebhookURL(), news.srv.URL)), filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, testLogger(t), fastRetries(appOptions{console: io.Discard}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	sc := scraperConfig(cfg, testLogger(t))
	sc.Validators = app.db
	sc.Now = func() time.Time { return *clock }
	app.scraper = scraper.New(sc)
	app.now = func() time.Time { return *clock }
	return app
}

// An article of 4 Dec that reports an attack "yesterday" raises the tally
// of 3 Dec, not that of 4 Dec, and its alert says which day the attack was.
func TestAttackOfYesterday(t *testing.T) {
	loc := mustLoc(t, "Asia/Baghdad")
	published := time.Date(2026, 12, 4, 10, 0, 0, 0, loc)
	clock := published.Add(time.Hour)
	news := newDayNews(t)
	news.set("/news/1", published, "استهدفت طائرة مسيّرة قاعدة حرير الجوية في أربيل أمس، بحسب مصدر أمني.")
	dc := discordtest.New(t)
	app := dayApp(t, news, dc, &clock)
	ctx := context.Background()

	app.PassAll(ctx)
	app.flush(ctx, 10*time.Second)
	for day, want := range map[string]int{"2026-12-03": 1, "2026-12-04": 0} {
		if n, err := app.db.TallyOf(ctx, "harir", day); err != nil || n != want {
			t.Errorf("tally of Harir on %s: %d (%v), want %d", day, n, err, want)
		}
	}
	recs, err := app.db.Alerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Day != "2026-12-03" || recs[0].Reported != "2026-12-04" || recs[0].State != "sent" {
		t.Fatalf("alerts: %+v, want one, sent, of 2026-12-03 reported 2026-12-04", recs)
	}
	msgs := dc.Messages()
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("%d messages, want 1 with one embed", len(msgs))
	}
	if d := msgs[0].Embeds[0].Description; d != "1 attack on 2026-12-03, reported 2026-12-04 (was 0)" {
		t.Errorf("the alert's description %q does not say the attack was on 2026-12-03, reported 2026-12-04", d)
	}
}

// A running total is context: it raises no tally (the site's tally is its
// attack of the day, 1, not 23), and the alert and the digest show it.
func TestRunningTotalIsContext(t *testing.T) {
	loc := mustLoc(t, "Asia/Baghdad")
	published := time.Date(2026, 12, 4, 10, 0, 0, 0, loc)
	clock := published.Add(time.Hour)
	news := newDayNews(t)
	news.set("/news/1", published, "استهدفت طائرة مسيرة قاعدة حقل العمر فجر اليوم. وتعرضت قاعدة حقل العمر لـ23 هجوما منذ مطلع الشهر.")
	dc := discordtest.New(t)
	app := dayApp(t, news, dc, &clock)
	ctx := context.Background()

	app.PassAll(ctx)
	app.flush(ctx, 10*time.Second)
	tallies, err := app.db.Tallies(ctx, "2026-11-01", "2026-12-31")
	if err != nil || len(tallies) != 1 || tallies[0].Day != "2026-12-04" || tallies[0].Attacks != 1 {
		t.Errorf("tallies %+v (%v), want only Al-Omar's 1 on 2026-12-04", tallies, err)
	}
	msgs := dc.Messages()
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("%d messages, want 1 with one embed", len(msgs))
	}
	const context = "23 attacks on Al-Omar Oil Field Base since 2026-12-01"
	found := false
	for _, f := range msgs[0].Embeds[0].Fields {
		found = found || f.Name == "Running total" && f.Value == context
	}
	if !found {
		t.Errorf("the alert lacks the running total %q: %+v", context, msgs[0].Embeds[0].Fields)
	}
	if d := msgs[0].Embeds[0].Description; d != "1 attack on 2026-12-04 (was 0)" {
		t.Errorf("description %q", d)
	}

	// The digest of the day: the attack counts, the total is context.
	if err := app.Digest(ctx, "2026-12-04", "-"); err != nil {
		t.Fatal(err)
	}
	msgs = dc.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages after the digest, want 2", len(msgs))
	}
	for _, want := range []string{"Digest for 2026-12-04: 1 attack on 1 site", "Al-Omar Oil Field Base  1  (+1)", "Running totals:\n" + context} {
		if !strings.Contains(msgs[1].Content, want) {
			t.Errorf("digest lacks %q:\n%s", want, msgs[1].Content)
		}
	}
	// Two days later, an attack without a total: the alert and the digest
	// show the latest total of the articles of the last max_age (72h).
	day := func(d int) time.Time { return time.Date(2026, 12, d, 10, 0, 0, 0, loc) }
	const attack = "استهدفت طائرة مسيرة قاعدة حقل العمر فجر اليوم."
	news.set("/news/2", day(6), attack)
	clock = day(6).Add(time.Hour)
	app.PassAll(ctx)
	app.flush(ctx, 10*time.Second)
	if err := app.Digest(ctx, "2026-12-06", "-"); err != nil {
		t.Fatal(err)
	}
	msgs = dc.Messages()
	if len(msgs) != 4 || !slices.Contains(fieldValues(msgs[2].Embeds[0]), context) || !strings.Contains(msgs[3].Content, context) {
		t.Errorf("2 days later: want an alert and a digest with the running total of 4 Dec; got %d messages:\n%+v", len(msgs), msgs[2:])
	}
	// On 8 Dec, the total of 4 Dec is older than max_age: neither shows it.
	news.set("/news/3", day(8), attack)
	clock = day(8).Add(time.Hour)
	app.PassAll(ctx)
	app.flush(ctx, 10*time.Second)
	if err := app.Digest(ctx, "2026-12-08", "-"); err != nil {
		t.Fatal(err)
	}
	msgs = dc.Messages()
	if len(msgs) != 6 || len(msgs[4].Embeds) != 1 || slices.Contains(fieldValues(msgs[4].Embeds[0]), context) || strings.Contains(msgs[5].Content, "Running totals") {
		t.Errorf("6 days later: want an alert and a digest without the running total; got %d messages:\n%+v", len(msgs), msgs[4:])
	}
}

func fieldValues(e discordtest.Embed) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Value)
	}
	return out
}

var wouldAlertRE = regexp.MustCompile(`would alert: (.+), (\d+) on (\S+?)(?:, reported (\S+))? \(was (\d+)\)`)

// raqib check and the daemon decide by one rule against the same tallies:
// what check says would alert, a pass then alerts, step by step, with
// attacks of earlier days, repeats, rises and an article past max_age.
func TestCheckAgreesWithDaemon(t *testing.T) {
	news := newDayNews(t)
	path := writeConfig(t, fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: n\n    url: %s/news/\n    links: a.h\n", news.srv.URL))
	dbPath := filepath.Join(filepath.Dir(path), "raqib.db")
	// One publication time for all but the old article: their "yesterday"
	// is one day, whatever the time of day the test runs at.
	pub := time.Now().Add(-time.Hour)
	steps := []struct {
		pages map[string]dayPage
		want  int // alerts the step should give, so that the test tests something
	}{
		{map[string]dayPage{
			"/news/1": {pub, "استهدفت طائرة مسيّرة قاعدة حرير الجوية في أربيل أمس، بحسب مصدر أمني."},
			"/news/2": {pub, "استهدف هجومان قاعدة عين الأسد الجوية فجر اليوم."},
		}, 2},
		{map[string]dayPage{
			// The same attack of yesterday told again, then a rise of it.
			"/news/3": {pub, "استهدفت طائرة مسيّرة قاعدة حرير الجوية في أربيل أمس، بحسب مصدر أمني."},
			"/news/4": {pub, "تعرضت قاعدة حرير الجوية لهجومين أمس، وفق مصدر أمني."},
			// Older than max_age: raises its tally silently.
			"/news/5": {pub.Add(-5 * 24 * time.Hour), "سقط صاروخ على قاعدة فكتوريا قرب مطار بغداد."},
		}, 1},
		{nil, 0}, // nothing new
	}
	alerted := 0
	for i, st := range steps {
		for p, pg := range st.pages {
			news.set(p, pg.published, pg.text)
		}
		code, stdout, stderr := runMain(t, context.Background(), "", "check", "-config", path)
		if code != 0 {
			t.Fatalf("step %d: check: exit %d\n%s", i, code, stderr)
		}
		var would []string
		for _, m := range wouldAlertRE.FindAllStringSubmatch(stdout, -1) {
			would = append(would, fmt.Sprintf("%s %s on %s reported %s was %s", m[1], m[2], m[3], m[4], m[5]))
		}
		if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 0 {
			t.Fatalf("step %d: once: exit %d\n%s", i, code, stderr)
		}
		db, err := storage.OpenReadOnly(context.Background(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := db.Alerts(context.Background())
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		var did []string
		for _, r := range recs[alerted:] {
			reported := ""
			if r.ReportedLater() {
				reported = r.Reported
			}
			did = append(did, fmt.Sprintf("%s %d on %s reported %s was %d", r.SiteName, r.Attacks, r.Day, reported, r.Previous))
		}
		alerted = len(recs)
		slices.Sort(would)
		slices.Sort(did)
		if !slices.Equal(would, did) || len(did) != st.want {
			t.Errorf("step %d: check would alert\n  %q\nthe daemon alerted\n  %q\n(want %d alerts)\ncheck said:\n%s", i, would, did, st.want, stdout)
		}
		if i == 1 && !strings.Contains(stdout, "no alert: Victory Base, Baghdad Airport on") {
			t.Errorf("step %d: check does not say the old article alerts nothing:\n%s", i, stdout)
		}
	}
}
