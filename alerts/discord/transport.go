package discord

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// rewriter is the RoundTripper of the session's client. discordgo builds
// every URL from its package-level EndpointAPI (https://discord.com/api/v9/),
// which must not be mutated (it is shared by every session in the process),
// so requests are moved onto the configured base here instead. It also
// records each answer's status and headers for the caller (discordgo's
// errors lose them for some statuses) and drops malformed rate-limit headers
// that would make discordgo fail a request Discord accepted.
type rewriter struct {
	next    http.RoundTripper
	from    *url.URL // discordgo's API base
	to      *url.URL // the configured base
	fromDir string   // from.Path without the trailing slash
}

func newRewriter(next http.RoundTripper, to *url.URL) (*rewriter, error) {
	if next == nil {
		next = http.DefaultTransport
	}
	from, err := url.Parse(discordgo.EndpointAPI)
	if err != nil {
		return nil, fmt.Errorf("parse discordgo.EndpointAPI: %w", err)
	}
	return &rewriter{next: next, from: from, to: to, fromDir: strings.TrimSuffix(from.Path, "/")}, nil
}

func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL
	if u.Scheme == t.from.Scheme && u.Host == t.from.Host && strings.HasPrefix(u.Path, t.fromDir+"/") {
		// RoundTrippers must not modify the request they are given.
		req = req.Clone(req.Context())
		req.URL.Scheme = t.to.Scheme
		req.URL.Host = t.to.Host
		req.URL.Path = t.to.Path + strings.TrimPrefix(u.Path, t.fromDir)
		req.URL.RawPath = ""
		req.Host = ""
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	sanitizeRateLimitHeaders(resp.Header)
	if rec, ok := req.Context().Value(recordKey{}).(*record); ok {
		rec.status = resp.StatusCode
		rec.header = resp.Header.Clone()
	}
	return resp, nil
}

// record is where RoundTrip leaves the answer of one Notify's request.
type record struct {
	status int
	header http.Header
}

type recordKey struct{}

func withRecord(ctx context.Context, rec *record) context.Context {
	return context.WithValue(ctx, recordKey{}, rec)
}

// maxReset caps how long a rate-limit header may ask to wait: beyond it the
// header is more likely broken than meant.
const maxReset = 3600.0

// sanitizeRateLimitHeaders drops X-RateLimit-* values discordgo cannot use.
// Bucket.Release returns a parse error for them, and RequestWithLockedBucket
// then returns that error without the body, even on a 200: the message
// would be posted and reported failed, and sent again on retry. A proxy
// ("any Discord-compatible host") may well send such values.
func sanitizeRateLimitHeaders(h http.Header) {
	if v := h.Get("X-RateLimit-Remaining"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 32); err != nil || n < 0 {
			h.Del("X-RateLimit-Remaining")
		}
	}
	if v := h.Get("X-RateLimit-Reset-After"); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err != nil || math.IsNaN(f) || f < 0 {
			h.Del("X-RateLimit-Reset-After")
		} else if f > maxReset {
			h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(maxReset, 'f', -1, 64))
		}
	}
	// X-RateLimit-Reset is only read without Reset-After, and then needs a
	// valid Date header to compare with.
	if v := h.Get("X-RateLimit-Reset"); v != "" && h.Get("X-RateLimit-Reset-After") == "" {
		f, err := strconv.ParseFloat(v, 64)
		_, derr := http.ParseTime(h.Get("Date"))
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || derr != nil {
			h.Del("X-RateLimit-Reset")
		}
	}
}
