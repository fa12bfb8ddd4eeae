package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
)

// passStats counts what one pass over one source did.
type passStats struct {
	Articles  int // article pages read
	Unchanged int // skipped: same content as last time
	Reports   int // sites found attacked
	Alerts    int // alerts queued
	Errors    int // articles that could not be stored
	// Scraped is what the scraper saw: links listed, pages fetched, broken
	// pages. Source health reads it (no links: a selector stopped matching).
	Scraped scraper.Stats
}

// Pass runs one pass over src: fetch, extract, store, and queue an alert for
// every tally that rises. Alerts are delivered by the dispatcher, which Pass
// wakes when an article reported any attack. A broken article is logged and skipped.
//
// Articles are handled in the scraper's workers as soon as each is parsed,
// several at once: extraction runs in parallel, and storage serializes the
// writes, each article's tally rises and alerts in one transaction.
func (a *App) Pass(ctx context.Context, src config.Source) (passStats, error) {
	start := time.Now()
	var st passStats
	var mu sync.Mutex // guards st while articles are handled concurrently
	scraped, err := a.scraper.ScrapeConcurrent(ctx, scraperSource(src), func(ctx context.Context, art raqib.Article) error {
		queued, unchanged, err := a.handle(ctx, art)
		mu.Lock()
		defer mu.Unlock()
		st.Articles++
		switch {
		case err != nil:
			st.Errors++
			a.log.Error("article not stored", "source", src.Name, "url", art.URL, "error", err)
			return err
		case unchanged:
			st.Unchanged++
		}
		st.Reports += queued.reports
		st.Alerts += len(queued.alerts)
		for _, al := range queued.alerts {
			a.log.Info("tally rose", "source", src.Name, "site", al.Site, "day", al.Day,
				"attacks", al.Attacks, "previous", al.Previous, "reported", al.Reported, "urgent", al.Urgent, "url", al.URL)
		}
		// Reports that raised nothing may still corroborate an alert
		// already sent, an edit for the dispatcher to make.
		if queued.reports > 0 {
			a.dests.Kick()
		}
		return nil
	})
	st.Scraped = scraped
	// One final line per pass, done or failed, never both.
	attrs := []any{"source", src.Name, "articles", st.Articles, "unchanged", st.Unchanged,
		"reports", st.Reports, "alerts", st.Alerts, "errors", st.Errors + scraped.Errors,
		"duration", time.Since(start).Round(time.Millisecond)}
	if err != nil {
		a.log.Error("pass failed", append(attrs, "error", err)...)
	} else {
		a.log.Info("pass done", attrs...)
	}
	return st, err // already names the source
}

type handled struct {
	reports int
	alerts  []raqib.Alert
}

// handle extracts one article and stores what it says. An article whose text
// is unchanged since the last pass is not extracted again.
func (a *App) handle(ctx context.Context, art raqib.Article) (handled, bool, error) {
	// The hash of Title NUL Text, without copying the text to hash it.
	h := sha256.New()
	var chunk [4096]byte
	hashString(h, chunk[:], art.Title)
	h.Write([]byte{0})
	hashString(h, chunk[:], art.Text)
	var sum [sha256.Size]byte
	hash := hex.EncodeToString(h.Sum(sum[:0]))
	old, known, err := a.db.ArticleHash(ctx, art.URL)
	if err != nil {
		return handled{}, false, err
	} else if known && old == hash {
		return handled{}, true, nil
	}
	// A time the page gave without a zone is the site's wall clock.
	art.Published = scraper.InZone(art.Published, a.cfg.Location)
	firstDay := ""
	if known && art.Published.IsZero() {
		if firstDay, _, err = a.db.ArticleDay(ctx, art.URL); err != nil {
			return handled{}, false, err
		}
	}

	extractor, err := a.extractor.get()
	if err != nil {
		return handled{}, false, err
	}
	day, _ := articleDay(art, firstDay, a.cfg.Location)
	ex := extractor.Extract(art.Text, art.Lang, day)
	rd := readingOf(ex, art, firstDay, a.sites, a.cfg.Location, time.Duration(a.cfg.MaxAge), a.now())
	queued, err := a.db.SaveArticle(ctx, storage.Save{
		Article: art, Day: rd.day, Hash: hash, Reports: rd.reports, Alertable: rd.alertable,
		Totals: rd.totals, TotalsFrom: rd.totalsFrom, Routes: a.dests.routesFor,
	})
	if err != nil {
		return handled{}, false, err
	}
	return handled{reports: len(rd.reports), alerts: queued}, false, nil
}

// hashString writes s to h through buf, a chunk at a time: io.WriteString
// would copy all of s into a fresh []byte, as the hash has no WriteString.
func hashString(h hash.Hash, buf []byte, s string) {
	for len(s) > 0 {
		n := copy(buf, s)
		h.Write(buf[:n])
		s = s[n:]
	}
}

// PassAll runs one pass over every source, one after the other, and returns
// the number of sources that failed. Each failure is logged (by Pass) with
// the source's name; none stops the others.
func (a *App) PassAll(ctx context.Context) (failed int) {
	for _, src := range a.cfg.Sources {
		if ctx.Err() != nil {
			return failed
		}
		if _, err := a.Pass(ctx, src); err != nil {
			failed++ // Pass logged it
		}
	}
	return failed
}
