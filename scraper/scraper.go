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
	"runtime/debug"
	"sync"

	"github.com/gocolly/colly/v2"

	"github.com/raqib/raqib"
)

// Scraper runs passes over sources. It is safe for concurrent use; each
// pass has a collector of its own.
type Scraper struct {
	cfg Config
	// transport is shared by all passes so that connections are reused
	// by passes that run together or one after the other.
	transport *http.Transport
	// gate paces requests per host across passes.
	gate *hostGate
	// guard refuses connections to private addresses that no source names.
	guard *dialGuard
}

// SetTrusted replaces Config.Trusted: the daemon calls it when a reload
// changes the sources. Kept connections are closed, since a host no longer
// trusted must be dialled, and so checked, again.
func (s *Scraper) SetTrusted(urls ...string) {
	s.guard.setTrusted(urls)
	s.transport.CloseIdleConnections()
}

// CloseIdleConnections closes the connections kept for reuse. The daemon
// calls it when its last pass in flight ends: the next pass is minutes
// away, far beyond the 90 s a kept connection lives, and until then each
// holds a socket, two goroutines and their buffers.
func (s *Scraper) CloseIdleConnections() { s.transport.CloseIdleConnections() }

// New returns a Scraper; zero fields of cfg take the Default* values.
func New(cfg Config) *Scraper {
	cfg.setDefaults()
	t := http.DefaultTransport.(*http.Transport).Clone()
	// Keep a connection for each request a pass has in flight: with the
	// default two, every request beyond them dials a connection of its
	// own and closes it after.
	t.MaxIdleConnsPerHost = max(t.MaxIdleConnsPerHost, cfg.Parallelism, http.DefaultMaxIdleConnsPerHost)
	guard := newDialGuard(cfg.Resolver, cfg.Trusted)
	t.DialContext = guard.DialContext
	t.Proxy = guard.proxy(t.Proxy)
	return &Scraper{
		cfg:       cfg,
		transport: t,
		gate:      newHostGate(cfg.Parallelism, cfg.Delay),
		guard:     guard,
	}
}

// Stats counts what one pass did.
type Stats struct {
	Listed   int // distinct article links found on the listing or in the feed
	Fetched  int // article pages downloaded
	Articles int // articles fn accepted
	Rejected int // articles fn returned an error for
	Errors   int // pages skipped as broken: status, size, network, not HTML, no text
	// LastError says why the last page counted in Errors was skipped.
	LastError string
	Blocked   int // article links robots.txt disallows
	Capped    int // links beyond MaxArticles, not read (listings put the newest first, so these are the oldest)
	// NotModified counts article pages the server answered 304 Not
	// Modified to (see Config.Validators): unchanged, so not read again.
	NotModified int
	// Unchanged is true when the listing or feed itself was not modified:
	// the pass then reads no article.
	Unchanged bool
}

// Scrape runs one pass over src: the listing (or feed), then at most
// MaxArticles article pages, Parallelism at a time. It calls fn for each
// article in the calling goroutine. A broken page, or an error from fn, is
// logged and counted, and the pass goes on; the pass fails when src is
// invalid, when the listing or feed cannot be read, and when ctx ends, which
// stops it within one request.
//
// With Config.Validators, requests are conditional. An article answered
// 304 Not Modified is counted in Stats.NotModified and not handed to fn; an
// article's validators are stored once fn has accepted it, so a page fn
// failed on is read again next time. A listing or feed answered 304 ends
// the pass with Stats.Unchanged and no error. The listing's (or feed's)
// validators are stored only after a pass in which every link was read and
// accepted: after a pass with broken pages, rejected articles or links left
// beyond MaxArticles, the next pass reads the listing again and retries them.
func (s *Scraper) Scrape(ctx context.Context, src Source, fn func(context.Context, raqib.Article) error) (Stats, error) {
	return s.scrape(ctx, src, fn, false)
}

// ScrapeConcurrent is Scrape with fn called from the pass's workers, up to
// Parallelism calls at once, each right after its page is parsed: for an
// fn that is safe for concurrent use and does work of its own (extraction,
// storage) that would otherwise wait for the previous article's. Stats
// and validators are kept as Scrape keeps them.
func (s *Scraper) ScrapeConcurrent(ctx context.Context, src Source, fn func(context.Context, raqib.Article) error) (Stats, error) {
	return s.scrape(ctx, src, fn, true)
}

func (s *Scraper) scrape(ctx context.Context, src Source, fn func(context.Context, raqib.Article) error, concurrent bool) (Stats, error) {
	var st Stats
	sel, err := src.compile()
	if err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	c, err := newCollector(ctx, s.cfg, s.transport, s.gate, src)
	if err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	p := &pass{cfg: s.cfg, src: src, sel: sel, c: c, log: s.cfg.Logger.With("source", src.Name), v: s.cfg.Validators}

	links, err := p.discover(ctx)
	if errors.Is(err, ErrNotModified) {
		st.Unchanged = true
		p.log.Debug("scraper: listing not modified; nothing to read")
		return st, nil
	}
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
	p.run(ctx, links, fn, concurrent, &st)
	if err := ctx.Err(); err != nil {
		return st, fmt.Errorf("source %q: %w", src.Name, err)
	}
	if p.throttled != nil {
		// The unread articles are read by a later pass; the listing's
		// validators are not kept, so that pass sees them again.
		return st, fmt.Errorf("source %q: the site answered %w; stopped after %d of %d articles", src.Name, p.throttled, st.Articles, len(links))
	}
	if p.listed.URL != "" && st.Errors == 0 && st.Rejected == 0 && st.Capped == 0 {
		p.put(ctx, p.listed)
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
	v     Validators          // nil: requests are not conditional
	// listed holds the listing's (or feed's) validators, stored at the
	// end of a pass that read everything it listed.
	listed raqib.Validator
	// throttled is the first answer that asked us to slow down (429, 5xx):
	// the pass fetches no further page of the site.
	throttled *StatusError
	// In a concurrent pass, fetches and fn calls each hold one of
	// Parallelism slots, so that a worker parses its page while others
	// fetch theirs (nil otherwise: each worker fetches right away).
	fetchSlots, fnSlots chan struct{}
	// stop is closed when the site throttles us: by the worker that got
	// the answer, at once, so that no other page is asked for while the
	// answer waits its turn in results.
	stop     chan struct{}
	stopOnce sync.Once
}

// halt stops the pass's fetching when err is a site's request to slow down.
func (p *pass) halt(err error) {
	var se *StatusError
	if errors.As(err, &se) && se.Throttled() && p.stop != nil {
		p.stopOnce.Do(func() { close(p.stop) })
	}
}

// put stores validators; a failure costs only a full fetch next time, so it
// is logged and the pass goes on.
func (p *pass) put(ctx context.Context, vs ...raqib.Validator) {
	if p.v == nil || len(vs) == 0 {
		return
	}
	if err := p.v.SaveValidators(ctx, vs...); err != nil && ctx.Err() == nil {
		p.log.Warn("scraper: validators not stored", "pages", len(vs), "error", err)
	}
}

// discover fetches the listing or the feed and returns its article links.
func (p *pass) discover(ctx context.Context) ([]string, error) {
	if p.src.Feed != "" {
		r, err := fetch(p.c, p.src.Feed, conditional(ctx, p.v, p.src.Feed))
		if err != nil {
			return nil, fmt.Errorf("feed %s: %w", p.src.Feed, err)
		}
		p.listed, _ = validatorOf(p.src.Feed, r.Headers)
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
	r, err := fetch(p.c, p.src.URL, conditional(ctx, p.v, p.src.URL))
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", p.src.URL, err)
	}
	p.listed, _ = validatorOf(p.src.URL, r.Headers)
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
	valid   raqib.Validator // the page's validators, if it sent any
	handled bool            // fn was called already, in the worker
	fnErr   error           // what it returned
	// skipped: not fetched, the pass was throttled or ended while the
	// worker waited for a fetch slot; counted nowhere, as a link not taken.
	skipped bool
}

// run fetches links with Parallelism workers and hands the articles to fn
// in this goroutine, or in the workers when concurrent is set. When ctx
// ends it stops feeding the workers, lets the requests in flight fail, and
// returns once they have. The backlog is bounded whatever the number of
// links: the links not yet taken wait in the slice, and at most
// Parallelism parsed articles wait for fn.
//
// A concurrent pass runs twice as many workers, with at most Parallelism
// of them fetching and at most Parallelism calling fn at once: a worker
// parses its page, or waits for the database, while Parallelism others
// have requests in flight, as in Colly's own asynchronous mode.
func (p *pass) run(ctx context.Context, links []string, fn func(context.Context, raqib.Article) error, concurrent bool, st *Stats) {
	jobs := make(chan string)
	results := make(chan outcome, p.cfg.Parallelism)
	// stop ends the feeding of links when the site throttles us: the pages
	// in flight finish, no new one is asked for.
	stop := make(chan struct{})
	p.stop = stop
	var wg sync.WaitGroup
	workers := p.cfg.Parallelism
	if concurrent {
		workers *= 2
		p.fetchSlots = make(chan struct{}, p.cfg.Parallelism)
		p.fnSlots = make(chan struct{}, p.cfg.Parallelism)
	}
	for range min(workers, len(links)) {
		wg.Go(func() {
			for u := range jobs {
				o := p.work(ctx, u, fn, concurrent)
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
			case <-stop:
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var valid []raqib.Validator // of accepted articles, stored putBatch at a time
	defer func() { p.put(ctx, valid...) }()
	// A redirect to a page this pass visited already is judged once every
	// page is in: fine when that page was read (the listing, or another
	// listed article), broken when it was not (a redirect loop, or a page
	// that failed), so that a source whose articles all loop is seen failing.
	read := map[string]bool{p.src.URL: true, p.src.Feed: true}
	var revisits []revisit
	defer func() {
		for _, r := range revisits {
			if read[r.dest] {
				p.log.Debug("scraper: article already read", "url", r.url, "destination", r.dest)
				continue
			}
			err := fmt.Errorf("redirected to %s, which this pass visited but could not read (a redirect loop?)", r.dest)
			st.Errors++
			st.LastError = err.Error()
			p.logSkip(r.url, err)
		}
	}()
	for o := range results {
		if ctx.Err() != nil || o.skipped {
			continue // draining: the workers finish their page and leave
		}
		if o.fetched {
			st.Fetched++
		}
		var visited *colly.AlreadyVisitedError
		switch {
		case errors.Is(o.err, ErrNotModified):
			st.NotModified++
			continue
		case errors.Is(o.err, ErrRobotsDisallowed):
			st.Blocked++
			p.log.Debug("scraper: article disallowed by robots.txt", "url", o.url)
			continue
		case errors.As(o.err, &visited):
			revisits = append(revisits, revisit{url: o.url, dest: visited.Destination.String()})
			continue
		case o.err != nil:
			st.Errors++
			st.LastError = o.err.Error()
			p.logSkip(o.url, o.err)
			var se *StatusError
			if errors.As(o.err, &se) && se.Throttled() && p.throttled == nil {
				p.throttled = se
				p.halt(se)
			}
			continue
		}
		read[o.url], read[o.art.URL] = true, true
		err := o.fnErr
		if !o.handled {
			err = fn(ctx, o.art)
		}
		if err != nil {
			if ctx.Err() != nil {
				continue // the pass is over; Scrape reports ctx's error
			}
			st.Rejected++
			p.log.Warn("scraper: article rejected", "url", o.url, "error", err)
			continue
		}
		st.Articles++
		if o.valid.URL != "" {
			if valid = append(valid, o.valid); len(valid) >= putBatch {
				p.put(ctx, valid...)
				valid = valid[:0]
			}
		}
	}
}

// revisit is an article whose redirect led to a page the pass had visited.
type revisit struct{ url, dest string }

// work reads one article and, in a concurrent pass, hands it to fn. A panic
// in either is the page's failure, logged with its stack, not the
// daemon's: cron's Recover guards only the job's own goroutine, and a page
// that crashed the process would crash it again at every restart.
func (p *pass) work(ctx context.Context, u string, fn func(context.Context, raqib.Article) error, concurrent bool) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("scraper: panic while reading an article", "url", u, "panic", r, "stack", string(debug.Stack()))
			o = outcome{url: u, err: fmt.Errorf("panic: %v", r)}
		}
	}()
	o = p.article(ctx, u)
	if concurrent && o.err == nil && !o.skipped && ctx.Err() == nil {
		if p.fnSlots != nil {
			select {
			case p.fnSlots <- struct{}{}:
				defer func() { <-p.fnSlots }()
			case <-ctx.Done():
				return o // the pass is over; run drains it
			}
		}
		o.handled, o.fnErr = true, fn(ctx, o.art)
	}
	return o
}

func (p *pass) logSkip(u string, err error) {
	attrs := []any{"url", u, "error", err}
	var se *StatusError
	if errors.As(err, &se) {
		attrs = append(attrs, "status", se.Code)
	}
	p.log.Warn("scraper: article skipped", attrs...)
}

// article fetches and parses one article page.
func (p *pass) article(ctx context.Context, u string) outcome {
	hdr := conditional(ctx, p.v, u)
	if p.fetchSlots != nil {
		select {
		case <-p.stop:
			return outcome{url: u, skipped: true}
		case <-ctx.Done():
			return outcome{url: u, skipped: true}
		case p.fetchSlots <- struct{}{}:
		}
		select {
		case <-p.stop: // throttled while we waited
			<-p.fetchSlots
			return outcome{url: u, skipped: true}
		default:
		}
	}
	select {
	case <-p.stop: // throttled since this page was handed out
		return outcome{url: u, skipped: true}
	default:
	}
	r, err := p.fetch(u, hdr)
	if err != nil {
		p.halt(err)
		return outcome{url: u, err: err}
	}
	o := outcome{url: u, fetched: true}
	o.valid, _ = validatorOf(u, r.Headers)
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

// fetch is fetch, giving back the fetch slot article took even if Colly
// panics.
func (p *pass) fetch(u string, hdr http.Header) (*colly.Response, error) {
	if p.fetchSlots != nil {
		defer func() { <-p.fetchSlots }()
	}
	return fetch(p.c, u, hdr)
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
