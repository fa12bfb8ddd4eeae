package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
		LastSuccess  time.Time `json:"last_success"`
		ArticlesSeen int       `json:"articles_seen"`
		NextRun      time.Time `json:"next_run"`
	} `json:"sources"`
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
func TestSourceHealthMessages(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	dc := discordtest.New(t)
	cfg := func(links string) string {
		return fmt.Sprintf("discord:\n  webhook_url: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: %q\n    schedule: \"@every 1s\"\n",
			dc.WebhookURL(), news.URL, links)
	}
	path := writeConfig(t, cfg("a.no-such-class"))
	stop := daemon(t, path)

	warning := dc.WaitMessages(1, 15*time.Second)
	if len(warning) != 1 || !strings.Contains(warning[0].Content, "news-ar") || !strings.Contains(warning[0].Content, "links") {
		t.Fatalf("no health warning naming the source and what to check: %+v", warning)
	}
	time.Sleep(2500 * time.Millisecond) // two or three more broken passes
	if n := len(dc.Messages()); n != 1 {
		t.Fatalf("%d messages while the source stayed broken, want the one warning", n)
	}

	writeFileAtomic(t, path, cfg("a.headline"))
	msgs := dc.WaitMessages(3, 15*time.Second) // the notice and the alert message(s)
	recovered := 0
	for _, m := range msgs[1:] {
		if strings.Contains(m.Content, "works again") {
			recovered++
		}
	}
	if recovered != 1 {
		t.Errorf("recovery notices: %d, want 1; messages: %d", recovered, len(msgs))
	}
	if code, stderr := stop(); code != 0 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// A site that answers 429 is left alone for as long as it asks: later
// scheduled passes are skipped, not sent to hammer it.
func TestThrottledSiteBackoff(t *testing.T) {
	var hits atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer site.Close()
	path := writeConfig(t, fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: busy\n    url: %s/news/\n    schedule: \"@every 1s\"\n", site.URL))
	stop := daemon(t, path)
	time.Sleep(3500 * time.Millisecond) // three scheduled runs after the start-up pass
	code, stderr := stop()
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the throttling site was asked %d times, want once", n)
	}
	if !strings.Contains(stderr, "backing off") || !strings.Contains(stderr, "pass skipped") {
		t.Errorf("the backoff is not logged:\n%s", stderr)
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
