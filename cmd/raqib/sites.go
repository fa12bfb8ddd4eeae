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
type lazyExtractor struct {
	sites []raqib.Site
	mu    sync.Mutex
	ex    *extract.Extractor
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

// drop lets the extractor go; whoever still holds it may finish with it.
func (l *lazyExtractor) drop() {
	l.mu.Lock()
	l.ex = nil
	l.mu.Unlock()
}
