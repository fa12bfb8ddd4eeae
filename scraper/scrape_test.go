package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/raqib/raqib"
)

// testSite is an httptest server that counts the requests per path and
// keeps the User-Agents it saw.
type testSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	uas  map[string]bool
}

func newTestSite(t *testing.T, mux *http.ServeMux) *testSite {
	t.Helper()
	s := &testSite{hits: map[string]int{}, uas: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.uas[r.UserAgent()] = true
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// readTestdata returns a testdata file.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serve answers with body, {{BASE}} replaced by the server's URL.
func serve(body []byte, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(bytes.ReplaceAll(body, []byte("{{BASE}}"), []byte("http://"+r.Host)))
	}
}

// listingOf is a listing page linking to paths.
func listingOf(paths ...string) http.HandlerFunc {
	var b strings.Builder
	b.WriteString("<html><body><main>")
	for _, p := range paths {
		fmt.Fprintf(&b, "<p><a href=%q>story %s</a></p>\n", p, p)
	}
	b.WriteString("</main></body></html>")
	return serve([]byte(b.String()), "text/html; charset=utf-8")
}

// smallArticle serves a short article whose title is its path.
func smallArticle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<html><head><title>%s</title></head><body><article><p>Two rockets hit the base at %s, officials said.</p></article></body></html>", r.URL.Path, r.URL.Path)
}

var testNow = time.Date(2024, 2, 20, 12, 0, 0, 0, time.UTC)

// testScraper is a Scraper with a tiny delay whose logs go to the test.
func testScraper(t *testing.T, cfg Config) *Scraper {
	t.Helper()
	if cfg.Delay == 0 {
		cfg.Delay = time.Millisecond
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Now = func() time.Time { return testNow }
	return New(cfg)
}

// scrape runs one pass and returns the articles by URL.
func scrape(t *testing.T, s *Scraper, src Source) (map[string]raqib.Article, Stats, error) {
	t.Helper()
	got := map[string]raqib.Article{}
	st, err := s.Scrape(context.Background(), src, func(_ context.Context, a raqib.Article) error {
		if _, dup := got[a.URL]; dup {
			t.Errorf("article %s handed over twice", a.URL)
		}
		got[a.URL] = a
		return nil
	})
	return got, st, err
}

func keys(m map[string]raqib.Article) []string {
	var k []string
	for u := range m {
		k = append(k, u)
	}
	slices.Sort(k)
	return k
}

// newsSite serves testdata/site/listing.html at /news/ and the corpus pages
// it links to.
func newsSite(t *testing.T) *testSite {
	mux := http.NewServeMux()
	mux.Handle("/news/", serve(readTestdata(t, "site/listing.html"), "text/html; charset=utf-8"))
	mux.Handle("/iraq/2024/01/21/ain-al-asad-victory-attacks", serve(readTestdata(t, "ar-utf8-31.html"), "text/html; charset=utf-8"))
	// Declared only in <meta charset="windows-1256">.
	mux.Handle("/security/2024/02/06/embassy-mortar-daily-toll", serve(readTestdata(t, "ar-windows1256-32.html"), "text/html"))
	mux.Handle("/middle-east/2024/02/11/tower-22-al-tanf-drones", serve(readTestdata(t, "en-33.html"), "text/html; charset=utf-8"))
	mux.Handle("/iraq/harir-base-comes-under-drone-attack", serve(readTestdata(t, "largest-block.html"), "text/html; charset=utf-8"))
	mux.HandleFunc("/", http.NotFound)
	return newTestSite(t, mux)
}

// TestScrapeListing follows a listing's article links and leaves out the
// nav, header and footer links, the related and most-read blocks, other
// hosts, fragments, mailto: and the listing itself.
func TestScrapeListing(t *testing.T) {
	site := newsSite(t)
	s := testScraper(t, Config{UserAgent: "raqib/test (+https://github.com/raqib/raqib)"})
	got, st, err := scrape(t, s, Source{Name: "rafidain", URL: site.URL + "/news/", Lang: "ar", Robots: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		site.URL + "/iraq/2024/01/21/ain-al-asad-victory-attacks",
		site.URL + "/iraq/harir-base-comes-under-drone-attack",
		site.URL + "/middle-east/2024/02/11/tower-22-al-tanf-drones",
		site.URL + "/security/2024/02/06/embassy-mortar-daily-toll",
	}
	if !slices.Equal(keys(got), want) {
		t.Fatalf("articles:\n got %q\nwant %q", keys(got), want)
	}
	if want := (Stats{Listed: 4, Fetched: 4, Articles: 4}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	for u, a := range got {
		if a.Source != "rafidain" || a.Lang != "ar" || !a.Fetched.Equal(testNow) || a.Title == "" || a.Text == "" {
			t.Errorf("%s: article %+v", u, a)
		}
	}
	embassy := got[site.URL+"/security/2024/02/06/embassy-mortar-daily-toll"]
	if !strings.Contains(embassy.Text, "\nقاعدة عين الأسد: ثلاث عمليات\n") {
		t.Errorf("windows-1256 page text:\n%s", embassy.Text)
	}
	checkTime(t, embassy.Published, "2024-02-06T06:25:00+03:00")
	for _, p := range []string{"/iraq", "/security/2024/02/01/nav-pinned-story", "/iraq/2024/01/18/embassy-mortars",
		"/iraq/2024/01/16/harir-three-attacks", "/archive/2023/12/31/footer-story", "/tag/ain-al-asad"} {
		if n := site.hitsOf(p); n != 0 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	if n := site.hitsOf("/security/2024/02/06/embassy-mortar-daily-toll"); n != 1 {
		t.Errorf("duplicate link fetched %d times", n)
	}
	if !site.uas["raqib/test (+https://github.com/raqib/raqib)"] || len(site.uas) != 1 {
		t.Errorf("User-Agents seen: %v", site.uas)
	}
}

func TestScrapeLinksAndFollow(t *testing.T) {
	site := newsSite(t)
	tests := []struct {
		name string
		src  Source
		want []string
	}{
		{
			name: "links selector",
			src:  Source{Links: "h2.headline a"},
			want: []string{"/iraq/2024/01/21/ain-al-asad-victory-attacks", "/middle-east/2024/02/11/tower-22-al-tanf-drones", "/security/2024/02/06/embassy-mortar-daily-toll"},
		},
		{
			name: "follow regexp",
			src:  Source{Follow: regexp.MustCompile(`/(iraq|security)/\d{4}/`)},
			want: []string{"/iraq/2024/01/21/ain-al-asad-victory-attacks", "/security/2024/02/06/embassy-mortar-daily-toll"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			src.Name, src.URL = "test", site.URL+"/news/"
			got, _, err := scrape(t, testScraper(t, Config{}), src)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, p := range tt.want {
				want = append(want, site.URL+p)
			}
			if !slices.Equal(keys(got), want) {
				t.Errorf("articles:\n got %q\nwant %q", keys(got), want)
			}
		})
	}
}

// TestScrapeCharset reads the windows-1256 corpus page declared in the
// header, in the meta only, in both (Colly converts the body, and the meta
// must not be applied again), and in the header of a page without meta.
func TestScrapeCharset(t *testing.T) {
	raw := readTestdata(t, "ar-windows1256-32.html")
	noMeta := bytes.Replace(raw, []byte(`<meta charset="windows-1256">`), nil, 1)
	if bytes.Equal(noMeta, raw) {
		t.Fatal("corpus page has no meta charset to remove")
	}
	utf8Page, err := charmap.Windows1256.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"meta only", raw, "text/html"},
		{"header and meta", raw, "text/html; charset=windows-1256"},
		{"header only", noMeta, "text/html; charset=windows-1256"},
		{"header alias, no meta", noMeta, "text/html; charset=CP1256"},
		{"no declaration at all", noMeta, "text/html"},
		{"UTF-8 page whose meta still says windows-1256", utf8Page, "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("/news/", listingOf("/a/2024/02/06/1"))
			mux.Handle("/a/2024/02/06/1", serve(tt.body, tt.contentType))
			site := newTestSite(t, mux)
			got, _, err := scrape(t, testScraper(t, Config{}), Source{Name: "dijla", URL: site.URL + "/news/"})
			if err != nil {
				t.Fatal(err)
			}
			a, ok := got[site.URL+"/a/2024/02/06/1"]
			if !ok {
				t.Fatalf("no article; got %q", keys(got))
			}
			if a.Title != "قذيفتا هاون تسقطان داخل مجمع السفارة الأمريكية في بغداد" {
				t.Errorf("Title = %q", a.Title)
			}
			if !strings.Contains(a.Text, "\nقاعدة عين الأسد: ثلاث عمليات\n") {
				t.Errorf("text:\n%s", a.Text)
			}
		})
	}
}

// TestScrapeFeeds reads RSS and Atom feeds: item links on the site, a
// duplicate (with a fragment) read once, a relative link resolved, and the
// feed's title and date used for a page that gives none. The windows-1256
// RSS is served with and without a header charset.
func TestScrapeFeeds(t *testing.T) {
	tests := []struct {
		file, contentType string
		bareDate          string
	}{
		{"site/feed.rss", "application/rss+xml; charset=utf-8", "2024-02-20T08:00:00+03:00"},
		{"site/feed.atom", "application/atom+xml", "2024-02-20T05:00:00Z"},
		{"site/feed-1256.rss", "application/rss+xml", "2024-02-20T08:00:00+03:00"},
		{"site/feed-1256.rss", "application/rss+xml; charset=windows-1256", "2024-02-20T08:00:00+03:00"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.contentType, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("/feed", serve(readTestdata(t, tt.file), tt.contentType))
			mux.Handle("/iraq/2024/01/21/ain-al-asad-victory-attacks", serve(readTestdata(t, "ar-utf8-31.html"), "text/html; charset=utf-8"))
			mux.Handle("/middle-east/2024/02/11/tower-22-al-tanf-drones", serve(readTestdata(t, "en-33.html"), "text/html; charset=utf-8"))
			mux.Handle("/bare/2024/02/20/harir", serve(readTestdata(t, "site/bare.html"), "text/html; charset=utf-8"))
			site := newTestSite(t, mux)
			got, st, err := scrape(t, testScraper(t, Config{}), Source{Name: "feed", Feed: site.URL + "/feed"})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{
				site.URL + "/bare/2024/02/20/harir",
				site.URL + "/iraq/2024/01/21/ain-al-asad-victory-attacks",
				site.URL + "/middle-east/2024/02/11/tower-22-al-tanf-drones",
			}
			if !slices.Equal(keys(got), want) {
				t.Fatalf("articles:\n got %q\nwant %q", keys(got), want)
			}
			if want := (Stats{Listed: 3, Fetched: 3, Articles: 3}); st != want {
				t.Errorf("stats = %+v, want %+v", st, want)
			}
			bare := got[site.URL+"/bare/2024/02/20/harir"]
			if bare.Title != "هجومان على قاعدة حرير" {
				t.Errorf("title from the feed = %q", bare.Title)
			}
			checkTime(t, bare.Published, tt.bareDate)
			// The page's own date wins over the feed's.
			checkTime(t, got[site.URL+"/iraq/2024/01/21/ain-al-asad-victory-attacks"].Published, "2024-01-21T09:40:00+03:00")
		})
	}
}

// TestScrapeBrokenPages skips a 500, a 404, two oversized pages (with and
// without Content-Length), an image and a page without text, logging each,
// and reads the one good page.
func TestScrapeBrokenPages(t *testing.T) {
	const limit = 64 << 10
	big := "<html><body><article><p>" + strings.Repeat("كبير ", limit/5) + "</p></article></body></html>"
	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf("/a/2024/1", "/a/2024/2", "/a/2024/3", "/a/2024/4", "/a/2024/5", "/a/2024/6", "/a/2024/7"))
	mux.HandleFunc("/a/2024/1", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/a/2024/2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write([]byte(big))
	})
	mux.HandleFunc("/a/2024/3", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for i := 0; i < len(big); i += 4096 { // chunked: no Content-Length
			w.Write([]byte(big[i:min(i+4096, len(big))]))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/a/2024/4", smallArticle)
	mux.HandleFunc("/a/2024/5", http.NotFound)
	mux.Handle("/a/2024/6", serve([]byte("\x89PNG\r\n\x1a\n"), "image/png"))
	mux.Handle("/a/2024/7", serve([]byte("<html><body><nav><a href='/'>Home</a></nav></body></html>"), "text/html"))
	site := newTestSite(t, mux)

	got, st, err := scrape(t, testScraper(t, Config{MaxBodySize: limit}), Source{Name: "broken", URL: site.URL + "/news/"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{site.URL + "/a/2024/4"}; !slices.Equal(keys(got), want) {
		t.Errorf("articles = %q, want %q", keys(got), want)
	}
	if st.LastError == "" {
		t.Error("stats give no LastError")
	}
	st.LastError = "" // which page's is last depends on the workers
	if want := (Stats{Listed: 7, Fetched: 3, Articles: 1, Errors: 6}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
}

// TestScrapeRedirectRevisits: an article that redirects to a page the pass
// has read (another listed article, the listing) is read once and counted
// nowhere; one whose redirects loop back on themselves is a broken page.
func TestScrapeRedirectRevisits(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf("/a/2024/1", "/a/2024/2", "/a/2024/3", "/a/2024/4"))
	mux.HandleFunc("/a/2024/1", smallArticle)
	mux.HandleFunc("/a/2024/2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/a/2024/1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/a/2024/3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/3", http.StatusFound) })
	mux.HandleFunc("/loop/3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a/2024/3", http.StatusFound) })
	mux.HandleFunc("/a/2024/4", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/news/", http.StatusFound) })
	site := newTestSite(t, mux)

	// One page at a time, so that /a/2024/1 is read before /a/2024/2 asks
	// for it again; the verdict waits for every page anyway.
	got, st, err := scrape(t, testScraper(t, Config{Parallelism: 1}), Source{Name: "redirects", URL: site.URL + "/news/"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{site.URL + "/a/2024/1"}; !slices.Equal(keys(got), want) {
		t.Errorf("articles = %q, want %q", keys(got), want)
	}
	if !strings.Contains(st.LastError, "redirect loop") {
		t.Errorf("LastError %q does not name the loop", st.LastError)
	}
	st.LastError = ""
	if want := (Stats{Listed: 4, Fetched: 1, Articles: 1, Errors: 1}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
}

func TestScrapeListingFails(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	site := newTestSite(t, mux)
	_, err := testScraper(t, Config{}).Scrape(context.Background(), Source{Name: "down", URL: site.URL + "/news/"},
		func(context.Context, raqib.Article) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `source "down"`) || !strings.Contains(err.Error(), "503") {
		t.Errorf("error = %v", err)
	}
}

// TestScrapeCancel cancels passes stalled on article pages and on
// robots.txt (which Colly fetches without a context): Scrape must return
// ctx's error long before the request timeout.
func TestScrapeCancel(t *testing.T) {
	tests := []struct {
		name   string
		robots bool
		stall  string // path that never answers
	}{
		{"stalled articles", false, "/slow/"},
		{"stalled robots.txt", true, "/robots.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			mux := http.NewServeMux()
			mux.Handle("/news/", listingOf("/a/2024/0", "/slow/2024/1", "/slow/2024/2", "/slow/2024/3", "/slow/2024/4"))
			mux.HandleFunc("/a/", smallArticle)
			mux.HandleFunc(tt.stall, func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-release:
				}
			})
			site := newTestSite(t, mux)
			defer close(release) // before site.Close, which waits for handlers

			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			s := testScraper(t, Config{Timeout: 30 * time.Second, Parallelism: 2})
			start := time.Now()
			var calls int
			_, err := s.Scrape(ctx, Source{Name: "slow", URL: site.URL + "/news/", Robots: tt.robots},
				func(ctx context.Context, a raqib.Article) error {
					calls++
					if ctx.Err() != nil {
						t.Errorf("fn called after cancellation")
					}
					return nil
				})
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("Scrape took %s after cancellation", elapsed)
			}
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), `source "slow"`) {
				t.Errorf("error = %v, want the source's context error", err)
			}
			if !tt.robots && calls > 1 {
				t.Errorf("fn called %d times", calls)
			}
		})
	}
}

// TestScrapeRobots honours a robots.txt group written for raqib (over the
// * group that disallows everything), counts the blocked links, and ignores
// robots.txt when Robots is false.
func TestScrapeRobots(t *testing.T) {
	const robots = "User-agent: *\nDisallow: /\n\nUser-agent: raqib\nDisallow: /private/\n"
	tests := []struct {
		name    string
		robots  bool
		want    []string
		blocked int
	}{
		{"honoured", true, []string{"/open/2024/1"}, 1},
		{"ignored", false, []string{"/open/2024/1", "/private/2024/2"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("/robots.txt", serve([]byte(robots), "text/plain"))
			mux.Handle("/news/", listingOf("/open/2024/1", "/private/2024/2"))
			mux.HandleFunc("/open/", smallArticle)
			mux.HandleFunc("/private/", smallArticle)
			site := newTestSite(t, mux)
			got, st, err := scrape(t, testScraper(t, Config{}), Source{Name: "r", URL: site.URL + "/news/", Robots: tt.robots})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, p := range tt.want {
				want = append(want, site.URL+p)
			}
			if !slices.Equal(keys(got), want) {
				t.Errorf("articles = %q, want %q", keys(got), want)
			}
			if st.Blocked != tt.blocked || st.Errors != 0 {
				t.Errorf("stats = %+v", st)
			}
			if tt.robots && site.hitsOf("/private/2024/2") != 0 {
				t.Errorf("disallowed page fetched")
			}
			if !tt.robots && site.hitsOf("/robots.txt") != 0 {
				t.Errorf("robots.txt fetched although ignored")
			}
		})
	}
}

func TestScrapeRobotsDisallowsListing(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/robots.txt", serve([]byte("User-agent: *\nDisallow: /news/\n"), "text/plain"))
	mux.Handle("/news/", listingOf("/a/2024/1"))
	site := newTestSite(t, mux)
	_, err := testScraper(t, Config{}).Scrape(context.Background(), Source{Name: "r", URL: site.URL + "/news/", Robots: true},
		func(context.Context, raqib.Article) error { return nil })
	if !errors.Is(err, ErrRobotsDisallowed) {
		t.Errorf("error = %v, want ErrRobotsDisallowed", err)
	}
	if site.hitsOf("/news/") != 0 {
		t.Errorf("disallowed listing fetched")
	}
}

func TestScrapeMaxArticles(t *testing.T) {
	var paths []string
	for i := range 10 {
		paths = append(paths, fmt.Sprintf("/a/2024/%d", i))
	}
	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf(paths...))
	mux.HandleFunc("/a/", smallArticle)
	site := newTestSite(t, mux)
	got, st, err := scrape(t, testScraper(t, Config{MaxArticles: 3}), Source{Name: "m", URL: site.URL + "/news/"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Listed: 10, Fetched: 3, Articles: 3, Capped: 7}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	fetched := 0
	for _, p := range paths {
		fetched += site.hitsOf(p)
	}
	if fetched != 3 || len(got) != 3 {
		t.Errorf("fetched %d pages, %d articles; want 3", fetched, len(got))
	}
	// The first links of the listing are the ones read.
	for _, p := range paths[:3] {
		if _, ok := got[site.URL+p]; !ok {
			t.Errorf("%s not read", p)
		}
	}
}

// TestScrapeFnErrors: an error from fn is counted as Rejected and the pass goes on; a
// context error after cancellation ends it.
func TestScrapeFnErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf("/a/2024/1", "/a/2024/2", "/a/2024/3"))
	mux.HandleFunc("/a/", smallArticle)
	site := newTestSite(t, mux)
	src := Source{Name: "f", URL: site.URL + "/news/"}

	t.Run("error counted", func(t *testing.T) {
		calls := 0
		st, err := testScraper(t, Config{Parallelism: 1}).Scrape(context.Background(), src, func(context.Context, raqib.Article) error {
			calls++
			if calls == 1 {
				return errors.New("store full")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := (Stats{Listed: 3, Fetched: 3, Articles: 2, Rejected: 1}); st != want || calls != 3 {
			t.Errorf("stats = %+v, calls %d; want %+v, 3 calls", st, calls, want)
		}
	})
	t.Run("context error stops", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		_, err := testScraper(t, Config{Parallelism: 1}).Scrape(ctx, src, func(ctx context.Context, _ raqib.Article) error {
			calls++
			cancel()
			return ctx.Err()
		})
		if !errors.Is(err, context.Canceled) || calls != 1 {
			t.Errorf("error = %v after %d calls; want context.Canceled after 1", err, calls)
		}
	})
}

func TestScrapeInvalidSource(t *testing.T) {
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"neither url nor feed", Source{Name: "x"}, "url or feed"},
		{"both", Source{Name: "x", URL: "https://a.example/", Feed: "https://a.example/rss"}, "url and feed"},
		{"relative url", Source{Name: "x", URL: "/news"}, "url:"},
		{"ftp feed", Source{Name: "x", Feed: "ftp://a.example/rss"}, "feed:"},
		{"bad lang", Source{Name: "x", URL: "https://a.example/", Lang: "fr"}, "lang:"},
		{"bad links selector", Source{Name: "x", URL: "https://a.example/", Links: "a[["}, "links:"},
		{"bad article selector", Source{Name: "x", URL: "https://a.example/", Article: ">>"}, "article:"},
		{"bad exclude selector", Source{Name: "x", URL: "https://a.example/", Exclude: []string{"p", "::"}}, "exclude[1]:"},
	}
	s := testScraper(t, Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Scrape(context.Background(), tt.src, func(context.Context, raqib.Article) error {
				t.Error("fn called")
				return nil
			})
			if err == nil || !strings.Contains(err.Error(), `source "x"`) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

// A page whose redirects go round in a circle is reported as a redirect
// loop, not by the status of its last hop ("HTTP 302 Found"). A site that
// sets a cookie and sends the reader back to the page once is followed.
func TestRedirectLoops(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf("/self", "/a", "/chain/0", "/cookie", "/story"))
	mux.HandleFunc("/self", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/self", http.StatusFound) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusMovedPermanently) })
	mux.HandleFunc("/chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/cookie", func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("consent"); err != nil {
			http.SetCookie(w, &http.Cookie{Name: "consent", Value: "yes", Path: "/"})
			http.Redirect(w, r, "/cookie", http.StatusFound)
			return
		}
		smallArticle(w, r)
	})
	mux.HandleFunc("/story", smallArticle)
	site := newTestSite(t, mux)
	var logs bytes.Buffer
	s := testScraper(t, Config{})
	s.cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	got, st, err := scrape(t, s, Source{Name: "news", URL: site.URL + "/news/", Links: "main a"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{site.URL + "/cookie", site.URL + "/story"}; !slices.Equal(keys(got), want) {
		t.Errorf("articles %q, want %q", keys(got), want)
	}
	out := logs.String()
	if st.Errors != 3 || strings.Count(out, "redirect loop: ") != 3 || strings.Contains(out, "HTTP 30") {
		t.Errorf("%d errors, want the 3 loops each logged as a redirect loop:\n%s", st.Errors, out)
	}
	for _, want := range []string{site.URL + "/self leads back to " + site.URL + "/self", site.URL + "/b leads back to " + site.URL + "/a", "still redirected after 10 hops"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log does not say %q:\n%s", want, out)
		}
	}
	if site.hitsOf("/chain/9") != 1 || site.hitsOf("/chain/10") != 0 {
		t.Errorf("the chain was asked for /chain/9 %d times and /chain/10 %d times, want 10 requests, /chain/0 to /chain/9",
			site.hitsOf("/chain/9"), site.hitsOf("/chain/10"))
	}

	// A listing in a loop fails the pass, saying so.
	_, _, err = scrape(t, testScraper(t, Config{}), Source{Name: "news", URL: site.URL + "/self"})
	if !errors.Is(err, ErrRedirectLoop) {
		t.Errorf("listing in a loop: %v, want ErrRedirectLoop", err)
	}
}
