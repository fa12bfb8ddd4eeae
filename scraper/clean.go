package scraper

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// chromeTags never hold article text: code, page chrome, embeds and widgets.
// A <form> is handled apart (see isChromeForm).
var chromeTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Canvas: true, atom.Button: true, atom.Select: true, atom.Dialog: true,
}

// Words in a class or id that mark a block beside the article. Prefixes
// catch "related-posts", "sharebar", "comments-area"; exact tokens keep
// "ad" from matching "adjacent", "add" or "address".
var (
	chromePrefixes = []string{
		"related", "share", "sharing", "social", "comment", "newsletter",
		"breadcrumb", "advert", "sponsor", "promo", "subscribe", "outbrain", "taboola",
	}
	chromeTokens = map[string]bool{"ad": true, "ads": true, "adv": true, "adsense": true, "dfp": true}
	// notChrome are tokens that a prefix would wrongly catch.
	notChrome = map[string]bool{"commentary": true, "commentaries": true}
)

// cleanTree removes from under root (never root itself) the comments, the
// chrome tags, hidden elements, blocks whose class or id names them as
// related/share/comments/newsletter/breadcrumb/ad, and related-news lists.
func cleanTree(root *html.Node) {
	var drop []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.CommentNode:
				drop = append(drop, c)
			case c.Type == html.ElementNode && isChrome(c):
				drop = append(drop, c)
			default:
				walk(c)
			}
		}
	}
	walk(root)
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
	dropRelatedLists(root)
}

func isChrome(n *html.Node) bool {
	switch {
	case chromeTags[n.DataAtom]:
		return true
	case n.DataAtom == atom.Form:
		return isChromeForm(n)
	case isHidden(n):
		return true
	case n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main:
		return false
	}
	if !namesChrome(attr(n, "class")) && !namesChrome(attr(n, "id")) {
		return false
	}
	// A wrapper whose class happens to say "ads" but that holds the
	// headline is the page, not an ad.
	return !hasDescendant(n, atom.H1, atom.Main)
}

// isChromeForm tells a search or newsletter form from the <form> that
// ASP.NET pages wrap around the whole body, article included.
func isChromeForm(n *html.Node) bool {
	if hasDescendant(n, atom.Article, atom.Main) {
		return false
	}
	paragraphs := 0
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == atom.P {
			paragraphs++
		}
	}
	return paragraphs < 2
}

func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// namesChrome reports whether a class or id value has a word of chrome.
// "relatedNews" and "related_news" split into words like "related-news".
func namesChrome(v string) bool {
	if v == "" {
		return false
	}
	for _, tok := range splitWords(v) {
		switch {
		case chromeTokens[tok] || isAdSlot(tok):
			return true
		case notChrome[tok]:
			continue
		}
		for _, p := range chromePrefixes {
			if strings.HasPrefix(tok, p) {
				return true
			}
		}
	}
	return false
}

// isAdSlot matches numbered ad tokens: "ad1", "ads2", "ad300x250".
func isAdSlot(tok string) bool {
	rest, ok := strings.CutPrefix(tok, "ad")
	if !ok || rest == "" || rest[len(rest)-1] < '0' || rest[len(rest)-1] > '9' {
		return false
	}
	return strings.Trim(strings.TrimPrefix(rest, "s"), "0123456789x") == ""
}

// splitWords lowercases v and splits it at non-letters and at camelCase
// humps.
func splitWords(v string) []string {
	var words []string
	var cur []rune
	prevLower := false
	for _, r := range v {
		switch {
		case unicode.IsUpper(r) && prevLower:
			words = append(words, string(cur))
			cur = []rune{unicode.ToLower(r)}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, unicode.ToLower(r))
		default:
			if len(cur) > 0 {
				words = append(words, string(cur))
			}
			cur = cur[:0]
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	if len(cur) > 0 {
		words = append(words, string(cur))
	}
	return words
}

// dropRelatedLists removes blocks introduced by a "Related" or "أخبار ذات
// صلة" heading whatever their class: the heading and the link lists after
// it, or its parent when that parent is mostly links. Their headlines name
// other attacks and must not be read as this article's.
func dropRelatedLists(root *html.Node) {
	var headings []*html.Node
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && isRelatedHeading(n) {
			headings = append(headings, n)
		}
	}
	for _, h := range headings {
		if h.Parent == nil {
			continue // already removed with an earlier block
		}
		if p := h.Parent; p != root && p.DataAtom != atom.Body && p.DataAtom != atom.Article &&
			linkDensity(p, h) > 0.5 {
			p.Parent.RemoveChild(p)
			continue
		}
		for s := h.NextSibling; s != nil; {
			next := s.NextSibling
			if s.Type == html.ElementNode {
				if linkDensity(s, nil) <= 0.5 {
					break
				}
				h.Parent.RemoveChild(s)
			}
			s = next
		}
		h.Parent.RemoveChild(h)
	}
}

// maxHeading is the longest text, in letters, taken for a heading.
const maxHeading = 60

// relatedPhrases are compared with normalizeHeading's output.
var relatedPhrases = []string{
	"ذات صله", "اقرا ايضا", "اقرا المزيد", "اخبار متعلقه", "الاكثر قراءه", "قد يهمك",
	"related", "read more", "read also", "also read", "see also", "more stories",
	"most read", "more from", "you may also like",
}

// isRelatedHeading reports whether n is a heading, or a short block with
// no link that serves as one, whose text is little more than a related
// phrase: "Related stories" is one, "Officials related the story" is not.
func isRelatedHeading(n *html.Node) bool {
	var block bool
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Strong, atom.B:
	case atom.Div, atom.Span, atom.P:
		block = true
	default:
		return false
	}
	text, ok := shortText(n, maxHeading)
	if !ok || (block && hasDescendant(n, atom.A)) {
		return false
	}
	t := normalizeHeading(text)
	for _, p := range relatedPhrases {
		if strings.Contains(t, p) && len([]rune(t)) <= len([]rune(p))+12 {
			return true
		}
	}
	return false
}

// shortText returns the text under n, or false once it passes limit letters,
// so that testing every <div> of a large page stays cheap.
func shortText(n *html.Node, limit int) (string, bool) {
	// Count first: most blocks are longer than a heading, and their text
	// is then never built.
	k, texts, only := 0, 0, ""
	for d := range n.Descendants() {
		if d.Type != html.TextNode {
			continue
		}
		k += lettersUpTo(d.Data, limit-k+1)
		if k > limit {
			return "", false
		}
		texts++
		only = d.Data
	}
	if texts <= 1 {
		return only, true
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String(), true
}

// normalizeHeading folds the spellings of a heading: case, Arabic
// diacritics and tatweel, alef and teh marbuta and alef maqsura forms,
// punctuation.
func normalizeHeading(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 0x064B && r <= 0x0652, r == 0x0640: // harakat, tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى':
			r = 'ي'
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// linkDensity is the share of n's letters that are link text, leaving out
// the subtree skip.
func linkDensity(n, skip *html.Node) float64 {
	var all, linked int
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c == skip:
			case c.Type == html.TextNode:
				k := letters(c.Data)
				all += k
				if inLink {
					linked += k
				}
			case c.Type == html.ElementNode:
				walk(c, inLink || c.DataAtom == atom.A)
			}
		}
	}
	walk(n, n.DataAtom == atom.A)
	if all == 0 {
		return 0
	}
	return float64(linked) / float64(all)
}

// letters counts the runes of s that are not space.
func letters(s string) int { return lettersUpTo(s, len(s)+1) }

// lettersUpTo is letters(s), or any number from max up once the count
// reaches max: the rest of a long text is not counted.
func lettersUpTo(s string, max int) int {
	k := 0
	for i := 0; i < len(s) && k < max; {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				k++
			}
			i++
			continue
		}
		// Only a few lead bytes can start a space (see mayBeSpace); any
		// other sequence is one letter, measured without decoding it.
		if !mayBeSpace(c) {
			k++
			if c < 0xE0 && c >= 0xC2 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				i += 2 // two-byte sequence: all of Arabic
				continue
			}
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			k++
		}
		i += n
	}
	return k
}

func hasDescendant(n *html.Node, tags ...atom.Atom) bool {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode {
			for _, t := range tags {
				if d.DataAtom == t {
					return true
				}
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
