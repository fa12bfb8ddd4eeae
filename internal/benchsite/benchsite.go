// Package benchsite is a synthetic Arabic news site for benchmarks, served on
// loopback: N article pages of about 60 KB each (a head with meta tags and
// JSON-LD, a navigation menu, an article of a dozen paragraphs with a tally
// list, a related-news aside and a footer), a listing page linking all N (or
// the slice ?from=K&count=M), an
// RSS feed, and ETag / Last-Modified validators answered with 304 Not
// Modified. Change rewrites every tenth article, as a site does when it
// updates its day's tallies.
//
// Pages are rendered on request from the article number and the site's
// generation, so the site holds no page in memory and every request sees
// the same bytes until Change.
//
//	site := benchsite.New(1000, time.Now())
//	srv := httptest.NewServer(site)
//	// listing: srv.URL + benchsite.ListingPath, feed: srv.URL + benchsite.FeedPath
package benchsite

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Paths of the site's pages.
const (
	ListingPath = "/news/"
	FeedPath    = "/rss.xml"
	articleDir  = "/news/"
)

// articleSpacing is the time between two consecutive articles' publication:
// article i was published i*articleSpacing before the site's start.
const articleSpacing = 7 * time.Minute

// Site is the synthetic news site. Its methods are safe for concurrent use.
type Site struct {
	n     int
	start time.Time
	gen   atomic.Int64
	hits  atomic.Int64 // requests answered with a body
	not   atomic.Int64 // requests answered 304
}

// New returns a site of n articles, the newest published at start.
func New(n int, start time.Time) *Site {
	return &Site{n: n, start: start.UTC().Truncate(time.Second)}
}

// N is the number of articles.
func (s *Site) N() int { return s.n }

// Change rewrites every tenth article (a count rises and a site is added to
// its tally list) and the listing and feed with them; their validators
// change, the others' stay.
func (s *Site) Change() { s.gen.Add(1) }

// Requests returns how many requests were answered with a page and how many
// with 304 Not Modified.
func (s *Site) Requests() (full, notModified int64) { return s.hits.Load(), s.not.Load() }

// ArticlePath is the path of article i (1-based).
func ArticlePath(i int) string { return articleDir + strconv.Itoa(i) + ".html" }

// ServeHTTP serves the listing, the feed and the articles.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	gen := int(s.gen.Load())
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case p == ListingPath:
		from, to, ok := s.span(r)
		if !ok {
			http.Error(w, "bad from or count", http.StatusBadRequest)
			return
		}
		key := "l" + strconv.Itoa(from) + "-" + strconv.Itoa(to)
		s.serve(w, r, "text/html; charset=utf-8", key, gen, s.start.Add(time.Duration(gen)*time.Minute), func(b *strings.Builder) { s.listing(b, gen, from, to) })
	case p == FeedPath:
		s.serve(w, r, "application/rss+xml; charset=utf-8", "f", gen, s.start.Add(time.Duration(gen)*time.Minute), func(b *strings.Builder) { s.feed(b, gen, "http://"+r.Host) })
	case strings.HasPrefix(p, articleDir) && strings.HasSuffix(p, ".html"):
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, articleDir), ".html"))
		if err != nil || i < 1 || i > s.n {
			http.NotFound(w, r)
			return
		}
		g := s.articleGen(i, gen)
		s.serve(w, r, "text/html; charset=utf-8", "a"+strconv.Itoa(i), g, s.published(i).Add(time.Duration(g)*time.Minute), func(b *strings.Builder) { s.article(b, i, g) })
	default:
		http.NotFound(w, r)
	}
}

// span reads the listing's optional query, from=K (1-based) and count=M:
// the listing then links articles K to K+M-1 only, so that many sources can
// watch one site, each its own slice (scripts/idle.sh).
func (s *Site) span(r *http.Request) (from, to int, ok bool) {
	from, to = 1, s.n
	q := r.URL.Query()
	if v := q.Get("from"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 {
			return 0, 0, false
		}
		from = k
	}
	if v := q.Get("count"); v != "" {
		m, err := strconv.Atoi(v)
		if err != nil || m < 0 {
			return 0, 0, false
		}
		to = min(s.n, from+m-1)
	}
	return from, to, true
}

// serve answers 304 when the request's validators match, else the page.
func (s *Site) serve(w http.ResponseWriter, r *http.Request, ctype, key string, gen int, modified time.Time, render func(*strings.Builder)) {
	etag := `"` + key + "-g" + strconv.Itoa(gen) + `"`
	lastMod := modified.UTC().Format(http.TimeFormat)
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", lastMod)
	h.Set("Cache-Control", "max-age=0")
	inm := r.Header.Get("If-None-Match")
	ims := r.Header.Get("If-Modified-Since")
	if (inm != "" && inm == etag) || (inm == "" && ims != "" && ims == lastMod) {
		s.not.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var b strings.Builder
	b.Grow(64 << 10)
	render(&b)
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	s.hits.Add(1)
	if r.Method == http.MethodHead {
		return
	}
	w.Write([]byte(b.String()))
}

// articleGen is the generation of article i's content: only every tenth
// article changes with the site.
func (s *Site) articleGen(i, gen int) int {
	if i%10 == 0 {
		return gen
	}
	return 0
}

func (s *Site) published(i int) time.Time {
	return s.start.Add(-time.Duration(i-1) * articleSpacing)
}

func (s *Site) title(i int) string {
	base := bases[i%len(bases)]
	return fmt.Sprintf("المقاومة الإسلامية تعلن استهداف %s (تقرير %d)", base, i)
}
