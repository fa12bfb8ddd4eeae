package benchsite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func get(t *testing.T, url, etag string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestSite(t *testing.T) {
	site := New(30, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := httptest.NewServer(site)
	defer srv.Close()

	resp, body := get(t, srv.URL+ArticlePath(10), "")
	if resp.StatusCode != 200 || len(body) < 55<<10 || len(body) > 70<<10 || !utf8.ValidString(body) {
		t.Fatalf("article: status %d, %d bytes, valid UTF-8 %v", resp.StatusCode, len(body), utf8.ValidString(body))
	}
	if !strings.Contains(body, "<li>قاعدة") || !strings.Contains(body, "application/ld+json") {
		t.Errorf("article lacks its tally list or JSON-LD")
	}
	etag10 := resp.Header.Get("ETag")
	_, listing := get(t, srv.URL+ListingPath, "")
	if n := strings.Count(listing, `class="headline"`); n != 30 {
		t.Errorf("listing links %d articles, want 30", n)
	}
	_, feed := get(t, srv.URL+FeedPath, "")
	if n := strings.Count(feed, "<item>"); n != 30 {
		t.Errorf("feed has %d items, want 30", n)
	}

	if resp, _ := get(t, srv.URL+ArticlePath(10), etag10); resp.StatusCode != http.StatusNotModified {
		t.Errorf("unchanged article: status %d, want 304", resp.StatusCode)
	}
	_, before9 := get(t, srv.URL+ArticlePath(9), "")
	site.Change()
	resp, after := get(t, srv.URL+ArticlePath(10), etag10)
	if resp.StatusCode != 200 || after == body {
		t.Errorf("changed article: status %d, same body %v", resp.StatusCode, after == body)
	}
	_, after9 := get(t, srv.URL+ArticlePath(9), "")
	if before9 != after9 {
		t.Errorf("article 9 changed with the site; only every tenth should")
	}
	if full, not := site.Requests(); full != 6 || not != 1 {
		t.Errorf("Requests() = %d, %d; want 6, 1", full, not)
	}
}

func TestListingSlice(t *testing.T) {
	srv := httptest.NewServer(New(100, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)))
	defer srv.Close()
	tests := []struct {
		query  string
		status int
		first  string
		links  int
	}{
		{"", 200, ArticlePath(1), 100},
		{"?from=21&count=20", 200, ArticlePath(21), 20},
		{"?from=95&count=20", 200, ArticlePath(95), 6},
		{"?count=3", 200, ArticlePath(1), 3},
		{"?from=0", 400, "", 0},
		{"?count=x", 400, "", 0},
	}
	for _, tt := range tests {
		resp, body := get(t, srv.URL+ListingPath+tt.query, "")
		if resp.StatusCode != tt.status {
			t.Errorf("%q: status %d, want %d", tt.query, resp.StatusCode, tt.status)
			continue
		}
		if tt.status != 200 {
			continue
		}
		if n := strings.Count(body, `class="headline"`); n != tt.links {
			t.Errorf("%q: %d links, want %d", tt.query, n, tt.links)
		}
		if i := strings.Index(body, `class="headline" href="`); i < 0 || !strings.HasPrefix(body[i+len(`class="headline" href="`):], tt.first+`"`) {
			t.Errorf("%q: first link is not %s", tt.query, tt.first)
		}
	}
	// Each slice has validators of its own.
	a, _ := get(t, srv.URL+ListingPath+"?from=1&count=20", "")
	b, _ := get(t, srv.URL+ListingPath+"?from=21&count=20", "")
	if a.Header.Get("ETag") == b.Header.Get("ETag") {
		t.Errorf("two slices share the ETag %s", a.Header.Get("ETag"))
	}
}
