package scraper

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/mmcdole/gofeed"
)

// feedHint is what a feed says about an item, used when its page does not.
type feedHint struct {
	Title     string
	Published time.Time
}

// feedLinks parses an RSS, Atom or JSON feed and returns its items' links
// in feed order, without duplicates and matching Follow if set, with what
// the feed says of each. Items may be on any host: feeds are often served
// from a host of their own.
func feedLinks(body []byte, feedURL *url.URL, follow *regexp.Regexp) ([]string, map[string]feedHint, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("parse feed: %w", err)
	}
	hints := map[string]feedHint{}
	var out []string
	for _, it := range feed.Items {
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		u := resolveLink(feedURL, link)
		if u == nil {
			continue
		}
		s := u.String()
		if _, seen := hints[s]; seen || (follow != nil && !follow.MatchString(s)) {
			continue
		}
		h := feedHint{Title: cleanTitle(it.Title)}
		switch {
		case it.PublishedParsed != nil:
			h.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			h.Published = *it.UpdatedParsed
		}
		hints[s] = h
		out = append(out, s)
	}
	return out, hints, nil
}

// xmlDeclEncoding finds the encoding named in an XML declaration.
var xmlDeclEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']`)

// declareUTF8 rewrites the XML declaration of a feed body that Colly has
// already decoded to UTF-8, so that the feed parser does not decode it a
// second time from the encoding the declaration still names.
func declareUTF8(body []byte) []byte {
	return xmlDeclEncoding.ReplaceAll(body, []byte(`${1}"UTF-8"`))
}
