package scraper

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/oneline"
)

// ErrNoText is returned by ParseArticle for a page with no article text.
var ErrNoText = errors.New("no article text")

// Selectors choose the text of an article page.
type Selectors struct {
	// Article is a CSS selector of the article text; empty, or matching
	// nothing, means the automatic choice: <article>, else the largest
	// block of paragraph text.
	Article string
	// Exclude are CSS selectors of blocks removed before the text is taken.
	Exclude []string
}

// matchers are compiled Selectors.
type matchers struct {
	article goquery.Matcher // nil: automatic choice
	exclude []goquery.Matcher
}

// compile compiles the selectors; errors name the config.yaml key.
func (s Selectors) compile() (matchers, error) {
	var m matchers
	var errs []error
	if s.Article != "" {
		sel, err := cascadia.Compile(s.Article)
		if err != nil {
			errs = append(errs, fmt.Errorf("article: %w", err))
		}
		m.article = sel
	}
	for i, x := range s.Exclude {
		sel, err := cascadia.Compile(x)
		if err != nil {
			errs = append(errs, fmt.Errorf("exclude[%d]: %w", i, err))
		}
		m.exclude = append(m.exclude, sel)
	}
	return m, errors.Join(errs...)
}

// ParseArticle is the pure part of scraping (no network): it decodes body
// to UTF-8 (byte order mark, then contentType's charset, then <meta
// charset> or http-equiv; see decodeHTML), parses it once, and returns the
// page's title, published time and text, with URL set to pageURL. Source,
// Lang and Fetched are left for the caller. The text is the Article
// selector's elements (or the automatic choice) minus the Exclude
// selectors and the page chrome, one line per block. A page without text
// gives ErrNoText.
func ParseArticle(body []byte, contentType, pageURL string, sel Selectors) (raqib.Article, error) {
	m, err := sel.compile()
	if err != nil {
		return raqib.Article{URL: pageURL}, fmt.Errorf("scraper: selectors: %w", err)
	}
	return parseArticle(body, contentType, pageURL, m)
}

// parseArticle is ParseArticle with the selectors compiled, once per pass.
func parseArticle(body []byte, contentType, pageURL string, m matchers) (raqib.Article, error) {
	art := raqib.Article{URL: pageURL}
	doc, err := parseHTML(body, contentType)
	if err != nil {
		return art, fmt.Errorf("scraper: %s: %w", pageURL, err)
	}
	// Title and date come from the whole page (head, JSON-LD, the
	// article's header) before cleaning removes any of it.
	gq := goquery.NewDocumentFromNode(doc)
	art.Title = findTitle(gq)
	art.Published = findPublished(gq)
	art.Text = articleText(gq, m)
	if art.Text == "" {
		return art, fmt.Errorf("scraper: %s: %w", pageURL, ErrNoText)
	}
	return art, nil
}

// parseHTML decodes body to UTF-8 and parses it.
func parseHTML(body []byte, contentType string) (*html.Node, error) {
	utf8Body, err := decodeHTML(body, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(utf8Body))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return doc, nil
}

// articleText takes the text as ParseArticle describes.
func articleText(doc *goquery.Document, m matchers) string {
	for _, x := range m.exclude {
		doc.FindMatcher(x).Remove()
	}
	if m.article != nil {
		if roots := outermost(doc.FindMatcher(m.article)); len(roots) > 0 {
			var lines []string
			for _, r := range roots {
				cleanTree(r)
				if t := renderText(r); t != "" {
					lines = append(lines, t)
				}
			}
			return strings.Join(lines, "\n")
		}
	}
	body := firstMatch(doc.Get(0), bodySel)
	if body == nil {
		return ""
	}
	cleanTree(body)
	_, text := chooseRoot(body)
	return text
}

// outermost drops the matches nested in another match, whose text would
// otherwise be taken twice.
func outermost(s *goquery.Selection) []*html.Node {
	in := map[*html.Node]bool{}
	for _, n := range s.Nodes {
		in[n] = true
	}
	var out []*html.Node
	for _, n := range s.Nodes {
		nested := false
		for p := n.Parent; p != nil; p = p.Parent {
			if in[p] {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, n)
		}
	}
	return out
}

// Selectors of every page, compiled once.
var (
	titleMetas = []cascadia.Selector{
		cascadia.MustCompile(`meta[property="og:title"]`),
		cascadia.MustCompile(`meta[name="og:title"]`),
		cascadia.MustCompile(`meta[name="twitter:title"]`),
	}
	headTitle = cascadia.MustCompile("head > title")
	bodySel   = cascadia.MustCompile("body")
)

// firstMatch is doc.Find(sel).First() for the document root, without
// walking the rest of the page once the first match is found: the
// descendants of root (not root itself) in document order.
func firstMatch(root *html.Node, sel cascadia.Selector) *html.Node {
	if root == nil {
		return nil
	}
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if n := sel.MatchFirst(c); n != nil {
			return n
		}
	}
	return nil
}

// cleanTitle puts a title on one line, without the zero-width spaces and
// byte order marks that CMSs leave in titles (they would be stored, shown
// and counted as part of it).
func cleanTitle(s string) string { return collapse(oneline.StripInvisible(s)) }

// findTitle returns og:title (or twitter:title), else <title>, else the
// first <h1>.
func findTitle(doc *goquery.Document) string {
	root := doc.Get(0)
	for _, sel := range titleMetas {
		if n := firstMatch(root, sel); n != nil {
			if t := cleanTitle(attr(n, "content")); t != "" {
				return t
			}
		}
	}
	if n := firstMatch(root, headTitle); n != nil {
		if t := cleanTitle(goquery.NewDocumentFromNode(n).Text()); t != "" {
			return t
		}
	}
	for _, n := range doc.Find("h1").Nodes {
		if t := cleanTitle(renderText(n)); t != "" {
			return t
		}
	}
	return ""
}

// isHTMLType reports whether a Content-Type names an HTML page; an empty or
// generic one is left to LooksLikeHTML.
func isHTMLType(contentType string) (html, known bool) {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || media == "" || media == "application/octet-stream" || media == "text/plain" {
		return false, false
	}
	return media == "text/html" || media == "application/xhtml+xml", true
}
