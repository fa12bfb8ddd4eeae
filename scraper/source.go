package scraper

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
)

// Source is one news source to watch (built by cmd/raqib from config.yaml).
type Source struct {
	Name   string
	URL    string         // listing page, or
	Feed   string         // RSS/Atom feed: exactly one of URL/Feed
	Links  string         // optional CSS selector of article links on the listing
	Follow *regexp.Regexp // optional: article URLs must match; lifts the same-host rule
	// Article is an optional CSS selector of the article text; when it
	// matches nothing the automatic choice is used.
	Article string
	Exclude []string // selectors removed before taking the text
	Lang    string   // ar | en | auto; empty means auto
	// Robots honours robots.txt. Its zero value ignores it, so the caller
	// must set it from the config's default (true).
	Robots bool
}

// Selectors returns the part of the source that ParseArticle needs.
func (s Source) Selectors() Selectors {
	return Selectors{Article: s.Article, Exclude: s.Exclude}
}

// lang returns the language hint stored in each article.
func (s Source) lang() string {
	if s.Lang == "" {
		return "auto"
	}
	return s.Lang
}

// Validate checks what Scrape needs: exactly one absolute http(s) URL of
// URL/Feed, a known lang and selectors that compile. Errors name the
// config.yaml key.
func (s Source) Validate() error {
	_, err := s.compile()
	return err
}

// compiled holds a source's selectors, compiled once per pass.
type compiled struct {
	links goquery.Matcher // nil: automatic choice of links
	text  matchers
}

// compile validates s, as Validate says, and compiles its selectors.
func (s Source) compile() (compiled, error) {
	var c compiled
	var errs []error
	switch {
	case s.URL == "" && s.Feed == "":
		errs = append(errs, errors.New("url or feed: one is required"))
	case s.URL != "" && s.Feed != "":
		errs = append(errs, errors.New("url and feed: give only one"))
	case s.URL != "":
		if err := checkHTTPURL(s.URL); err != nil {
			errs = append(errs, fmt.Errorf("url: %w", err))
		}
	default:
		if err := checkHTTPURL(s.Feed); err != nil {
			errs = append(errs, fmt.Errorf("feed: %w", err))
		}
	}
	switch s.Lang {
	case "", "ar", "en", "auto":
	default:
		errs = append(errs, fmt.Errorf("lang: want ar, en or auto, got %q", s.Lang))
	}
	if s.Links != "" {
		sel, err := cascadia.Compile(s.Links)
		if err != nil {
			errs = append(errs, fmt.Errorf("links: %w", err))
		}
		c.links = sel
	}
	text, err := s.Selectors().compile()
	if err != nil {
		errs = append(errs, err)
	}
	c.text = text
	return c, errors.Join(errs...)
}

func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	return nil
}
