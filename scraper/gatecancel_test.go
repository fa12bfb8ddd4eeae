package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

// A pass cancelled while it waits for its host's slot returns at once, and
// gives up its place.
func TestCancelWhileWaitingForSlot(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a/" {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}
		fmt.Fprint(w, "<html><body><main><a class=h href=1>x</a></main></body></html>")
	}))
	defer srv.Close()
	defer close(hang)
	s := New(Config{Delay: 10 * time.Millisecond, Parallelism: 1, Timeout: time.Minute})
	actx, acancel := context.WithCancel(context.Background())
	defer acancel()
	aDone := make(chan struct{})
	go func() {
		defer close(aDone)
		s.Scrape(actx, Source{Name: "a", URL: srv.URL + "/a/", Links: "a.h"}, func(context.Context, raqib.Article) error { return nil })
	}()
	time.Sleep(100 * time.Millisecond) // a holds the site's one slot

	bctx, bcancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, bcancel)
	start := time.Now()
	_, err := s.Scrape(bctx, Source{Name: "b", URL: srv.URL + "/b/", Links: "a.h"}, func(context.Context, raqib.Article) error { return nil })
	if d := time.Since(start); err == nil || d > 2*time.Second {
		t.Errorf("pass b, cancelled while waiting for the slot: %v after %s; want an error right after the cancel", err, d)
	}

	acancel()
	<-aDone
	deadline := time.Now().Add(2 * time.Second)
	for {
		s.gate.mu.Lock()
		n := len(s.gate.hosts)
		s.gate.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d hosts still tracked after both passes ended", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
