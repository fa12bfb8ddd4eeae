package scraper

import (
	"strings"

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
	var r textRenderer
	r.walk(n)
	r.endLine()
	return strings.Join(r.lines, "\n")
}

type textRenderer struct {
	lines []string
	cur   strings.Builder
}

func (r *textRenderer) endLine() {
	if line := strings.Join(strings.Fields(r.cur.String()), " "); line != "" {
		r.lines = append(r.lines, line)
	}
	r.cur.Reset()
}

func (r *textRenderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if n.Parent != nil && n.Parent.DataAtom == atom.Pre {
			// Lines of a <pre> are lines of the text.
			lines := strings.Split(n.Data, "\n")
			for i, l := range lines {
				r.cur.WriteString(l)
				if i < len(lines)-1 {
					r.endLine()
				}
			}
			return
		}
		r.cur.WriteString(n.Data)
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
			r.cur.WriteByte(' ')
			defer r.cur.WriteByte(' ')
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
func chooseRoot(body *html.Node) *html.Node {
	var best *html.Node
	bestLetters := 0
	for n := range body.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			if k := letters(renderText(n)); k > bestLetters {
				best, bestLetters = n, k
			}
		}
	}
	if bestLetters >= minArticleLetters {
		return best
	}
	if b := largestBlock(body); b != nil {
		return b
	}
	return body
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
