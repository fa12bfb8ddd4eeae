package scraper

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the .golden files of TestParseArticleGolden")

// TestParseArticleGolden parses saved pages and compares the text with
// testdata/<name>.golden: the three corpus pages (UTF-8 Arabic, meta-only
// windows-1256 Arabic, English), the <article> fallback, the largest-block
// fallback and the Article+Exclude selectors.
func TestParseArticleGolden(t *testing.T) {
	tests := []struct {
		file      string
		sel       Selectors
		title     string
		published string // RFC 3339, empty for none
	}{
		{file: "ar-utf8-31.html", title: "هجوم صاروخي على عين الأسد وطائرات مسيرة تستهدف قاعدة فيكتوري مرتين", published: "2024-01-21T09:40:00+03:00"},
		{file: "ar-windows1256-32.html", title: "قذيفتا هاون تسقطان داخل مجمع السفارة الأمريكية في بغداد", published: "2024-02-06T06:25:00+03:00"},
		{file: "en-33.html", title: "Drones target US outpost Tower 22 in Jordan; al-Tanf garrison attacked twice", published: "2024-02-11T14:20:00Z"},
		{file: "article-tag.html", title: "Rockets hit Ain al-Asad | Example Post"},
		{file: "largest-block.html", title: "هجومان على قاعدة حرير"},
		{file: "selectors.html", title: "Drone attack on Tower 22",
			sel: Selectors{Article: ".story-body", Exclude: []string{".byline", "figcaption.photo-caption"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			art, err := ParseArticle(body, "text/html", "https://example.com/a", tt.sel)
			if err != nil {
				t.Fatalf("ParseArticle: %v", err)
			}
			if art.URL != "https://example.com/a" {
				t.Errorf("URL = %q", art.URL)
			}
			if art.Title != tt.title {
				t.Errorf("Title = %q, want %q", art.Title, tt.title)
			}
			checkTime(t, art.Published, tt.published)

			golden := filepath.Join("testdata", strings.TrimSuffix(tt.file, ".html")+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(art.Text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := art.Text + "\n"; got != string(want) {
				t.Errorf("text differs from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestParseArticleText checks the properties the extractor relies on, on
// the corpus pages: tally lines intact, related headlines and page chrome
// gone.
func TestParseArticleText(t *testing.T) {
	tests := []struct {
		file    string
		has     []string
		hasNone []string
	}{
		{
			file:    "ar-windows1256-32.html",
			has:     []string{"\nقاعدة حرير: مرتين\n", "\nقاعدة مطار أربيل: عملية واحدة\n", "\nقاعدة عين الأسد: ثلاث عمليات\n"},
			hasNone: []string{"أخبار ذات صلة", "التنف", "الشدادي", "الرئيسية", "جميع الحقوق"},
		},
		{
			file:    "ar-utf8-31.html",
			has:     []string{"لهجومين بطائرات مسيرة"},
			hasNone: []string{"أخبار ذات صلة", "حرير", "التنف", "الرئيسية", "سياسة الخصوصية"},
		},
		{
			file:    "en-33.html",
			has:     []string{"was attacked twice"},
			hasNone: []string{"Related", "Erbil", "Home", "Privacy"},
		},
		{
			file:    "article-tag.html",
			hasNone: []string{"Share", "Buy our", "Five attacks", "First!", "Hidden", "founded in 1999", "Home"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			art, err := ParseArticle(body, "", "", Selectors{})
			if err != nil {
				t.Fatal(err)
			}
			text := "\n" + art.Text + "\n"
			for _, s := range tt.has {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range tt.hasNone {
				if strings.Contains(text, s) {
					t.Errorf("text has %q", s)
				}
			}
		})
	}
}

func TestParseArticleSelectors(t *testing.T) {
	page := []byte(`<html><body>
<div id="main"><p>Automatic choice: this block has the most text of the page by far, so it wins.</p><p>More text for it.</p></div>
<div class="lede"><p>Chosen by the selector.</p><p class="credit">Photo: AFP</p></div>
</body></html>`)
	tests := []struct {
		name string
		sel  Selectors
		want string
	}{
		{"selector", Selectors{Article: ".lede"}, "Chosen by the selector.\nPhoto: AFP"},
		{"selector and exclude", Selectors{Article: ".lede", Exclude: []string{".credit"}}, "Chosen by the selector."},
		{"selector matching nothing falls back", Selectors{Article: ".gone"},
			"Automatic choice: this block has the most text of the page by far, so it wins.\nMore text for it."},
		{"exclude without selector", Selectors{Exclude: []string{"#main"}}, "Chosen by the selector.\nPhoto: AFP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art, err := ParseArticle(page, "text/html", "", tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			if art.Text != tt.want {
				t.Errorf("Text = %q, want %q", art.Text, tt.want)
			}
		})
	}
}

func TestParseArticleErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		sel  Selectors
		want error
	}{
		{name: "no text", body: `<html><head><title>t</title></head><body><nav><a href="/">Home</a></nav></body></html>`, want: ErrNoText},
		{name: "empty", body: ``, want: ErrNoText},
		{name: "bad article selector", body: `<p>x</p>`, sel: Selectors{Article: "p[["}},
		{name: "bad exclude selector", body: `<p>x</p>`, sel: Selectors{Exclude: []string{"::"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArticle([]byte(tt.body), "text/html", "https://example.com/x", tt.sel)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func checkTime(t *testing.T, got time.Time, want string) {
	t.Helper()
	if want == "" {
		if !got.IsZero() {
			t.Errorf("Published = %v, want zero", got)
		}
		return
	}
	w, err := time.Parse(time.RFC3339Nano, want)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(w) {
		t.Errorf("Published = %v, want %v", got, w)
	}
}

// Zero-width spaces, word joiners and byte order marks that a CMS leaves in
// a title are not part of it, wherever the title comes from; the joiners
// Arabic and Persian need (ZWNJ, ZWJ) stay.
func TestTitleInvisibles(t *testing.T) {
	const want = "هجومان على قاعدة حرير"
	for _, head := range []string{
		`<meta property="og:title" content="&#xFEFF;هجومان&#x200B; على قاعدة حرير&#x2060;">`,
		"<title>\ufeff هجومان على\u200b قاعدة حرير</title>",
	} {
		page := "<html><head>" + head + "</head><body><article><p>استهدف هجومان قاعدة حرير الجوية فجر اليوم، وفق مصادر أمنية.</p></article></body></html>"
		art, err := ParseArticle([]byte(page), "text/html; charset=utf-8", "https://example.com/a", Selectors{})
		if err != nil {
			t.Fatal(err)
		}
		if art.Title != want {
			t.Errorf("title from %q = %q, want %q", head, art.Title, want)
		}
	}
	_, hints, err := feedLinks([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>`+
		"<item><title>\ufeffمی\u200cخواهم\u200b خبر</title><link>https://example.com/1</link></item></channel></rss>"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := hints["https://example.com/1"].Title; got != "می\u200cخواهم خبر" {
		t.Errorf("feed title %q, want the ZWNJ kept and the BOM and zero-width space gone", got)
	}
}
