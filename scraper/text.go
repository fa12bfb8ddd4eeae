package scraper

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end a line before and after themselves, so that paragraphs,
// list items ("قاعدة عين الأسد: ثلاث عمليات") and table rows each stay one
// line of the text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Tr: true, atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Caption: true, atom.Blockquote: true, atom.Pre: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Nav: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true, atom.Hr: true,
	atom.Form: true, atom.Fieldset: true, atom.Details: true, atom.Summary: true,
	atom.Center: true, atom.Body: true,
}

// renderText returns the text under n, one line per block, with the runs of
// white space inside a line collapsed to one space and empty lines dropped.
func renderText(n *html.Node) string {
	r := rendererPool.Get().(*textRenderer)
	r.walk(n)
	r.endLine()
	s := string(r.out)
	r.put()
	return s
}

// rendererPool keeps textRenderers with their buffers, so that a page's
// text costs one allocation, its string, rather than a buffer grown from
// nothing for every call.
var rendererPool = sync.Pool{New: func() any { return new(textRenderer) }}

// maxPooledText is the largest buffer a pooled textRenderer keeps; a
// larger page's buffers go to the GC.
const maxPooledText = 1 << 20

func (r *textRenderer) put() {
	if cap(r.out) > maxPooledText || cap(r.cur) > maxPooledText {
		return
	}
	r.out, r.cur = r.out[:0], r.cur[:0]
	rendererPool.Put(r)
}

// textRenderer builds the text of renderText in out, line after line. cur
// collects the raw text of the line in progress and is reused from line to
// line, so that a page costs one string, made at the end.
type textRenderer struct {
	cur []byte
	out []byte
}

// endLine collapses the line in progress onto out, after a newline when
// out already has a line; an empty line adds nothing.
func (r *textRenderer) endLine() {
	mark := len(r.out)
	if mark > 0 {
		r.out = append(r.out, '\n')
	}
	if r.out = appendCollapsed(r.out, r.cur); len(r.out) == mark+1 && mark > 0 {
		r.out = r.out[:mark] // nothing but the newline: an empty line
	}
	r.cur = r.cur[:0]
}

// appendCollapsed appends the words of s to dst with single ASCII spaces
// between them (none before the first): strings.Join(strings.Fields(s), " ") without the slice of
// words, and without a unicode.IsSpace call for every Arabic letter.
func appendCollapsed(dst, s []byte) []byte {
	start := len(dst) // words are separated from each other, not from what dst held
	for i := 0; i < len(s); {
		if n := spaceLen(s, i); n > 0 {
			i += n
			continue
		}
		// A word: every sequence up to the next space, copied at once.
		j := i
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				j++
				continue
			}
			if mayBeSpace(c) {
				r, n := utf8.DecodeRune(s[j:])
				if unicode.IsSpace(r) {
					break
				}
				j += n
				continue
			}
			j += utf8SeqLen(c, s[j:])
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, s[i:j]...)
		i = j
	}
	return dst
}

// spaceLen returns the length of the white space rune at s[i], 0 when
// s[i] starts anything else.
func spaceLen(s []byte, i int) int {
	c := s[i]
	if c < utf8.RuneSelf {
		if asciiSpace[c] {
			return 1
		}
		return 0
	}
	if !mayBeSpace(c) {
		return 0
	}
	if r, n := utf8.DecodeRune(s[i:]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// asciiSpace are the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// mayBeSpace reports whether a rune starting with lead byte c can be a
// Unicode space: U+0085 and U+00A0 start with 0xC2, U+1680 with 0xE1,
// U+2000-U+205F with 0xE2, U+3000 with 0xE3. Arabic letters (0xD8-0xDB)
// never are.
func mayBeSpace(c byte) bool { return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 }

// utf8SeqLen returns the length of the UTF-8 sequence starting s (whose
// first byte is c), 1 for an invalid one, as utf8.DecodeRune would consume.
func utf8SeqLen(c byte, s []byte) int {
	if c < 0xE0 {
		if c >= 0xC2 && len(s) >= 2 && s[1]&0xC0 == 0x80 {
			return 2
		}
		return 1
	}
	_, n := utf8.DecodeRune(s)
	return n
}

func (r *textRenderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if n.Parent != nil && n.Parent.DataAtom == atom.Pre {
			// Lines of a <pre> are lines of the text.
			lines := strings.Split(n.Data, "\n")
			for i, l := range lines {
				r.cur = append(r.cur, l...)
				if i < len(lines)-1 {
					r.endLine()
				}
			}
			return
		}
		r.cur = append(r.cur, n.Data...)
		return
	case html.ElementNode:
		switch {
		case n.DataAtom == atom.Script || n.DataAtom == atom.Style ||
			n.DataAtom == atom.Noscript || n.DataAtom == atom.Template:
			return // code, never text, even where cleanTree has not been
		case n.DataAtom == atom.Br:
			r.endLine()
			return
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			r.cur = append(r.cur, ' ')
			defer func() { r.cur = append(r.cur, ' ') }()
		case blockTags[n.DataAtom]:
			r.endLine()
			defer r.endLine()
		}
	case html.CommentNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
}

// minArticleLetters is the least text an <article> must hold to be taken
// as the article: less, and it is a teaser card and the largest block wins.
const minArticleLetters = 80

// chooseRoot picks the element of a cleaned page that holds the article:
// the <article> with the most text, else the largest block of text, else
// body itself.
//
// It returns the chosen element's text too, which it has rendered already
// when that element is an <article>.
func chooseRoot(body *html.Node) (*html.Node, string) {
	var best *html.Node
	var bestText string
	bestLetters := 0
	for n := range body.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			t := renderText(n)
			if k := letters(t); k > bestLetters {
				best, bestText, bestLetters = n, t, k
			}
		}
	}
	if bestLetters >= minArticleLetters {
		return best, bestText
	}
	if b := largestBlock(body); b != nil {
		return b, renderText(b)
	}
	return body, renderText(body)
}

// largestBlock returns the element with the most paragraph text: each <p>
// scores its letters to its parent and half to its grandparent, and text
// written straight into a div, td or section (with <br> between lines, as
// older Arabic sites do) scores to that element. Link text scores nothing,
// so menus and link lists left over never win.
func largestBlock(body *html.Node) *html.Node {
	scores := map[*html.Node]int{}
	var order []*html.Node // first-scored order, so ties resolve the same way every time
	add := func(n *html.Node, k int) {
		if n == nil || k == 0 {
			return
		}
		if _, ok := scores[n]; !ok {
			order = append(order, n)
		}
		scores[n] += k
	}
	var walk func(n, block *html.Node, inLink bool)
	walk = func(n, block *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if inLink || block == nil {
					continue
				}
				k := letters(c.Data)
				switch block.DataAtom {
				case atom.P:
					add(block.Parent, k)
					if block.Parent != nil {
						add(block.Parent.Parent, k/2)
					}
				case atom.Div, atom.Section, atom.Td, atom.Article, atom.Main, atom.Blockquote, atom.Body:
					add(block, k)
				}
			case html.ElementNode:
				b := block
				if blockTags[c.DataAtom] || c.DataAtom == atom.Td {
					b = c
				}
				walk(c, b, inLink || c.DataAtom == atom.A)
			}
		}
	}
	walk(body, body, false)
	var best *html.Node
	for _, n := range order {
		if best == nil || scores[n] > scores[best] {
			best = n
		}
	}
	return best
}

// collapse joins the words of s with single spaces.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
