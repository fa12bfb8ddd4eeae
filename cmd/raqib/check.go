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
	"github.com/raqib/raqib/internal/oneline"
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
	routes := &router{routes: cfg.Routes, sites: byID}
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
			printCheck(out, art, res, rd)
			for _, r := range rd.reports {
				// The tally as the daemon would find it: the database's,
				// raised by the articles this check has read before.
				key := r.Site + "|" + r.Day
				tally, ok := seen[key]
				if !ok && db != nil {
					if tally, err = db.TallyOf(ctx, r.Site, r.Day); err != nil {
						return err
					}
				}
				d := raqib.Decide(tally, r.Attacks, rd.alertable) // the daemon's rule
				seen[key] = d.Tally
				switch {
				case d.Alert:
					reported := ""
					if r.Day != rd.day {
						reported = ", reported " + rd.day
					}
					// The routes it would go to, by the daemon's filters.
					to := append([]string{raqib.DefaultRoute}, routes.For(raqib.Alert{Site: r.Site, Attacks: d.Tally, Urgent: r.Urgent})...)
					fmt.Fprintf(out, "    would alert: %s, %d on %s%s (was %d), to %s\n", r.SiteName, r.Attacks, r.Day, reported, tally, strings.Join(to, ", "))
				case d.Raise:
					fmt.Fprintf(out, "    no alert: %s on %s, older than max_age (%s)\n", r.SiteName, r.Day, time.Duration(cfg.MaxAge))
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

// printCheck prints what raqib reads in art: per site found attacked, the
// count, the days it gives (the reports), the days that are only context,
// and the running total.
func printCheck(out io.Writer, art raqib.Article, ex raqib.Extraction, rd reading) {
	fmt.Fprintf(out, "  %s\n", art.URL)
	fmt.Fprintf(out, "    title: %s\n", oneline.Clean(art.Title))
	if art.Published.IsZero() {
		fmt.Fprintf(out, "    published: not given (fetch time used: %s)\n", rd.day)
	} else {
		fmt.Fprintf(out, "    published: %s (day %s)\n", art.Published.Format(time.RFC3339), rd.day)
	}
	fmt.Fprintf(out, "    text: %d characters\n", len([]rune(art.Text)))
	if len(ex.Sites) == 0 {
		fmt.Fprintf(out, "    sites: none attacked\n")
	}
	for _, f := range ex.Sites {
		fmt.Fprintf(out, "    site: %s (%s) %d, %s: %s\n", f.Name, f.Site, f.Attacks, exactness(f.Exact), oneline.Clean(f.Evidence))
		days := 0 // the days given, reports or context
		for _, r := range rd.reports {
			if r.Site != f.Site {
				continue
			}
			days++
			fmt.Fprintf(out, "      day %s: %d, %s", r.Day, r.Attacks, exactness(r.Exact))
			if r.Evidence != f.Evidence {
				fmt.Fprintf(out, ": %s", oneline.Clean(r.Evidence))
			}
			fmt.Fprintln(out)
		}
		for _, c := range rd.context {
			if c.Site == f.Site {
				days++
				fmt.Fprintf(out, "      day %s: %d, context only: %s\n", oneline.Clean(c.Day), c.Attacks, c.Why)
			}
		}
		if f.Total != nil && f.Total.Attacks > 0 {
			fmt.Fprintf(out, "      running total: %s (context, raises no tally)\n", oneline.Clean(f.Total.Context("")))
		}
		if days == 0 {
			fmt.Fprintf(out, "      no day given: raises no tally\n")
		}
	}
}

func exactness(exact bool) string {
	if exact {
		return "exact"
	}
	return "at least"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
