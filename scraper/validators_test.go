package scraper

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/benchsite"
)

// memValidators is an in-memory Validators.
type memValidators struct {
	mu    sync.Mutex
	m     map[string]raqib.Validator
	saves int // SaveValidators calls
}

func (v *memValidators) Validator(_ context.Context, url string) (string, string, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	x, ok := v.m[url]
	return x.ETag, x.LastModified, ok
}

func (v *memValidators) SaveValidators(_ context.Context, vs ...raqib.Validator) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.saves++
	for _, x := range vs {
		v.m[x.URL] = x
	}
	return nil
}

func TestScrapeConditional(t *testing.T) {
	for _, kind := range []string{"listing", "feed"} {
		t.Run(kind, func(t *testing.T) {
			site := benchsite.New(20, testNow)
			srv := httptest.NewServer(site)
			defer srv.Close()
			v := &memValidators{m: map[string]raqib.Validator{}}
			s := testScraper(t, Config{Validators: v, Parallelism: 4})
			src := Source{Name: "bench", URL: srv.URL + benchsite.ListingPath, Links: "a.headline"}
			if kind == "feed" {
				src = Source{Name: "bench", Feed: srv.URL + benchsite.FeedPath}
			}
			// pass runs one pass, rejecting the articles of reject, and
			// returns the paths handed to fn.
			pass := func(reject ...string) ([]string, Stats) {
				t.Helper()
				var got []string
				st, err := s.Scrape(context.Background(), src, func(_ context.Context, a raqib.Article) error {
					p := a.URL[len(srv.URL):]
					got = append(got, p)
					if slices.Contains(reject, p) {
						return errors.New("rejected")
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				return got, st
			}

			got, st := pass(benchsite.ArticlePath(7))
			if len(got) != 20 || st.NotModified != 0 || st.Unchanged {
				t.Fatalf("first pass: %d articles, stats %+v", len(got), st)
			}
			// Article 7 was rejected: its validators and the listing's are
			// not kept, so the next pass reads the listing again and only
			// article 7 in full.
			got, st = pass()
			if want := []string{benchsite.ArticlePath(7)}; !slices.Equal(got, want) || st.NotModified != 19 {
				t.Fatalf("after a rejection: articles %v, stats %+v; want %v and 19 not modified", got, st, want)
			}
			full, _ := site.Requests()
			got, st = pass()
			if len(got) != 0 || !st.Unchanged || st.Fetched != 0 {
				t.Fatalf("unchanged site: articles %v, stats %+v; want none and Unchanged", got, st)
			}
			if f, _ := site.Requests(); f != full {
				t.Errorf("unchanged site: %d pages served in full, want 0", f-full)
			}

			site.Change()
			got, st = pass()
			want := []string{benchsite.ArticlePath(10), benchsite.ArticlePath(20)}
			if !slices.Equal(got, want) || st.NotModified != 18 || st.Unchanged {
				t.Fatalf("after a change: articles %v, stats %+v; want %v and 18 not modified", got, st, want)
			}
		})
	}
}

// Without Validators every pass reads every page.
func TestScrapeUnconditional(t *testing.T) {
	site := benchsite.New(5, time.Now())
	srv := httptest.NewServer(site)
	defer srv.Close()
	s := testScraper(t, Config{})
	src := Source{Name: "bench", URL: srv.URL + benchsite.ListingPath, Links: "a.headline"}
	for range 2 {
		if got, st, err := scrape(t, s, src); err != nil || len(got) != 5 || st.Unchanged {
			t.Fatalf("pass: %d articles, %+v, %v", len(got), st, err)
		}
	}
	if full, not := site.Requests(); full != 12 || not != 0 {
		t.Errorf("served %d in full and %d not modified, want 12 and 0", full, not)
	}
}
