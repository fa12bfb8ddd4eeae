package scraper

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestLooksLikeArticle(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"https://example.com/iraq/2024/01/21/ain-al-asad-victory-attacks", true},
		{"https://example.com/news/123456", true},
		{"https://example.com/article.aspx?id=98765", true},
		{"https://example.com/iraq/harir-base-comes-under-drone-attack", true},
		{"https://example.com/%D9%87%D8%AC%D9%88%D9%85-%D8%B9%D9%84%D9%89-%D8%AD%D8%B1%D9%8A%D8%B1", true}, // هجوم-على-حرير
		{"https://example.com/", false},
		{"https://example.com/iraq", false},
		{"https://example.com/world/", false},
		{"https://example.com/tag/ain-al-asad-2024", false},
		{"https://example.com/category/iraq/page/2", false},
		{"https://example.com/media/2024/01/photo.jpg", false},
		{"https://example.com/rss/2024.xml", false},
		{"https://example.com/about-us", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.u)
		if err != nil {
			t.Fatal(err)
		}
		if got := looksLikeArticle(u); got != tt.want {
			t.Errorf("looksLikeArticle(%s) = %v, want %v", tt.u, got, tt.want)
		}
	}
}

// TestListingLinks reads testdata/site/listing.html as if served from
// https://news.example/news/.
func TestListingLinks(t *testing.T) {
	const (
		ainAlAsad = "https://news.example/iraq/2024/01/21/ain-al-asad-victory-attacks"
		embassy   = "https://news.example/security/2024/02/06/embassy-mortar-daily-toll"
		tower22   = "https://news.example/middle-east/2024/02/11/tower-22-al-tanf-drones"
		harir     = "https://news.example/iraq/harir-base-comes-under-drone-attack"
		other     = "https://other.example/2024/01/01/attack-on-base-story"
		ignored   = "https://www.127.0.0.1.example/ignored"
	)
	tests := []struct {
		name string
		src  Source
		want []string
	}{
		{
			name: "automatic: article-like links outside the chrome, same host, deduplicated",
			want: []string{ainAlAsad, embassy, tower22, harir},
		},
		{
			name: "links selector: every link under it on the host",
			src:  Source{Links: "h2.headline"},
			want: []string{ainAlAsad, embassy, tower22},
		},
		{
			name: "follow regexp decides, any host, chrome still left out",
			src:  Source{Follow: regexp.MustCompile(`/20\d\d/`)},
			want: []string{ainAlAsad, embassy, tower22, other},
		},
		{
			name: "links selector and follow",
			src:  Source{Links: "h2.headline a", Follow: regexp.MustCompile(`^https://[^/]*example/(iraq|middle-east)/`)},
			want: []string{ainAlAsad, tower22},
		},
	}
	body, err := os.ReadFile(filepath.Join("testdata", "site", "listing.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := url.Parse("https://news.example/news/")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			src := tt.src
			src.URL = page.String()
			c, err := src.compile()
			if err != nil {
				t.Fatal(err)
			}
			got := listingLinks(doc, page, c.links, src.Follow)
			if !slices.Equal(got, tt.want) {
				t.Errorf("links:\n got %q\nwant %q", got, tt.want)
			}
			if slices.Contains(got, ignored) {
				t.Errorf("foreign host followed")
			}
		})
	}
}

func TestResolveLink(t *testing.T) {
	base, _ := url.Parse("https://News.Example/news/list.html")
	tests := []struct{ href, want string }{
		{"/a/1#x", "https://news.example/a/1"},
		{"b/2", "https://news.example/news/b/2"},
		{"//cdn.example/c", "https://cdn.example/c"},
		{"  /d  ", "https://news.example/d"},
		{"#top", ""},
		{"mailto:a@b", ""},
		{"javascript:void(0)", ""},
		{"ftp://x/y", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := ""
		if u := resolveLink(base, tt.href); u != nil {
			got = u.String()
		}
		if got != tt.want {
			t.Errorf("resolveLink(%q) = %q, want %q", tt.href, got, tt.want)
		}
	}
}
