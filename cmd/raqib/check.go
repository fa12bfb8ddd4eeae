package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/scraper"
	"github.com/raqib/raqib/storage"
)

// check fetches now and prints, per article, what raqib would extract and
// which alerts would go out. It stores nothing and sends nothing: it is the
// tool for writing a source's selectors.
func (e *env) check(ctx context.Context, args []string) error {
	fs := e.flags("check")
	path := fs.String("config", "config.yaml", "config file")
	only := fs.String("source", "", "check only this source")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	sources := cfg.Sources
	if *only != "" {
		src, ok := cfg.Source(*only)
		if !ok {
			var names []string
			for _, s := range cfg.Sources {
				names = append(names, s.Name)
			}
			return fmt.Errorf("no source named %q in %s (sources: %s)", *only, *path, strings.Join(names, ", "))
		}
		sources = []config.Source{src}
	}

	ex, byID, err := extractorFor(cfg)
	if err != nil {
		return err
	}
	// Tallies already in the database decide which alerts would go out. A
	// database that does not exist yet is not created: everything found
	// would be new.
	var db *storage.DB
	if _, err := os.Stat(cfg.Database); err == nil {
		if db, err = storage.OpenReadOnly(ctx, cfg.Database); err != nil {
			return err
		}
		defer db.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("database: %w", err)
	}

	sc := scraper.New(scraperConfig(cfg, e.log))
	seen := map[string]int{} // site|day -> its tally after the articles checked so far
	out := e.stdout
	for _, src := range sources {
		fmt.Fprintf(out, "== %s (%s)\n", src.Name, firstNonEmpty(src.URL, src.Feed))
		n := 0
		st, err := sc.Scrape(ctx, scraperSource(src), func(ctx context.Context, art raqib.Article) error {
			n++
			art.Published = scraper.InZone(art.Published, cfg.Location)
			firstDay := ""
			if db != nil && art.Published.IsZero() {
				if firstDay, _, err = db.ArticleDay(ctx, art.URL); err != nil {
					return err
				}
			}
			artDay, _ := articleDay(art, firstDay, cfg.Location)
			res := ex.Extract(art.Text, art.Lang, artDay)
			rd := readingOf(res, art, firstDay, byID, cfg.Location, time.Duration(cfg.MaxAge), time.Now())
			day, reports, alertable := rd.day, rd.reports, rd.alertable
			printCheck(out, art, day, reports)
			for _, r := range reports {
				// The tally as the daemon would find it: the database's,
				// raised by the articles this check has read before.
				key := r.Site + "|" + r.Day
				tally, ok := seen[key]
				if !ok && db != nil {
					if tally, err = db.TallyOf(ctx, r.Site, r.Day); err != nil {
						return err
					}
				}
				d := raqib.Decide(tally, r.Attacks, alertable) // the daemon's rule
				seen[key] = d.Tally
				switch {
				case d.Alert:
					fmt.Fprintf(out, "    would alert: %s, %d on %s (was %d)\n", r.SiteName, r.Attacks, r.Day, tally)
				case d.Raise:
					fmt.Fprintf(out, "    no alert: older than max_age (%s)\n", time.Duration(cfg.MaxAge))
				}
			}
			return nil
		})
		fmt.Fprintf(out, "-- %d links, %d articles, %d broken pages\n\n", st.Listed, n, st.Errors)
		if err != nil {
			fmt.Fprintf(out, "-- failed: %v\n\n", err)
		}
	}
	return nil
}

func printCheck(out io.Writer, art raqib.Article, day string, reports []raqib.Report) {
	fmt.Fprintf(out, "  %s\n", art.URL)
	fmt.Fprintf(out, "    title: %s\n", oneLine(art.Title))
	if art.Published.IsZero() {
		fmt.Fprintf(out, "    published: not given (fetch time used: %s)\n", day)
	} else {
		fmt.Fprintf(out, "    published: %s (day %s)\n", art.Published.Format(time.RFC3339), day)
	}
	fmt.Fprintf(out, "    text: %d characters\n", len([]rune(art.Text)))
	if len(reports) == 0 {
		fmt.Fprintf(out, "    sites: none attacked\n")
	}
	for _, r := range reports {
		exact := "exact"
		if !r.Exact {
			exact = "at least"
		}
		fmt.Fprintf(out, "    site: %s (%s) %d, %s: %s\n", r.SiteName, r.Site, r.Attacks, exact, oneLine(r.Evidence))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
