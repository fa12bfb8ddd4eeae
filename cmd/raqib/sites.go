package main

import (
	"fmt"

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
	byID := make(map[string]raqib.Site, len(sites))
	for _, s := range sites {
		byID[s.ID] = s
	}
	return ex, byID, nil
}
