package scraper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// ErrTooLarge is the error of a page larger than Config.MaxBodySize.
var ErrTooLarge = errors.New("body exceeds the size limit")

// passTransport is the transport of one pass's collector. It does two
// things Colly does not:
//   - it ties every request to the pass's context, robots.txt included,
//     which Colly fetches with a request of its own that has no context;
//   - it fails a body larger than limit, where Colly's MaxBodySize cuts it
//     short without a word and the page would be read truncated.
//
// It also paces requests per host across passes (gate).
type passTransport struct {
	base  http.RoundTripper
	ctx   context.Context
	limit int64
	gate  *hostGate
	// timeout bounds one request from the moment it has its host's slot.
	timeout time.Duration
	// own are the host:port pairs the pass's source names, which the
	// dialGuard trusts for the pass's requests.
	own map[string]bool
}

func (t *passTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(withTrusted(req.Context(), t.own))
	stop := context.AfterFunc(t.ctx, cancel)
	leave, err := t.gate.enter(ctx, hostKey(req.URL))
	if err != nil {
		stop()
		cancel()
		return nil, err
	}
	ctx, cancelT := context.WithTimeout(ctx, t.timeout)
	release := func() { leave(); stop(); cancelT(); cancel() }
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		release()
		return nil, err
	}
	if resp.ContentLength > t.limit {
		resp.Body.Close()
		release()
		return nil, fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, resp.ContentLength, t.limit)
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.limit, release: release}
	return resp, nil
}

// limitedBody fails the read that passes the limit. Its Close releases the
// request's context.
type limitedBody struct {
	rc      io.ReadCloser
	left    int64
	release func()
	once    sync.Once
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1] // one byte more than allowed is enough to know
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error {
	err := b.rc.Close()
	b.once.Do(b.release)
	return err
}

// hostKey is the gate's name of a request's host: the host name without
// its port, in lower case, as a redirect's Location may write it otherwise
// (Colly normalizes only the URLs it is given).
func hostKey(u *url.URL) string { return strings.ToLower(u.Hostname()) }
