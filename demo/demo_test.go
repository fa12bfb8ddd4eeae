package demo_test

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/scraper"
)

// The sample site must read as a real one through the real scraper: the
// listing yields only the articles (not nav or archive links), the feed
// yields the English article, dates come through, and related headlines
// never reach the article text.
func TestSiteThroughScraper(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	site := demo.New(func() time.Time { return now })
	srv := httptest.NewServer(site)
	defer srv.Close()
	sc := scraper.New(scraper.Config{Delay: time.Millisecond})

	scrape := func(src scraper.Source) map[string]raqib.Article {
		got := map[string]raqib.Article{}
		_, err := sc.Scrape(context.Background(), src, func(_ context.Context, a raqib.Article) error {
			got[strings.TrimPrefix(a.URL, srv.URL)] = a
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	ar := scraper.Source{Name: "ar", URL: srv.URL + "/ar/", Links: "a.headline", Article: ".article-body", Lang: "ar", Robots: true}
	en := scraper.Source{Name: "en", Feed: srv.URL + "/en/rss.xml", Article: "article", Lang: "en", Robots: true}

	got := scrape(ar)
	if len(got) != 2 || got["/ar/news/101.html"].URL == "" || got["/ar/news/102.html"].URL == "" {
		t.Fatalf("stage 1 Arabic articles: %v", keys(got))
	}
	a := got["/ar/news/101.html"]
	if !regexp.MustCompile(`(?m)^قاعدة عين الأسد الجوية: عمليتان$`).MatchString(a.Text) {
		t.Errorf("tally line not kept whole:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "أخبار ذات صلة") || strings.Contains(a.Text, "الرئيسية") {
		t.Errorf("related block or nav leaked into the text:\n%s", a.Text)
	}
	if want := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC); !a.Published.Equal(want) { // 06:00 in Baghdad
		t.Errorf("published %v, want %v", a.Published, want)
	}
	if got := scrape(en); len(got) != 1 || !strings.Contains(got["/en/news/201.html"].Text, "Erbil airport twice") {
		t.Errorf("English feed: %v", got)
	}

	site.Advance()
	got = scrape(ar)
	if len(got) != 3 || !strings.Contains(got["/ar/news/103.html"].Text, "مجمع السفارة الأمريكية") {
		t.Errorf("stage 2 Arabic articles: %v", keys(got))
	}
}

func keys(m map[string]raqib.Article) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
