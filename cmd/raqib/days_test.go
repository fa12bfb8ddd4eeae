package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/scraper"
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
	app, err := newApp(context.Background(), cfg, testLogger(t), appOptions{console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	sc := scraperConfig(cfg, testLogger(t))
	sc.Validators = app.db
	sc.Now = func() time.Time { return *clock }
	app.scraper = scraper.New(sc)
	app.now = func() time.Time { return *clock }
	app.dispatcher.MinBackoff = 10 * time.Millisecond
	app.dispatcher.MaxBackoff = 50 * time.Millisecond
	return app
}

// An article of 4 Dec that reports an attack "yesterday" raises the tally
// of 3 Dec, not that of 4 Dec.
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
}
