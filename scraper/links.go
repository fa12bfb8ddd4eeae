package scraper

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// listingLinks returns the article URLs of a listing page, in page order,
// without duplicates: the links under the links selector if there is one,
// else the links left once the chrome (nav, header, footer, aside, related
// blocks) is removed. follow, when set, must match; otherwise a link must
// be on the listing's host and, with no links selector, look like an
// article. The page's own URL and links to images, PDFs and other files
// are never returned. doc is modified.
func listingLinks(doc *html.Node, pageURL *url.URL, links goquery.Matcher, follow *regexp.Regexp) []string {
	gq := goquery.NewDocumentFromNode(doc)
	base := pageURL
	if href, ok := gq.Find("base[href]").First().Attr("href"); ok {
		if b, err := pageURL.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	var anchors []*html.Node
	if links != nil {
		anchors = selectedAnchors(gq, links)
	} else if body := gq.Find("body").Get(0); body != nil {
		cleanTree(body)
		anchors = gq.Find("a[href]").Nodes
	}

	self := pageKey(pageURL)
	seen := map[string]bool{}
	var out []string
	for _, a := range anchors {
		u := resolveLink(base, attr(a, "href"))
		if u == nil {
			continue
		}
		s := u.String()
		switch {
		case seen[s] || pageKey(u) == self || nonPageExt[strings.ToLower(path.Ext(u.Path))]:
			continue
		case follow != nil:
			if !follow.MatchString(s) {
				continue
			}
		case !sameSite(u, pageURL):
			continue
		case links == nil && !looksLikeArticle(u):
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// selectedAnchors returns the links the Links selector points at: the
// matched <a> elements, the links inside a matched block (a headline
// <h2>), or the link around it.
func selectedAnchors(gq *goquery.Document, m goquery.Matcher) []*html.Node {
	var out []*html.Node
	for _, n := range gq.FindMatcher(m).Nodes {
		if n.DataAtom == atom.A {
			out = append(out, n)
			continue
		}
		inner := goquery.NewDocumentFromNode(n).Find("a[href]").Nodes
		if len(inner) > 0 {
			out = append(out, inner...)
			continue
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.A {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// resolveLink resolves href against base and returns it without its
// fragment, or nil for what cannot be fetched as a page: fragments of this
// page, mailto:, javascript:, tel: and other schemes.
func resolveLink(base *url.URL, href string) *url.URL {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return nil
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	return u
}

// pageKey is the form in which two URLs of one page compare equal: no
// fragment, no trailing slash.
func pageKey(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	c.Host = strings.ToLower(c.Host)
	return strings.TrimSuffix(c.String(), "/")
}

// sameSite reports whether a and b are on one host, "www." aside.
func sameSite(a, b *url.URL) bool {
	host := func(u *url.URL) string {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return host(a) == host(b) && a.Port() == b.Port()
}

// Path words that make a section, tag or utility page, not an article.
var nonArticleSegments = map[string]bool{
	"tag": true, "tags": true, "category": true, "categories": true, "author": true,
	"authors": true, "page": true, "search": true, "feed": true, "rss": true,
	"login": true, "register": true, "signup": true, "account": true, "subscribe": true,
	"about": true, "contact": true, "privacy": true, "terms": true, "cdn-cgi": true,
}

// Extensions of files that are not pages.
var nonPageExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".pdf": true, ".zip": true, ".mp3": true, ".mp4": true, ".css": true,
	".js": true, ".json": true, ".xml": true, ".rss": true, ".doc": true, ".docx": true,
}

// looksLikeArticle guesses from its URL whether a link is an article rather
// than a section, tag or file: an article URL carries an id or a date (three
// digits or more) or ends in a slug of three words or more.
func looksLikeArticle(u *url.URL) bool {
	p := strings.Trim(u.Path, "/")
	if p == "" && u.RawQuery == "" {
		return false
	}
	if nonPageExt[strings.ToLower(path.Ext(p))] {
		return false
	}
	segments := strings.Split(p, "/")
	for _, s := range segments {
		if nonArticleSegments[strings.ToLower(s)] {
			return false
		}
	}
	digits := 0
	for _, r := range p + u.RawQuery {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits >= 3 {
		return true
	}
	slug := strings.TrimSuffix(segments[len(segments)-1], path.Ext(p))
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
	return len(words) >= 3
}
