package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/digest"
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

// Digest sends the digest of day ("": today in the configured time zone):
// to Discord when it is configured, retrying for up to digestRetryWait;
// else it prints the text and writes the chart to chartPath ("": beside
// the database, "-": nowhere).
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
	in := make([]digest.Tally, len(ts))
	for i, t := range ts {
		in[i] = digest.Tally(t)
	}
	d, err := digest.New(day, in, func(id string) string { return a.sites[id].NameEN })
	if err != nil {
		return err
	}
	// The running totals of the digest's sites, as context: the latest of
	// each site stated by an article of the day or of the max_age before.
	rts, err := a.db.RunningTotals(ctx, totalsFrom(day, time.Duration(a.cfg.MaxAge), a.cfg.Location), day)
	if err != nil {
		return err
	}
	totals := make([]digest.SiteTotal, len(rts))
	for i, t := range rts {
		totals[i] = digest.SiteTotal{Site: t.Site, RunningTotal: t.RunningTotal}
	}
	d = d.WithTotals(totals)
	text := digest.Text(d)
	filename := "digest-" + day + ".png"

	if a.digests == nil {
		fmt.Fprintln(a.console, text)
		if d.Chart == nil || chartPath == "-" {
			return nil
		}
		if chartPath == "" {
			chartPath = filepath.Join(filepath.Dir(a.cfg.Database), filename)
		}
		if err := os.WriteFile(chartPath, d.Chart, 0o644); err != nil {
			return fmt.Errorf("digest chart: %w", err)
		}
		a.log.Info("digest chart written", "file", chartPath)
		return nil
	}

	deadline := time.Now().Add(digestRetryWait)
	for {
		id, err := a.digests.SendDigest(ctx, text, d.Chart, filename)
		if err == nil {
			a.log.Info("digest sent", "day", day, "attacks", d.Total, "sites", d.Sites, "message_id", id)
			return nil
		}
		failure, after := alerts.FailureOf(err)
		wait := max(after, 5*time.Second)
		if failure == alerts.Rejected || failure == alerts.Unauthorized || time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("digest of %s not sent: %w", day, err)
		}
		a.log.Warn("digest not sent; retrying", "day", day, "error", err, "retry_in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("digest of %s not sent: %w", day, ctx.Err())
		case <-t.C:
		}
	}
}
