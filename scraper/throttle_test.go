package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

// A site that answers 429 is not hammered: the pass asks for no further
// page, and its error carries the Retry-After the site gave.
func TestScrapeStopsWhenThrottled(t *testing.T) {
	var articles atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/news/" {
			var b strings.Builder
			b.WriteString("<html><body><main>")
			for i := 1; i <= 8; i++ {
				fmt.Fprintf(&b, `<a class="h" href="/news/%d">story %d</a>`, i, i)
			}
			b.WriteString("</main></body></html>")
			fmt.Fprint(w, b.String())
			return
		}
		if n := articles.Add(1); n == 2 {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "<html><body><article><p>A long enough paragraph of article text for the scraper to keep.</p></article></body></html>")
	}))
	defer srv.Close()

	s := New(Config{Delay: time.Millisecond, Parallelism: 1})
	read := 0
	st, err := s.Scrape(context.Background(), Source{Name: "t", URL: srv.URL + "/news/", Links: "a.h"}, func(context.Context, raqib.Article) error {
		read++
		return nil
	})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusTooManyRequests || se.RetryAfter != 120*time.Second || !se.Throttled() {
		t.Fatalf("error %v, want a 429 StatusError with Retry-After 120s", err)
	}
	if n := articles.Load(); n > 3 {
		t.Errorf("%d article requests after the 429, want at most the one in flight", n)
	}
	if st.Listed != 8 || read == 0 {
		t.Errorf("listed %d, read %d", st.Listed, read)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"30", 30 * time.Second}, {"-5", 0}, {"soon", 0},
		{"Fri, 27 Nov 2026 12:02:00 GMT", 2 * time.Minute},
		{"Fri, 27 Nov 2026 11:00:00 GMT", 0},
	} {
		if got := retryAfter(tc.in, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// A time the page wrote without a zone is the site's wall clock: read in
// the configured zone, a 22:30 Baghdad story stays on its day.
func TestZonelessTimes(t *testing.T) {
	baghdad := time.FixedZone("Asia/Baghdad", 3*3600)
	for _, tc := range []struct {
		in      string
		wantDay string
		zoned   bool
	}{
		{"2026-11-27 22:30", "2026-11-27", false},
		{"2026/11/27 22:30", "2026-11-27", false},
		{"2026-11-27T23:15", "2026-11-27", false},
		{"Fri, 27 Nov 2026 22:30:00 AST", "2026-11-27", false}, // an abbreviation Go does not know
		{"2026-11-27", "2026-11-27", false},
		{"2026-11-27T22:30:00Z", "2026-11-28", true}, // 01:30 in Baghdad
		{"2026-11-27T22:30:00+03:00", "2026-11-27", true},
		{"Fri, 27 Nov 2026 19:30:00 GMT", "2026-11-27", true},
	} {
		got, ok := parseTime(tc.in)
		if !ok {
			t.Errorf("%q does not parse", tc.in)
			continue
		}
		if zoned := got.Location() != Zoneless; zoned != tc.zoned {
			t.Errorf("%q: zoned %v, want %v", tc.in, zoned, tc.zoned)
		}
		if day := InZone(got, baghdad).In(baghdad).Format(time.DateOnly); day != tc.wantDay {
			t.Errorf("%q: day %s in Baghdad, want %s", tc.in, day, tc.wantDay)
		}
	}
}

// A panic while handling one article skips that article; the pass and the
// process go on.
func TestScrapeRecoversPanic(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/news/" {
			fmt.Fprint(w, `<html><body><a class="h" href="/news/1">1</a><a class="h" href="/news/2">2</a></body></html>`)
			return
		}
		fmt.Fprintf(w, "<html><body><article><p>Story %s with enough words in it to count as the article text.</p></article></body></html>", r.URL.Path)
	}))
	defer srv.Close()
	s := New(Config{Delay: time.Millisecond})
	var read atomic.Int32
	st, err := s.ScrapeConcurrent(context.Background(), Source{Name: "t", URL: srv.URL + "/news/", Links: "a.h"}, func(_ context.Context, a raqib.Article) error {
		if strings.HasSuffix(a.URL, "/1") {
			panic("boom")
		}
		read.Add(1)
		return nil
	})
	if err != nil || read.Load() != 1 || st.Errors != 1 {
		t.Errorf("err %v, read %d, errors %d; want the other article read and one error", err, read.Load(), st.Errors)
	}
}
