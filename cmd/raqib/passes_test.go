package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/demo"
)

// heldListing serves h, except that a request for path is held until
// release is closed (or its client gives up), telling arrived first: a
// slowloris listing that a test lets go when it chooses.
func heldListing(h http.Handler, path string, arrived chan<- struct{}, release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			select {
			case arrived <- struct{}{}:
			default:
			}
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// TestStartupPassesConcurrent: a source whose listing never answers does
// not hold up the start-up pass of the source after it.
func TestStartupPassesConcurrent(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(heldListing(demo.New(nil), "/ar/", make(chan struct{}, 1), release))
	defer slow.Close()
	quick := httptest.NewServer(demo.New(nil))
	defer quick.Close()
	addr := freeAddr(t)
	path := writeConfig(t, fmt.Sprintf(`listen: %s
scraper: {delay: 1ms}
sources:
  - name: slow
    url: %s/ar/
    links: a.headline
    schedule: "@every 1h"
  - name: quick
    url: %s/ar/
    links: a.headline
    schedule: "@every 1h"
`, addr, slow.URL, quick.URL))
	defer close(release) // before the daemon's stop (a cleanup), so that the slow pass can end
	daemon(t, path)
	waitHealth(t, addr, "the quick source's start-up pass while the slow one's listing hangs", func(h healthReport) bool {
		return hasSource(h, "quick", true)
	})
}

// TestPassLogLines: every pass line names its source; a failed pass ends
// with one line, "pass failed", not "pass done" and then "pass failed"; a
// run that comes while the source's pass is still going is skipped with
// the source named.
func TestPassLogLines(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer broken.Close()
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	path := writeConfig(t, fmt.Sprintf(`scraper: {delay: 1ms}
sources:
  - name: broken
    url: %s/news/
    robots: false
  - name: news-ar
    url: %s/ar/
    links: a.headline
`, broken.URL, news.URL))
	code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	final := regexp.MustCompile(`msg="pass (done|failed)" source=(\S+)`)
	got := map[string][]string{}
	for _, m := range final.FindAllStringSubmatch(stderr, -1) {
		got[m[2]] = append(got[m[2]], m[1])
	}
	if want := map[string][]string{"broken": {"failed"}, "news-ar": {"done"}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("final pass lines by source: %v, want %v\n%s", got, want, stderr)
	}

	// The daemon's schedule, and a run of the source while its pass waits
	// on its listing: what cron does when the next run falls due.
	release, arrived := make(chan struct{}), make(chan struct{}, 1)
	held := httptest.NewServer(heldListing(demo.New(nil), "/ar/", arrived, release))
	defer held.Close()
	logs := newLogWatch()
	app := testApp(t, fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.headline\n", held.URL),
		slog.New(slog.NewTextHandler(logs, nil)), nil)
	s := app.newSchedule(context.Background())
	ids, err := s.apply(app.cfg.Sources)
	if err != nil {
		t.Fatal(err)
	}
	s.runNow(context.Background(), ids)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the pass never asked for its listing")
	}
	s.runNow(context.Background(), ids)
	ok := logs.Wait("skipping this run", 10*time.Second)
	close(release)
	s.passes.Wait()
	if !ok {
		t.Fatalf("no skip logged:\n%s", logs)
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "skipping this run") && !strings.Contains(line, "source=news-ar") {
			t.Errorf("skip line without its source: %s", line)
		}
	}
}
