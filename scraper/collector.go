package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gocolly/colly/v2"
)

// ErrRobotsDisallowed is the error of a URL that the site's robots.txt
// disallows for our User-Agent.
var ErrRobotsDisallowed = errors.New("disallowed by robots.txt")

// Keys of the colly.Context of one request.
const (
	responseKey = "raqib.response"
	statusKey   = "raqib.status"
)

// statusError is a response with a status other than 200-202, which Colly
// treats as an error.
type statusError struct{ code int }

func (e statusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
}

// newCollector returns the collector of one pass over src. Requests are
// synchronous (not colly.Async): the pass runs Parallelism workers that
// each call fetch, so the backlog is the pass's list and never a heap of
// goroutines parked in Colly's LimitRule, which sleeps without watching
// the context.
func newCollector(ctx context.Context, cfg Config, base http.RoundTripper, src Source) (*colly.Collector, error) {
	c := colly.NewCollector(
		colly.UserAgent(cfg.UserAgent),
		colly.StdlibContext(ctx),
		// One byte over the limit, so that passTransport, not Colly's
		// silent truncation, decides that a page is too large.
		colly.MaxBodySize(cfg.MaxBodySize+1),
	)
	// Colly ignores robots.txt unless told otherwise (Init sets true).
	c.IgnoreRobotsTxt = !src.Robots
	c.SetRequestTimeout(cfg.Timeout)
	c.WithTransport(&passTransport{base: base, ctx: ctx, limit: int64(cfg.MaxBodySize)})
	// One rule for every host: a pass reads one site, and the articles of a
	// feed on other hosts share the pass's politeness budget.
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: cfg.Parallelism, Delay: cfg.Delay}); err != nil {
		return nil, fmt.Errorf("limit rule: %w", err)
	}
	c.OnResponse(func(r *colly.Response) { r.Ctx.Put(responseKey, r) })
	c.OnError(func(r *colly.Response, _ error) {
		if r != nil && r.Ctx != nil && r.StatusCode != 0 {
			r.Ctx.Put(statusKey, r.StatusCode)
		}
	})
	return c, nil
}

// fetch gets one page with the collector and returns Colly's response,
// whose Body Colly has already decoded to UTF-8 when the Content-Type
// header names another charset (see collyDecoded).
//
// hdr, when not nil, holds request headers: conditional ones make a 304
// answer return ErrNotModified.
func fetch(c *colly.Collector, u string, hdr http.Header) (*colly.Response, error) {
	cctx := colly.NewContext()
	err := c.Request(http.MethodGet, u, nil, cctx, hdr)
	code, _ := cctx.GetAny(statusKey).(int)
	if code == http.StatusNotModified {
		return nil, ErrNotModified
	}
	if code >= 203 {
		return nil, statusError{code}
	}
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return nil, ErrRobotsDisallowed
	case err != nil:
		return nil, err
	}
	r, ok := cctx.GetAny(responseKey).(*colly.Response)
	if !ok {
		return nil, errors.New("no response")
	}
	return r, nil
}
