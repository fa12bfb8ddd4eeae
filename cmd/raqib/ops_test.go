package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/benchsite"
	"github.com/raqib/raqib/internal/discordtest"
)

// freeAddr returns a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// writeFileAtomic replaces path the way many editors save: a new file
// renamed over the old one.
func writeFileAtomic(t *testing.T, path, body string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), ".config.yaml.tmp")
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// daemon runs `raqib run` on path until the test ends, and returns a
// function that stops it and returns its exit status and stderr.
func daemon(t *testing.T, path string) (stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var code int
	var stderr string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		code, _, stderr = runMain(t, ctx, "", "run", "-config", path, "-log-level", "debug")
	}()
	var once sync.Once
	stop = func() (int, string) {
		once.Do(func() { cancel(); wg.Wait() })
		return code, stderr
	}
	t.Cleanup(func() { stop() })
	return stop
}

type healthReport struct {
	Status  string `json:"status"`
	Sources []struct {
		Name         string    `json:"name"`
		Healthy      bool      `json:"healthy"`
		LastRun      time.Time `json:"last_run"`
		LastSuccess  time.Time `json:"last_success"`
		ArticlesSeen int       `json:"articles_seen"`
		NextRun      time.Time `json:"next_run"`
	} `json:"sources"`
	Routes []struct {
		Name    string `json:"name"`
		Pending int    `json:"pending"`
		Sent    int    `json:"sent"`
		Failed  int    `json:"failed"`
	} `json:"routes"`
}

// waitHealth polls /healthz until ok says the report is what the test waits
// for.
func waitHealth(t *testing.T, addr string, what string, ok func(healthReport) bool) healthReport {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = string(b)
			var h healthReport
			if json.Unmarshal(b, &h) == nil && resp.StatusCode == 200 && ok(h) {
				return h
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("/healthz never showed %s; last answer:\n%s", what, last)
	return healthReport{}
}

func hasSource(h healthReport, name string, succeeded bool) bool {
	for _, s := range h.Sources {
		if s.Name == name {
			return !succeeded || !s.LastSuccess.IsZero()
		}
	}
	return false
}

// A person adds a source to config.yaml while raqib runs: it shows up in
// /healthz with a pass made; an invalid edit is rejected and the running
// config goes on; /metrics counts the passes.
func TestReloadHealthzMetrics(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	addr := freeAddr(t)
	base := fmt.Sprintf("listen: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.headline\n    schedule: \"@every 1h\"\n", addr, news.URL)
	path := writeConfig(t, base)
	stop := daemon(t, path)

	h := waitHealth(t, addr, "news-ar after its start-up pass", func(h healthReport) bool { return hasSource(h, "news-ar", true) })
	if next := h.Sources[0].NextRun; next.Before(time.Now().Add(50*time.Minute)) || next.After(time.Now().Add(61*time.Minute)) {
		t.Errorf("next_run %v, want about an hour from now (@every 1h)", next)
	}

	// Add a source: it appears and gets a pass at once.
	withEN := base + fmt.Sprintf("  - name: news-en\n    feed: %s/en/rss.xml\n    schedule: \"@every 1h\"\n", news.URL)
	writeFileAtomic(t, path, withEN)
	waitHealth(t, addr, "the added source news-en with a pass", func(h healthReport) bool { return hasSource(h, "news-en", true) })

	// An invalid edit is rejected; both sources stay.
	writeFileAtomic(t, path, strings.Replace(withEN, `"@every 1h"`, `"every hour"`, 1))
	time.Sleep(2 * reloadDebounce)
	h = waitHealth(t, addr, "both sources after an invalid edit", func(h healthReport) bool {
		return hasSource(h, "news-ar", true) && hasSource(h, "news-en", true)
	})
	if len(h.Sources) != 2 {
		t.Errorf("sources after the invalid edit: %+v", h.Sources)
	}

	// Remove a source.
	writeFileAtomic(t, path, withEN[:strings.Index(withEN, "  - name: news-ar")]+withEN[strings.Index(withEN, "  - name: news-en"):])
	waitHealth(t, addr, "news-ar removed", func(h healthReport) bool { return !hasSource(h, "news-ar", false) && hasSource(h, "news-en", true) })

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`raqib_passes_total{result="ok",source="news-ar"} 1`, `raqib_passes_total{result="ok",source="news-en"} 1`,
		`raqib_alerts{state="sent"} 4`, "go_goroutines"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	code, stderr := stop()
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(stderr, "config change rejected") || !strings.Contains(stderr, `every hour`) {
		t.Errorf("the invalid edit was not reported with its problem:\n%s", stderr)
	}
}

// A source whose selector stops matching raises one warning in Discord
// after three passes, not one per pass, and one notice when it works again.
// The passes are the daemon's scheduled job, run one after the other.
func TestSourceHealthMessages(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	dc := discordtest.New(t)
	app := testApp(t, fmt.Sprintf("discord:\n  webhook_url: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.no-such-class\n",
		dc.WebhookURL(), news.URL), nil, nil)
	app.mon.Track([]string{"news-ar"})
	ctx := context.Background()
	src, state := app.cfg.Sources[0], &sourceState{}

	for range 3 {
		app.runPass(ctx, src, state)
	}
	warning := dc.Messages()
	if len(warning) != 1 || !strings.Contains(warning[0].Content, "news-ar") || !strings.Contains(warning[0].Content, "links") {
		t.Fatalf("after three broken passes, want one health warning naming the source and what to check: %+v", warning)
	}
	for range 2 {
		app.runPass(ctx, src, state)
	}
	if n := len(dc.Messages()); n != 1 {
		t.Fatalf("%d messages while the source stayed broken, want the one warning", n)
	}

	src.Links = "a.headline" // what a reload of the fixed config applies
	app.runPass(ctx, src, state)
	msgs := dc.Messages() // alerts wait in the outbox: no dispatcher runs here
	if len(msgs) != 2 || !strings.Contains(msgs[1].Content, "works again") {
		t.Errorf("want the warning and one recovery notice, got %+v", msgs)
	}
	app.runPass(ctx, src, state)
	if n := len(dc.Messages()); n != 2 {
		t.Errorf("%d messages after a second good pass, want no new notice", n)
	}
}

// A site that answers 429 is left alone for as long as it asks: the
// source's later scheduled passes are skipped, not sent to hammer it. A
// listing that fails with a 500 is left alone too (a minute at first), and
// the log says the site is failing, not that it throttled us.
func TestSiteBackoff(t *testing.T) {
	for _, tt := range []struct {
		status     int
		retryAfter string
		minWait    time.Duration
		say, skip  string
	}{
		{http.StatusTooManyRequests, "3600", 59 * time.Minute, `msg="the site asked us to slow down; backing off" source=busy status=429`,
			`msg="pass skipped: backing off" source=busy reason="the site asked us to slow down (HTTP 429 Too Many Requests)"`},
		{http.StatusInternalServerError, "", 59 * time.Second, `msg="the site is failing; backing off" source=busy status=500`,
			`msg="pass skipped: backing off" source=busy reason="the site is failing (HTTP 500 Internal Server Error)"`},
	} {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			var hits atomic.Int32
			site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				hits.Add(1)
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				http.Error(w, "no", tt.status)
			}))
			defer site.Close()
			logs := newLogWatch()
			app := testApp(t, fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: busy\n    url: %s/news/\n", site.URL),
				slog.New(slog.NewTextHandler(logs, nil)), nil)
			app.mon.Track([]string{"busy"})
			src, state := app.cfg.Sources[0], &sourceState{}
			for range 4 { // the start-up pass and three scheduled ones
				app.runPass(context.Background(), src, state)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("the site was asked %d times, want once", n)
			}
			if time.Until(state.until) < tt.minWait {
				t.Errorf("backoff until %v, want %s at least", state.until, tt.minWait)
			}
			out := logs.String()
			if !strings.Contains(out, tt.say) || strings.Count(out, tt.skip) != 3 {
				t.Errorf("the backoff (%s) and the three skipped passes (%s) are not logged:\n%s", tt.say, tt.skip, out)
			}
			if tt.status == http.StatusInternalServerError && (strings.Contains(out, "throttled") || strings.Contains(out, "slow down")) {
				t.Errorf("a 500 is reported as throttling:\n%s", out)
			}
		})
	}
}

// Between passes the daemon holds no connection to the sites it watches:
// the next pass is minutes away, beyond the life of a kept connection.
func TestIdleDaemonClosesConnections(t *testing.T) {
	var open atomic.Int32
	site := httptest.NewUnstartedServer(benchsite.New(6, time.Now()))
	site.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			open.Add(1)
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	site.Start()
	defer site.Close()
	addr := freeAddr(t)
	path := writeConfig(t, fmt.Sprintf("listen: %s\nscraper: {delay: 1ms, parallelism: 3}\nsources:\n  - name: bench\n    url: %s%s\n    links: a.headline\n    schedule: \"@every 1h\"\n",
		addr, site.URL, benchsite.ListingPath))
	stop := daemon(t, path)
	waitHealth(t, addr, "the start-up pass", func(h healthReport) bool { return hasSource(h, "bench", true) })
	deadline := time.Now().Add(5 * time.Second)
	for open.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := open.Load(); n > 0 {
		t.Errorf("%d connections to the site still open after the pass ended", n)
	}
	if code, stderr := stop(); code != 0 {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}
