// Package scraper reads news sources: one pass over a source fetches its
// listing page or feed with a Colly collector, follows the article links and
// turns each page into a raqib.Article. ParseArticle, the part without
// network, also serves `raqib extract` on a saved page.
package scraper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gocolly/colly/v2"

	"github.com/raqib/raqib"
)

// Scraper runs passes over sources. It is safe for concurrent use; each
// pass has a collector of its own.
type Scraper struct {
	cfg Config
	// transport is shared by all passes so that connections are reused
	// from one pass to the next.
	transport *http.Transport
}

// New returns a Scraper; zero fields of cfg take the Default* values.
func New(cfg Config) *Scraper {
	cfg.setDefaults()
	return &Scraper{
		cfg:       cfg,
		transport: http.DefaultTransport.(*http.Transport).Clone(),
	}
}

// Stats counts what one pass did.
type Stats struct {
	Listed   int // distinct article links found on the listing or in the feed
	Fetched  int // article pages downloaded
	Articles int // articles fn accepted
	Rejected int // articles fn returned an error for
	Errors   int // pages skipped as broken: status, size, network, not HTML, no text
	Blocked  int // article links robots.txt disallows
	Capped   int // links beyond MaxArticles, left for a later pass
}

// Scrape runs one pass over src: the listing (or feed), then at most
// MaxArticles article pages, Parallelism at a time. It calls fn for each
// article in the calling goroutine. A broken page, or an error from fn, is
// logged and counted, and the pass goes on; the pass fails when src is
// invalid, when the listing or feed cannot be read, and when ctx ends, which
// stops it within one request (plus Delay).
func (s *Scraper) Scrape(ctx context.Context, src Source, fn func(context.Context, raqib.Article) error) (Stats, error) {
	var st Stats
	sel, err := src.compile()
	if err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	c, err := newCollector(ctx, s.cfg, s.transport, src)
	if err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	p := &pass{cfg: s.cfg, src: src, sel: sel, c: c, log: s.cfg.Logger.With("source", src.Name)}

	links, err := p.discover()
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	st.Listed = len(links)
	if len(links) > s.cfg.MaxArticles {
		st.Capped = len(links) - s.cfg.MaxArticles
		links = links[:s.cfg.MaxArticles]
	}
	p.run(ctx, links, fn, &st)
	if err := ctx.Err(); err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	p.log.Debug("scraper: pass done", "listed", st.Listed, "fetched", st.Fetched,
		"articles", st.Articles, "rejected", st.Rejected, "errors", st.Errors, "blocked", st.Blocked, "capped", st.Capped)
	return st, nil
}

// pass is one Scrape call's state.
type pass struct {
	cfg   Config
	src   Source
	sel   compiled
	c     *colly.Collector
	log   *slog.Logger
	hints map[string]feedHint // what the feed said of each link
}

// discover fetches the listing or the feed and returns its article links.
func (p *pass) discover() ([]string, error) {
	if p.src.Feed != "" {
		r, err := fetch(p.c, p.src.Feed)
		if err != nil {
			return nil, fmt.Errorf("feed %s: %w", p.src.Feed, err)
		}
		body := r.Body
		if collyDecoded(r.Headers.Get("Content-Type")) {
			body = declareUTF8(body)
		}
		links, hints, err := feedLinks(body, r.Request.URL, p.src.Follow)
		if err != nil {
			return nil, fmt.Errorf("feed %s: %w", p.src.Feed, err)
		}
		p.hints = hints
		return links, nil
	}
	r, err := fetch(p.c, p.src.URL)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", p.src.URL, err)
	}
	doc, err := parseHTML(r.Body, contentType(r))
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", p.src.URL, err)
	}
	return listingLinks(doc, r.Request.URL, p.sel.links, p.src.Follow), nil
}

// outcome is one article page's result.
type outcome struct {
	url     string
	fetched bool
	art     raqib.Article
	err     error
}

// run fetches links with Parallelism workers and hands the articles to fn
// in this goroutine. When ctx ends it stops feeding the workers, lets the
// requests in flight fail, and returns once they have.
func (p *pass) run(ctx context.Context, links []string, fn func(context.Context, raqib.Article) error, st *Stats) {
	jobs := make(chan string)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range min(p.cfg.Parallelism, len(links)) {
		wg.Go(func() {
			for u := range jobs {
				o := p.article(u)
				select {
				case results <- o:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, u := range links {
			select {
			case jobs <- u:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	for o := range results {
		if ctx.Err() != nil {
			continue // draining: the workers finish their page and leave
		}
		if o.fetched {
			st.Fetched++
		}
		var visited *colly.AlreadyVisitedError
		switch {
		case errors.Is(o.err, ErrRobotsDisallowed):
			st.Blocked++
			p.log.Debug("scraper: article disallowed by robots.txt", "url", o.url)
			continue
		case errors.As(o.err, &visited):
			// A redirect to a page this pass has read already.
			p.log.Debug("scraper: article already read", "url", o.url, "destination", visited.Destination.String())
			continue
		case o.err != nil:
			st.Errors++
			p.logSkip(o.url, o.err)
			continue
		}
		if err := fn(ctx, o.art); err != nil {
			if ctx.Err() != nil {
				continue // the pass is over; Scrape reports ctx's error
			}
			st.Rejected++
			p.log.Warn("scraper: article rejected", "url", o.url, "error", err)
			continue
		}
		st.Articles++
	}
}

func (p *pass) logSkip(u string, err error) {
	attrs := []any{"url", u, "error", err}
	var se statusError
	if errors.As(err, &se) {
		attrs = append(attrs, "status", se.code)
	}
	p.log.Warn("scraper: article skipped", attrs...)
}

// article fetches and parses one article page.
func (p *pass) article(u string) outcome {
	r, err := fetch(p.c, u)
	if err != nil {
		return outcome{url: u, err: err}
	}
	o := outcome{url: u, fetched: true}
	ct := r.Headers.Get("Content-Type")
	if isHTML, known := isHTMLType(ct); !isHTML && (known || !LooksLikeHTML(r.Body)) {
		o.err = fmt.Errorf("not an HTML page (Content-Type %q)", ct)
		return o
	}
	art, err := parseArticle(r.Body, contentType(r), r.Request.URL.String(), p.sel.text)
	if err != nil {
		o.err = err
		return o
	}
	art.Source = p.src.Name
	art.Lang = p.src.lang()
	art.Fetched = p.cfg.Now()
	if h, ok := p.hints[u]; ok {
		if art.Title == "" {
			art.Title = h.Title
		}
		if art.Published.IsZero() {
			art.Published = h.Published
		}
	}
	o.art = art
	return o
}

// contentType is the Content-Type that describes r.Body as Colly hands it
// over: UTF-8 when Colly has converted it, so that the page's <meta
// charset> is not applied a second time.
func contentType(r *colly.Response) string {
	ct := r.Headers.Get("Content-Type")
	if collyDecoded(ct) {
		return utf8ContentType(ct)
	}
	return ct
}
