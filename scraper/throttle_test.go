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
