package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/demo"
)

// demoConfig is the config the demo runs with: the bundled site's Arabic
// listing and English feed, a throw-away database, and Discord only when
// DISCORD_WEBHOOK_URL is set (demoDiscord). It goes through the same loader
// as config.yaml, so the demo also shows what a config looks like.
const demoConfig = `database: %s
timezone: Asia/Baghdad
max_age: 72h
%[3]sscraper:
  delay: 10ms
  timeout: 10s
sources:
  - name: rafidain-ar
    url: %[2]s/ar/
    links: "a.headline"
    article: ".article-body"
    lang: ar
  - name: rafidain-en
    feed: %[2]s/en/rss.xml
    article: "article"
    exclude: ["time"]
    lang: en
`

// demoDiscord is the demo config's discord: block: a key for each of
// DISCORD_WEBHOOK_URL and DISCORD_EMBASSY_ROLE_ID that is set, none (console
// mode) otherwise. In a config a variable under discord: must be set, since
// an unset one would turn Discord off without a word; the demo makes
// Discord optional by leaving the key out instead.
func demoDiscord(lookupEnv func(string) (string, bool)) string {
	var b strings.Builder
	for _, k := range []struct{ key, env string }{
		{"webhook_url", "DISCORD_WEBHOOK_URL"},
		{"embassy_role_id", "DISCORD_EMBASSY_ROLE_ID"},
	} {
		if v, _ := lookupEnv(k.env); v != "" {
			fmt.Fprintf(&b, "  %s: ${%s}\n", k.key, k.env)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "discord:\n" + b.String()
}

func (e *env) demo(ctx context.Context, args []string) error {
	fs := e.flags("demo")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	site := demo.New(nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	dir, err := os.MkdirTemp("", "raqib-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg, err := config.Parse([]byte(fmt.Sprintf(demoConfig, filepath.Join(dir, "raqib.db"), base, demoDiscord(os.LookupEnv))), cfgPath, os.LookupEnv)
	if err != nil {
		return fmt.Errorf("demo config: %w", err)
	}

	// The demo's story is on stdout; only problems go to the log.
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	app, err := newApp(ctx, cfg, log, appOptions{console: e.stdout, echo: true})
	if err != nil {
		return err
	}
	defer app.Close()

	out := e.stdout
	fmt.Fprintf(out, "raqib demo: a sample news site is served at %s (an Arabic listing and an English RSS feed)\n", base)
	if app.notifier.Name() != "console" {
		fmt.Fprintf(out, "Alerts go to Discord (%s) and are shown here.\n", app.notifier.Name())
	} else {
		fmt.Fprintln(out, "Alerts are printed here; set DISCORD_WEBHOOK_URL to post them to Discord as well.")
	}
	steps := []struct {
		title  string
		before func()
	}{
		{"Pass 1: the morning's news", func() {}},
		{"Pass 2: the site is updated (a count rises, a new base, an embassy hit)", site.Advance},
		{"Pass 3: nothing new, so nothing is alerted", func() {}},
	}
	for _, s := range steps {
		if ctx.Err() != nil {
			return nil
		}
		s.before()
		fmt.Fprintf(out, "\n== %s\n", s.title)
		before, err := app.db.Alerts(ctx)
		if err != nil {
			return err
		}
		app.PassAll(ctx)
		app.flush(ctx, 30*time.Second)
		after, err := app.db.Alerts(ctx)
		if err != nil {
			return err
		}
		// Alerts were printed as they were delivered; sum up.
		fmt.Fprintf(out, "-- %d new alerts\n", len(after)-len(before))
	}
	tallies, err := app.db.Tallies(ctx, "0000-00-00", "9999-99-99")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== Tallies now in the database\n")
	for _, t := range tallies {
		fmt.Fprintf(out, "  %s  %-28s %d\n", t.Day, app.sites[t.Site].NameEN, t.Attacks)
	}
	fmt.Fprintf(out, "\nNext: copy config.yaml, choose your sources, and run `raqib run` (see the README).\n")
	return nil
}
