package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

// Waiting for a host's slot does not count against the request's Timeout:
// four sections of one site passing together queue longer than Timeout,
// and the server answers every request at once.
func TestGateWaitIsNotTimedOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(sections))
	defer srv.Close()

	// Delay 100ms, Timeout 250ms: a request alone never comes near it.
	s := New(Config{Delay: 100 * time.Millisecond, Parallelism: 1, Timeout: 250 * time.Millisecond})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []string
	for _, section := range []string{"a", "b", "c", "d"} {
		wg.Go(func() {
			st, err := s.Scrape(context.Background(), Source{Name: section, URL: srv.URL + "/" + section + "/", Links: "a.h"},
				func(context.Context, raqib.Article) error { return nil })
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: pass failed: %v", section, err))
			} else if st.Errors > 0 {
				errs = append(errs, fmt.Sprintf("%s: %d of %d articles failed", section, st.Errors, st.Listed))
			}
		})
	}
	wg.Wait()
	for _, e := range errs {
		t.Error(e)
	}
}
