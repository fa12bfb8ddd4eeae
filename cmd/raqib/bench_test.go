package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/internal/benchsite"
	"github.com/raqib/raqib/internal/discordtest"
)

// benchConfig is one Arabic source on the benchmark site, as fast as the
// scraper allows, alerts to the Discord stand-in.
const benchConfig = `database: %s
timezone: Asia/Baghdad
discord:
  webhook_url: %s
scraper:
  delay: 1ms
  parallelism: 4
  max_articles: 100000
sources:
  - name: bench
    url: %s
    links: "a.headline"
    lang: ar
`

// benchApp is an App on a fresh database over site's listing.
func benchApp(tb testing.TB, site, webhook string, log *slog.Logger) *App {
	tb.Helper()
	dir := tb.TempDir()
	raw := fmt.Sprintf(benchConfig, filepath.Join(dir, "raqib.db"), webhook, site+benchsite.ListingPath)
	cfg, err := config.Parse([]byte(raw), filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, log, appOptions{console: io.Discard})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { app.Close() })
	return app
}

// BenchmarkPipeline is one real first pass over 1,000 articles of the
// benchmark site: scraper, extractor, storage, diff, and delivery of the
// alerts to a Discord stand-in. It reports articles/s; scripts/bench.sh
// compares the binary with the ceiling (bench/ceiling) on the same pages.
//
//	go test -run '^$' -bench Pipeline -benchtime 3x ./cmd/raqib
func BenchmarkPipeline(b *testing.B) {
	const n = 1000
	site := benchsite.New(n, time.Now())
	srv := httptest.NewServer(site)
	defer srv.Close()
	discord := discordtest.New(b)
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()

	var elapsed, second time.Duration
	for b.Loop() {
		b.StopTimer()
		app := benchApp(b, srv.URL, discord.WebhookURL(), log)
		b.StartTimer()
		start := time.Now()
		if failed := app.PassAll(ctx); failed > 0 {
			b.Fatalf("%d sources failed", failed)
		}
		app.flush(ctx, time.Minute)
		elapsed += time.Since(start)

		b.StopTimer()
		start = time.Now()
		app.PassAll(ctx)
		second += time.Since(start)
		n, err := app.db.PendingCount(ctx)
		if err != nil || n != 0 {
			b.Fatalf("%d alerts pending after the pass (%v)", n, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "articles/s")
	b.ReportMetric(second.Seconds()*1000/float64(b.N), "unchanged-ms")
}
