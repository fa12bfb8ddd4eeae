package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/monitor"
)

// An article link that redirects into the machine's own network is not
// followed there: not to an internal page that reads like news (which
// would be extracted and posted to Discord, internal link and all), nor to
// raqib's own /metrics. Each is logged with the reason and counted as a
// fetch error of the source; the source's real articles alert as ever.
func TestRedirectIntoPrivateNetwork(t *testing.T) {
	page := func(text string) string {
		return "<html><body><article><p>" + text + "</p></article></body></html>"
	}
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("internal-secret: استهدف هجومان قاعدة عين الأسد الجوية فجر اليوم."))
	}))
	defer internal.Close()
	var ownMetrics string // raqib's own /metrics, served below
	news := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/":
			fmt.Fprint(w, `<html><body><a class="h" href="/news/1">a</a><a class="h" href="/news/2">b</a><a class="h" href="/news/3">c</a></body></html>`)
		case "/news/1":
			http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
		case "/news/2":
			http.Redirect(w, r, ownMetrics, http.StatusFound)
		case "/news/3":
			fmt.Fprint(w, page("استهدف هجوم بطائرة مسيرة قاعدة حرير الجوية فجر اليوم."))
		default:
			http.NotFound(w, r)
		}
	}))
	defer news.Close()
	dc := discordtest.New(t)
	logs := newLogWatch()
	app := testApp(t, fmt.Sprintf("discord:\n  webhook_url: %s\nscraper: {delay: 1ms}\nsources:\n  - name: news\n    url: %s/news/\n    links: a.h\n",
		dc.WebhookURL(), news.URL), slog.New(slog.NewTextHandler(logs, nil)), nil)
	own := httptest.NewServer(app.mon.Handler(monitor.Checks{}))
	defer own.Close()
	ownMetrics = own.URL + "/metrics"
	app.mon.Track([]string{"news"})

	ctx := context.Background()
	app.runPass(ctx, app.cfg.Sources[0], &sourceState{})
	app.flush(ctx, 10*time.Second)

	msgs := dc.Messages()
	if got := summary(t, msgs); len(got) != 1 || got[0] != "Harir Air Base 1<-0" {
		t.Errorf("alerts %q, want only Harir's, from the real article", got)
	}
	for _, m := range msgs {
		for _, e := range m.Embeds {
			if strings.HasPrefix(e.URL, internal.URL) || strings.HasPrefix(e.URL, own.URL) {
				t.Errorf("an alert links to a private address: %s", e.URL)
			}
		}
	}
	out := logs.String()
	for _, addr := range []string{internal.Listener.Addr().String(), own.Listener.Addr().String()} {
		if !strings.Contains(out, "refused to connect to "+addr+": a loopback address") {
			t.Errorf("the refusal of %s is not logged:\n%s", addr, out)
		}
	}
	if strings.Contains(out, "internal-secret") || strings.Contains(out, "raqib_passes_total") {
		t.Errorf("an internal page reached the log:\n%s", out)
	}
	resp, err := http.Get(ownMetrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var metrics strings.Builder
	if _, err := io.Copy(&metrics, resp.Body); err != nil {
		t.Fatal(err)
	}
	if want := `raqib_fetch_errors_total{source="news"} 2`; !strings.Contains(metrics.String(), want) {
		t.Errorf("/metrics lacks %q:\n%s", want, metrics.String())
	}
}
