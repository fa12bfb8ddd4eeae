package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/digest"
	"github.com/raqib/raqib/storage"
)

// digestRetryWait bounds how long a digest keeps retrying a failing
// Discord (5xx, 429, no answer) before it gives up.
const digestRetryWait = time.Minute

// digestSender sends a digest: *discord.Notifier.
type digestSender interface {
	SendDigest(ctx context.Context, text string, png []byte, filename string) (string, error)
}

func (e *env) digest(ctx context.Context, args []string) error {
	fs := e.flags("digest")
	path := fs.String("config", "config.yaml", "config file")
	day := fs.String("day", "", "the day to digest, YYYY-MM-DD (default: today in the config's time zone)")
	chart := fs.String("chart", "", `without Discord: where to write the PNG chart (default: digest-DAY.png beside the database; "-": nowhere)`)
	app, err := e.openApp(ctx, fs, path, args)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		app.Close()
		return usageError{errors.New("no arguments expected")}
	}
	if *day != "" {
		if _, err := time.Parse(time.DateOnly, *day); err != nil {
			app.Close()
			return usageError{fmt.Errorf("-day %q: want YYYY-MM-DD", *day)}
		}
	}
	defer app.Close()
	return app.Digest(ctx, *day, *chart)
}

// Digest sends the digest of day ("": today in the configured time zone)
// to the default route and to each route of routes: that asks for it
// (digest: true), with the sites its filter keeps; the routes at once, each
// retrying a failing Discord for up to digestRetryWait on its own. Without
// Discord the default route's digest is printed, and its chart written to
// chartPath ("": beside the database, "-": nowhere). The error names each
// route whose digest did not go out.
func (a *App) Digest(ctx context.Context, day, chartPath string) error {
	if day == "" {
		day = a.now().In(a.cfg.Location).Format(time.DateOnly)
	}
	days, err := digest.Days(day, digest.ChartDays)
	if err != nil {
		return err
	}
	ts, err := a.db.Tallies(ctx, days[0], day)
	if err != nil {
		return err
	}
	// The running totals of the digest's sites, as context: the latest of
	// each site stated by an article of the day or of the max_age before.
	rts, err := a.db.RunningTotals(ctx, totalsFrom(day, time.Duration(a.cfg.MaxAge), a.cfg.Location), day)
	if err != nil {
		return err
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, dest := range a.dests.all() {
		keep := func(string) bool { return true }
		if dest.name != raqib.DefaultRoute {
			if dest.digests == nil {
				continue // a route without digest: true
			}
			f := dest.conf.Filter()
			keep = func(id string) bool {
				site, ok := a.sites[id]
				return ok && f.KeepsSite(site)
			}
		}
		d, err := a.buildDigest(day, ts, rts, keep)
		if err != nil {
			errs = append(errs, err)
			break
		}
		if dest.digests == nil { // the default route, without Discord
			if err := a.printDigest(d, chartPath); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		wg.Go(func() {
			if err := a.sendDigest(ctx, dest, d); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// buildDigest makes the digest of day from the tallies ts and running
// totals rts of the sites keep keeps.
func (a *App) buildDigest(day string, ts []storage.Tally, rts []storage.RunningTotal, keep func(site string) bool) (digest.Digest, error) {
	var in []digest.Tally
	for _, t := range ts {
		if keep(t.Site) {
			in = append(in, digest.Tally(t))
		}
	}
	d, err := digest.New(day, in, func(id string) string { return a.sites[id].NameEN })
	if err != nil {
		return d, err
	}
	var totals []digest.SiteTotal
	for _, t := range rts {
		if keep(t.Site) {
			totals = append(totals, digest.SiteTotal{Site: t.Site, RunningTotal: t.RunningTotal})
		}
	}
	return d.WithTotals(totals), nil
}

// printDigest prints the digest's text and writes its chart to chartPath
// ("": beside the database, "-": nowhere).
func (a *App) printDigest(d digest.Digest, chartPath string) error {
	fmt.Fprintln(a.console, digest.Text(d))
	if d.Chart == nil || chartPath == "-" {
		return nil
	}
	if chartPath == "" {
		chartPath = filepath.Join(filepath.Dir(a.cfg.Database), digestFilename(d))
	}
	if err := os.WriteFile(chartPath, d.Chart, 0o644); err != nil {
		return fmt.Errorf("digest chart: %w", err)
	}
	a.log.Info("digest chart written", "file", chartPath)
	return nil
}

func digestFilename(d digest.Digest) string { return "digest-" + d.Day + ".png" }

// sendDigest sends the digest to dest, retrying for up to digestRetryWait.
func (a *App) sendDigest(ctx context.Context, dest *destination, d digest.Digest) error {
	text := digest.Text(d)
	deadline := time.Now().Add(digestRetryWait)
	for {
		id, err := dest.digests.SendDigest(ctx, text, d.Chart, digestFilename(d))
		if err == nil {
			a.log.Info("digest sent", "route", dest.name, "day", d.Day, "attacks", d.Total, "sites", d.Sites, "message_id", id)
			return nil
		}
		failure, after := alerts.FailureOf(err)
		wait := max(after, 5*time.Second)
		if failure == alerts.Rejected || failure == alerts.Unauthorized || time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("digest of %s not sent to route %s: %w", d.Day, dest.name, err)
		}
		a.log.Warn("digest not sent; retrying", "route", dest.name, "day", d.Day, "error", err, "retry_in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("digest of %s not sent to route %s: %w", d.Day, dest.name, ctx.Err())
		case <-t.C:
		}
	}
}
