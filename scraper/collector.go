package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gocolly/colly/v2"
)

// ErrRobotsDisallowed is the error of a URL that the site's robots.txt
// disallows for our User-Agent.
var ErrRobotsDisallowed = errors.New("disallowed by robots.txt")

// ErrRedirectLoop is the error of a page whose redirects go round in a
// circle, or on for more than maxRedirects hops. (Left to Colly, the last
// hop's 302 would be reported as the page's status, "HTTP 302 Found".)
var ErrRedirectLoop = errors.New("redirect loop")

// maxRedirects is how many redirects a request follows, as Go's client.
const maxRedirects = 10

// Keys of the colly.Context of one request.
const (
	responseKey = "raqib.response"
	statusKey   = "raqib.status"
	retryKey    = "raqib.retry-after"
)

// StatusError is a response with a status other than 200-202, which Colly
// treats as an error.
type StatusError struct {
	Code int
	// RetryAfter is what the server's Retry-After header asked for, 0 when
	// it gave none.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("HTTP %d %s (retry after %s)", e.Code, http.StatusText(e.Code), e.RetryAfter)
	}
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Throttled reports whether the server asked raqib to slow down or come
// back later (429, 503): a reason to leave the site alone for a while
// rather than fetch its other pages now. A lone 500 on one article is a
// broken page, skipped while the others are read.
func (e *StatusError) Throttled() bool {
	return e.Code == http.StatusTooManyRequests || e.Code == http.StatusServiceUnavailable
}

// retryAfter parses a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// newCollector returns the collector of one pass over src. Requests are
// synchronous (not colly.Async): the pass runs Parallelism workers that
// each call fetch, so the backlog is the pass's list and never a heap of
// goroutines parked in Colly's LimitRule, which sleeps without watching
// the context.
func newCollector(ctx context.Context, cfg Config, base http.RoundTripper, gate *hostGate, src Source) (*colly.Collector, error) {
	c := colly.NewCollector(
		colly.UserAgent(cfg.UserAgent),
		colly.StdlibContext(ctx),
		// One byte over the limit, so that passTransport, not Colly's
		// silent truncation, decides that a page is too large.
		colly.MaxBodySize(cfg.MaxBodySize+1),
	)
	// Colly ignores robots.txt unless told otherwise (Init sets true).
	c.IgnoreRobotsTxt = !src.Robots
	c.SetRequestTimeout(0) // passTransport times each request once it has its slot
	// No colly.LimitRule: gate paces each host for every pass at once, and
	// the pass's own workers bound what it has in flight.
	c.WithTransport(&passTransport{base: base, ctx: ctx, limit: int64(cfg.MaxBodySize), gate: gate, timeout: cfg.Timeout,
		own: trustedAddrs(src.URL, src.Feed)})
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		return checkRedirect(req, via, c.Cookies)
	})
	c.OnResponse(func(r *colly.Response) { r.Ctx.Put(responseKey, r) })
	c.OnError(func(r *colly.Response, _ error) {
		if r != nil && r.Ctx != nil && r.StatusCode != 0 {
			r.Ctx.Put(statusKey, r.StatusCode)
			if r.Headers != nil {
				r.Ctx.Put(retryKey, r.Headers.Get("Retry-After"))
			}
		}
	})
	return c, nil
}

// checkRedirect decides whether a request follows a redirect to req, via
// the requests before it. Colly has already refused a page that this pass
// has read (an AlreadyVisitedError), except the first page of the chain,
// which a site may send a reader back to once it has set a cookie (a
// consent page, say). A redirect back into the chain otherwise, or a chain
// longer than maxRedirects, is ErrRedirectLoop.
func checkRedirect(req *http.Request, via []*http.Request, cookies func(string) []*http.Cookie) error {
	to := req.URL.String()
	seen := 0
	for _, v := range via {
		if v.URL.String() == to {
			seen++
		}
	}
	switch {
	case seen > 1, seen == 1 && (via[0].URL.String() != to || len(cookies(to)) == 0):
		return fmt.Errorf("%w: %s leads back to %s", ErrRedirectLoop, via[len(via)-1].URL, to)
	case len(via) >= maxRedirects:
		return fmt.Errorf("%w: still redirected after %d hops, at %s", ErrRedirectLoop, len(via), to)
	}
	// Credentials stay with the host they were meant for (Colly does the
	// same when it handles redirects itself).
	if req.URL.Host != via[len(via)-1].URL.Host {
		req.Header.Del("Authorization")
	}
	return nil
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
		ra, _ := cctx.GetAny(retryKey).(string)
		return nil, &StatusError{Code: code, RetryAfter: retryAfter(ra, time.Now())}
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
