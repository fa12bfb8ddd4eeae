package main

import (
	"fmt"
	"sync"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/extract"
	"github.com/raqib/raqib/gazetteer"
)

// sitesOf returns the gazetteer with the config's `sites:` applied: aliases
// added to known sites, and new sites.
func sitesOf(cfg *config.Config) []raqib.Site {
	if cfg == nil || len(cfg.Sites) == 0 {
		return gazetteer.Default()
	}
	extra := make([]raqib.Site, 0, len(cfg.Sites))
	for _, s := range cfg.Sites {
		extra = append(extra, raqib.Site{
			ID: s.ID, Kind: s.Kind, Country: s.Country, NameEN: s.NameEN, NameAR: s.NameAR,
			AliasesEN: s.AliasesEN, AliasesAR: s.AliasesAR,
		})
	}
	return gazetteer.Merge(gazetteer.Default(), extra)
}

// extractorFor builds the extractor over the config's sites, and the index
// of those sites by id that the pass reads names and kinds from.
func extractorFor(cfg *config.Config) (*extract.Extractor, map[string]raqib.Site, error) {
	sites := sitesOf(cfg)
	ex, err := extract.New(sites)
	if err != nil {
		return nil, nil, fmt.Errorf("extractor: %w", err)
	}
	return ex, sitesByID(sites), nil
}

func sitesByID(sites []raqib.Site) map[string]raqib.Site {
	byID := make(map[string]raqib.Site, len(sites))
	for _, s := range sites {
		byID[s.ID] = s
	}
	return byID
}

// lazyExtractor holds the daemon's extractor only while passes need it. The
// extractor's vocabulary is over a megabyte and takes a few milliseconds to
// build: a daemon idle between passes is better off without it, and a pass
// whose articles are all unchanged never needs it.
//
// The daemon's passes hold it (hold, release): the last to release it drops
// it, so a pass that starts as another ends never loses it midway. Passes
// that do not hold it (raqib once) keep it for the process's life.
type lazyExtractor struct {
	sites   []raqib.Site
	mu      sync.Mutex
	ex      *extract.Extractor
	holders int
}

// newLazyExtractor builds the extractor once, so that bad sites fail at
// start-up, and keeps it for the first passes.
func newLazyExtractor(sites []raqib.Site) (*lazyExtractor, error) {
	ex, err := extract.New(sites)
	if err != nil {
		return nil, fmt.Errorf("extractor: %w", err)
	}
	return &lazyExtractor{sites: sites, ex: ex}, nil
}

// get returns the extractor, building it again if it was dropped.
func (l *lazyExtractor) get() (*extract.Extractor, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ex == nil {
		ex, err := extract.New(l.sites)
		if err != nil {
			return nil, fmt.Errorf("extractor: %w", err)
		}
		l.ex = ex
	}
	return l.ex, nil
}

// hold marks a pass that may need the extractor.
func (l *lazyExtractor) hold() {
	l.mu.Lock()
	l.holders++
	l.mu.Unlock()
}

// release ends a hold; the last one drops the extractor.
func (l *lazyExtractor) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holders--; l.holders == 0 {
		l.ex = nil
	}
}
