package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

func TestHostKey(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example.com/a":         "news.example.com",
		"HTTPS://News.Example.COM:443/after": "news.example.com",
		"http://news.example.com:8080/b":     "news.example.com",
		"https://xn--mgbh0fb.example/c":      "xn--mgbh0fb.example",
		"http://[::1]:80/d":                  "::1",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostKey(u); got != want {
			t.Errorf("hostKey(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestHostGate(t *testing.T) {
	const delay = 40 * time.Millisecond
	g := newHostGate(2, delay)
	ctx := context.Background()
	leaveA, err := g.enter(ctx, "a.example")
	if err != nil {
		t.Fatal(err)
	}
	leaveB, _ := g.enter(ctx, "a.example")
	leaveOther, err := g.enter(ctx, "b.example") // other hosts do not wait
	if err != nil {
		t.Fatal(err)
	}
	leaveOther()

	// A third request to a.example waits for a slot, and gives up with
	// its context.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := g.enter(short, "a.example"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("third request with both slots taken: %v, want the context's deadline", err)
	}

	// A slot frees delay after its response was read, not before.
	left := time.Now()
	leaveA()
	leaveA() // once only
	leaveC, err := g.enter(ctx, "a.example")
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(left); waited < delay {
		t.Errorf("the freed slot was taken after %s, want at least the delay %s", waited, delay)
	}
	leaveB()
	leaveC()

	// Hosts nobody uses any more are forgotten.
	deadline := time.Now().Add(2 * time.Second)
	for {
		g.mu.Lock()
		n := len(g.hosts)
		g.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d hosts still tracked after every request left", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sections serves a site of several sections: /NAME/ lists three
// articles, /NAME/1 to /NAME/3.
func sections(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case strings.HasSuffix(r.URL.Path, "/"):
		var b strings.Builder
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&b, `<a class="h" href="%s%d">story %d</a>`, r.URL.Path, i, i)
		}
		fmt.Fprintf(w, "<html><body><main>%s</main></body></html>", b.String())
	default:
		fmt.Fprint(w, "<html><body><article><p>A long enough paragraph of article text for the scraper to keep.</p></article></body></html>")
	}
}

// Two sources on one site, passing at the same time, share the site's
// budget: one request in flight at a time with parallelism 1, each at
// least delay after the previous one ended.
func TestPolitenessAcrossSources(t *testing.T) {
	const delay = 30 * time.Millisecond
	var mu sync.Mutex
	inFlight, most := 0, 0
	var lastEnd time.Time
	var gaps []time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if !lastEnd.IsZero() {
			gaps = append(gaps, time.Since(lastEnd))
		}
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight--
			lastEnd = time.Now()
			mu.Unlock()
		}()
		time.Sleep(2 * time.Millisecond)
		sections(w, r)
	}))
	defer srv.Close()

	s := New(Config{Delay: delay, Parallelism: 1})
	var wg sync.WaitGroup
	for _, section := range []string{"ar", "en"} {
		wg.Go(func() {
			_, err := s.Scrape(context.Background(), Source{Name: section, URL: srv.URL + "/" + section + "/", Links: "a.h"},
				func(context.Context, raqib.Article) error { return nil })
			if err != nil {
				t.Errorf("%s: %v", section, err)
			}
		})
	}
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if most != 1 {
		t.Errorf("%d requests to the site in flight at once, want 1", most)
	}
	if len(gaps) != 7 {
		t.Fatalf("%d requests after the first, want 7 more of the 2 listings and 6 articles", len(gaps))
	}
	for i, g := range gaps {
		// A little slack: the gap is measured from the handler's end, a
		// moment before the client has read the response.
		if g < delay-5*time.Millisecond {
			t.Errorf("request %d came %s after the previous one ended, want at least %s", i+2, g, delay)
		}
	}
}
