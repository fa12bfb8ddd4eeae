package scraper

import "bytes"

// sniffLimit is how much of a body LooksLikeHTML reads.
const sniffLimit = 4 << 10

// Tags that only an HTML document has near its start, and tags that make a
// body beginning with "<" HTML rather than text that quotes a tag.
var (
	documentTags = []string{"!doctype", "html", "head", "body"}
	fragmentTags = []string{
		"p", "div", "article", "br", "meta", "title", "h1", "h2", "span",
		"a", "ul", "table", "section", "main",
	}
)

// LooksLikeHTML reports whether body is an HTML document rather than plain
// text: it has a doctype, <html>, <head> or <body> near its start, or it
// starts with a tag and holds common block tags. A text article that merely
// mentions "<p>" is not HTML.
func LooksLikeHTML(body []byte) bool {
	if len(body) > sniffLimit {
		body = body[:sniffLimit]
	}
	head := bytes.ToLower(bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF}))
	for _, tag := range documentTags {
		if hasTag(head, tag) {
			return true
		}
	}
	if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\f"), []byte("<")) {
		return false
	}
	for _, tag := range fragmentTags {
		if hasTag(head, tag) {
			return true
		}
	}
	return false
}

// hasTag reports whether b holds "<name" followed by a space, "/" or ">":
// "<br>" and "<br/>" count, "<breaking>" does not.
func hasTag(b []byte, name string) bool {
	open := []byte("<" + name)
	for i := bytes.Index(b, open); i >= 0; {
		rest := b[i+len(open):]
		if len(rest) > 0 && bytes.IndexByte([]byte(" \t\r\n\f/>"), rest[0]) >= 0 {
			return true
		}
		j := bytes.Index(rest, open)
		if j < 0 {
			return false
		}
		i += len(open) + j
	}
	return false
}
