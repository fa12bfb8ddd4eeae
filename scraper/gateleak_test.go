package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Every way a request can end must give its slot back: after the delay,
// the gate forgets every host.
func TestGateNoLeak(t *testing.T) {
	const delay = 10 * time.Millisecond
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body><p>other host</p></body></html>")
	}))
	defer other.Close()
	hang := make(chan struct{})
	defer close(hang)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case "/redir":
			http.Redirect(w, r, "/redir2", http.StatusFound)
		case "/redir2":
			http.Redirect(w, r, "/page", http.StatusMovedPermanently)
		case "/redir-other":
			http.Redirect(w, r, other.URL+"/x", http.StatusFound)
		case "/redir-upper":
			http.Redirect(w, r, strings.Replace(srv.URL, "127.0.0.1", "127.0.0.1.", 1)+"/page2", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop?"+r.URL.RawQuery+"x", http.StatusFound)
		case "/big":
			w.Header().Set("Content-Length", "100000")
			w.Write(make([]byte, 100000))
		case "/bigchunked":
			for range 100 {
				w.Write(make([]byte, 1000))
				w.(http.Flusher).Flush()
			}
		case "/etag":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprint(w, "<p>x</p>")
		case "/500":
			http.Error(w, "boom", 500)
		case "/429":
			w.Header().Set("Retry-After", "5")
			http.Error(w, "slow", 429)
		case "/hang":
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		case "/hijack":
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		default:
			fmt.Fprint(w, "<html><body><p>page</p></body></html>")
		}
	}))
	defer srv.Close()

	cfg := Config{Delay: delay, Parallelism: 1, MaxBodySize: 10000, Timeout: 2 * time.Second}
	cfg.setDefaults()
	s := New(cfg)
	ctx := context.Background()
	c, err := newCollector(ctx, s.cfg, s.transport, s.gate, Source{Robots: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/page", "/redir", "/redir-other", "/redir-upper", "/loop", "/big", "/bigchunked", "/500", "/429", "/hijack", "/private", "/redir2", "/nosuch"} {
		_, err := fetch(c, srv.URL+p, nil)
		t.Logf("%s: %v", p, err)
	}
	hdr := http.Header{"If-None-Match": {`"v1"`}}
	_, err = fetch(c, srv.URL+"/etag", hdr)
	t.Logf("/etag 304: %v", err)
	if err := c.Head(srv.URL + "/page"); err != nil {
		t.Logf("HEAD: %v", err)
	}
	// Cancelled in the middle of a body.
	cctx, cancel := context.WithCancel(ctx)
	c2, _ := newCollector(cctx, s.cfg, s.transport, s.gate, Source{})
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = fetch(c2, srv.URL+"/hang", nil)
	t.Logf("/hang cancelled: %v", err)
	// Timeout in the middle of a body.
	cfg2 := cfg
	cfg2.Timeout = 100 * time.Millisecond
	c3, _ := newCollector(ctx, cfg2, s.transport, s.gate, Source{})
	_, err = fetch(c3, srv.URL+"/hang", nil)
	t.Logf("/hang timeout: %v", err)

	deadline := time.Now().Add(2 * time.Second)
	for {
		s.gate.mu.Lock()
		var left []string
		for h, hs := range s.gate.hosts {
			left = append(left, fmt.Sprintf("%s users=%d held=%d", h, hs.users, len(hs.slots)))
		}
		s.gate.mu.Unlock()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("slots still held: %v", left)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
