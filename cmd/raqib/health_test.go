package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
)

// failingArticles is a news site whose listing reads fine and whose every
// article page fails, the way kind says.
func failingArticles(kind string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/news/" {
			fmt.Fprint(w, `<html><body><a class="headline" href="/news/1.html">one</a> <a class="headline" href="/news/2.html">two</a></body></html>`)
			return
		}
		switch kind {
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "oversize":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<html><body><article>%s</article></body></html>", strings.Repeat("حصيلة ", 2000))
		case "redirect chain":
			// /news/1.html -> /news/1.html?hop=1 -> ?hop=2 ... never a page.
			hop := 0
			fmt.Sscan(r.URL.Query().Get("hop"), &hop)
			http.Redirect(w, r, fmt.Sprintf("%s?hop=%d", r.URL.Path, hop+1), http.StatusFound)
		case "redirect loop":
			// /news/1.html -> /moved/1.html -> /news/1.html -> ...
			if name, ok := strings.CutPrefix(r.URL.Path, "/moved/"); ok {
				http.Redirect(w, r, "/news/"+name, http.StatusFound)
			} else {
				http.Redirect(w, r, "/moved/"+strings.TrimPrefix(r.URL.Path, "/news/"), http.StatusFound)
			}
		case "timeout":
			<-r.Context().Done() // answers nothing until the client gives up
		}
	})
}

// TestArticleFailuresMakeUnhealthy: a source whose listing reads fine but
// whose every article fails becomes unhealthy after three passes, and one
// warning says so where alerts go, naming the source and why.
func TestArticleFailuresMakeUnhealthy(t *testing.T) {
	for _, kind := range []string{"500", "oversize", "redirect chain", "redirect loop", "timeout"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			site := httptest.NewServer(failingArticles(kind))
			defer site.Close()
			dc := discordtest.New(t)
			app := testApp(t, fmt.Sprintf(`discord:
  webhook_url: %s
scraper: {delay: 1ms, timeout: 300ms, max_body_size: 4096}
sources:
  - name: failing
    url: %s/news/
    links: a.headline
    robots: false
`, dc.WebhookURL(), site.URL), nil, nil)
			app.mon.Track([]string{"failing"})
			src, state := app.cfg.Sources[0], &sourceState{}
			for range 4 {
				app.runPass(context.Background(), src, state)
			}
			st := app.mon.Sources()
			if len(st) != 1 || st[0].Healthy || st[0].ConsecutiveFailures != 4 || !strings.Contains(st[0].LastError, "2 of 2 article pages could not be read") {
				t.Errorf("after 4 passes whose every article failed: %+v", st)
			}
			msgs := dc.Messages()
			if len(msgs) != 1 || !strings.Contains(msgs[0].Content, "failing") || !strings.Contains(msgs[0].Content, "could not be read") {
				t.Errorf("want one health warning naming the source and why, got %+v", msgs)
			}
		})
	}
}

// getHealth fetches /healthz whatever its status.
func getHealth(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDatabaseFileGone: a database file deleted, or replaced, under a
// running daemon makes /healthz unhealthy, saying so; the daemon takes no
// more passes into the file it has open (no one would read them) and says
// so once where alerts go.
func TestDatabaseFileGone(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()

	// /healthz of a running daemon.
	addr := freeAddr(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "raqib.db")
	path := writeConfig(t, fmt.Sprintf("database: %s\nlisten: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.headline\n    schedule: \"@every 1h\"\n", db, addr, news.URL))
	daemon(t, path)
	waitHealth(t, addr, "the start-up pass", func(h healthReport) bool { return hasSource(h, "news-ar", true) })
	if err := os.Rename(db, db+".moved"); err != nil {
		t.Fatal(err)
	}
	if code, body := getHealth(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(body, "was deleted") {
		t.Errorf("database file deleted: /healthz %d %s", code, body)
	}
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, body := getHealth(t, addr); code != http.StatusServiceUnavailable || !strings.Contains(body, "was replaced") {
		t.Errorf("database file replaced: /healthz %d %s", code, body)
	}

	// The passes that come after.
	dc := discordtest.New(t)
	logs := newLogWatch()
	app := testApp(t, fmt.Sprintf("discord:\n  webhook_url: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.headline\n", dc.WebhookURL(), news.URL),
		slog.New(slog.NewTextHandler(logs, nil)), nil)
	app.mon.Track([]string{"news-ar"})
	src, state := app.cfg.Sources[0], &sourceState{}
	app.runPass(context.Background(), src, state)
	before := app.mon.Sources()[0].LastRun
	if err := os.Remove(app.cfg.Database); err != nil {
		t.Fatal(err)
	}
	app.runPass(context.Background(), src, state)
	app.runPass(context.Background(), src, state)
	if after := app.mon.Sources()[0].LastRun; !after.Equal(before) {
		t.Errorf("a pass ran into the deleted database (last run %v, then %v)", before, after)
	}
	if n := strings.Count(logs.String(), `msg="pass skipped: the database file is gone; restart raqib" source=news-ar`); n != 2 {
		t.Errorf("%d skipped passes logged with their source, want 2:\n%s", n, logs)
	}
	msgs := dc.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Content, "stopped reading the news") || !strings.Contains(msgs[0].Content, "was deleted") {
		t.Errorf("want one message saying raqib stopped and why, got %+v", msgs)
	}
}
