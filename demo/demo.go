// Package demo is a small news site bundled in the binary, served on
// loopback by `raqib demo` and by the end-to-end tests: an Arabic listing, an
// English RSS feed, articles with nav, footer and related-news blocks, one
// article that merely mentions the embassy, and a second stage in which the
// site gains new attacks (a count rising, a new base, an embassy hit).
package demo

import (
	"embed"
	"fmt"
	"html"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

//go:embed site/*.html
var files embed.FS

// Article is one page of the sample site.
type Article struct {
	Path  string
	Lang  string
	Title string
	file  string
	// At is the article's publication time of day, in Baghdad time.
	At time.Duration
}

// The articles and the stage from which each is listed. Titles are plain;
// the bodies live in site/*.html.
var (
	stage1AR = []Article{
		{Path: "/ar/news/101.html", Lang: "ar", Title: "الفصائل تعلن حصيلة عملياتها ضد القواعد الأمريكية اليوم", file: "ar-101.html", At: 6 * time.Hour},
		{Path: "/ar/news/102.html", Lang: "ar", Title: "السفارة الأمريكية تدعو إلى حماية البعثات الدبلوماسية", file: "ar-102.html", At: 7 * time.Hour},
	}
	stage2AR = []Article{
		{Path: "/ar/news/103.html", Lang: "ar", Title: "قذائف هاون على مجمع السفارة الأمريكية في بغداد", file: "ar-103.html", At: 10*time.Hour + 30*time.Minute},
	}
	stage1EN = []Article{
		{Path: "/en/news/201.html", Lang: "en", Title: "Drones target Erbil air base twice", file: "en-201.html", At: 8 * time.Hour},
	}
)

// Site serves the sample news site. Its zero value is not usable; call New.
type Site struct {
	stage atomic.Int32
	now   func() time.Time
}

// baghdad is UTC+3 all year (Iraq has no daylight saving time).
var baghdad = time.FixedZone("Asia/Baghdad", 3*60*60)

// New returns the site at stage 1. now is its clock (time.Now if nil): the
// articles are dated on its day, in Baghdad time, so that they are always
// today's news and always fall on one day, whatever the hour.
func New(now func() time.Time) *Site {
	if now == nil {
		now = time.Now
	}
	s := &Site{now: now}
	s.stage.Store(1)
	return s
}

// published is the article's publication time on the site's current day.
func (s *Site) published(a Article) time.Time {
	y, m, d := s.now().In(baghdad).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, baghdad).Add(a.At)
}

// Advance moves the site to its second stage: new attacks are published.
func (s *Site) Advance() { s.stage.Store(2) }

func (s *Site) articles(lang string) []Article {
	var out []Article
	if lang == "ar" {
		if s.stage.Load() >= 2 {
			out = append(out, stage2AR...)
		}
		return append(out, stage1AR...)
	}
	return append(out, stage1EN...)
}

func (s *Site) find(path string) (Article, bool) {
	for _, lang := range []string{"ar", "en"} {
		for _, a := range s.articles(lang) {
			if a.Path == path {
				return a, true
			}
		}
	}
	return Article{}, false
}

// ServeHTTP implements http.Handler.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	case p == "/":
		http.Redirect(w, r, "/ar/", http.StatusFound)
	case p == "/ar/" || p == "/en/":
		lang := p[1:3]
		title := "آخر الأخبار"
		if lang == "en" {
			title = "Latest news"
		}
		s.write(w, listingPage(lang, title, s.articles(lang)))
	case p == "/en/rss.xml":
		s.feed(w, r)
	case strings.HasPrefix(p, "/ar/news/") || strings.HasPrefix(p, "/en/news/"):
		a, ok := s.find(p)
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, err := files.ReadFile("site/" + a.file)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.write(w, articlePage(a.Lang, a.Title, s.published(a).Format(time.RFC3339), body))
	case strings.HasSuffix(p, "/about.html") || strings.HasSuffix(p, "/contact.html") || strings.Contains(p, "/archive/"):
		lang := "en"
		if strings.HasPrefix(p, "/ar/") {
			lang = "ar"
		}
		s.write(w, listingPage(lang, "Rafidain News", nil))
	default:
		http.NotFound(w, r)
	}
}

func (s *Site) write(w http.ResponseWriter, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, page)
}

func (s *Site) feed(w http.ResponseWriter, r *http.Request) {
	base := "http://" + r.Host
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0"><channel><title>Rafidain News</title><link>` + base + `/en/</link><description>Sample feed</description>` + "\n")
	for _, a := range s.articles("en") {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate></item>\n",
			html.EscapeString(a.Title), base, a.Path, base, a.Path, s.published(a).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, b.String())
}
