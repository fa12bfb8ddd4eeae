package scraper

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publishedMetaKeys are the property, name or itemprop values of <meta>
// tags that carry the publication time, most trusted first (compared in
// lower case).
var publishedMetaKeys = []string{
	"article:published_time", "og:article:published_time", "og:published_time",
	"datepublished", "dcterms.issued", "dc.date.issued", "dc.date.created",
	"dcterms.created", "dc.date", "dcterms.date", "pubdate", "publishdate",
	"publish-date", "publish_date", "article.published", "sailthru.date",
	"parsely-pub-date", "date",
}

// findPublished returns the publication time the page states: a <meta>
// (article:published_time and its og, itemprop and Dublin Core variants),
// else JSON-LD datePublished (nested or in an @graph), else an element with
// itemprop=datePublished, else the first <time datetime> of the article.
// It is the zero time when none parses.
func findPublished(doc *goquery.Document) time.Time {
	metas := map[string]string{}
	doc.Find("meta[content]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"property", "name", "itemprop"} {
			if k := strings.ToLower(strings.TrimSpace(s.AttrOr(a, ""))); k != "" {
				if _, seen := metas[k]; !seen {
					metas[k] = s.AttrOr("content", "")
				}
			}
		}
	})
	for _, k := range publishedMetaKeys {
		if t, ok := parseTime(metas[k]); ok {
			return t
		}
	}
	if t, ok := jsonLDPublished(doc); ok {
		return t
	}
	for _, n := range doc.Find("[itemprop=datePublished]").Nodes {
		for _, a := range []string{"datetime", "content"} {
			if t, ok := parseTime(attr(n, a)); ok {
				return t
			}
		}
	}
	return timeElement(doc)
}

// timeElement returns the first <time datetime> inside an <article>, else
// inside <main>, else the first one outside the page's chrome (a related
// list dates other articles).
func timeElement(doc *goquery.Document) time.Time {
	for _, q := range []string{"article time[datetime]", "main time[datetime]", "time[datetime]"} {
		for _, n := range doc.Find(q).Nodes {
			if q == "time[datetime]" && inChrome(n) {
				continue
			}
			if t, ok := parseTime(attr(n, "datetime")); ok {
				return t
			}
		}
	}
	return time.Time{}
}

func inChrome(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Aside, atom.Nav, atom.Footer:
			return true
		}
		if namesChrome(attr(p, "class")) || namesChrome(attr(p, "id")) {
			return true
		}
	}
	return false
}

// jsonLDPublished returns the datePublished of the page's JSON-LD,
// preferring an article-typed object to any other (a WebPage, a Person).
func jsonLDPublished(doc *goquery.Document) (time.Time, bool) {
	var fallback time.Time
	found := false
	for _, n := range doc.Find("script").Nodes {
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(attr(n, "type"))), "application/ld+json") || n.FirstChild == nil {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(trimJSON(n.FirstChild.Data)), &v); err != nil {
			continue // broken JSON-LD is common; other sources remain
		}
		if t, ok := datePublished(v, true, 0); ok {
			return t, true
		}
		if !found {
			fallback, found = datePublished(v, false, 0)
		}
	}
	return fallback, found
}

// trimJSON cuts the CDATA or comment wrappers some sites put around JSON-LD.
func trimJSON(s string) string {
	s = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(s)
	start := strings.IndexAny(s, "{[")
	end := strings.LastIndexAny(s, "}]")
	if start < 0 || end < start {
		return s
	}
	return s[start : end+1]
}

// maxJSONDepth stops a walk of absurdly nested JSON-LD.
const maxJSONDepth = 16

// jsonLDNested are the keys under which JSON-LD nests the article, in the
// order they are searched.
var jsonLDNested = []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement"}

// datePublished walks v (objects, arrays, @graph) for a datePublished that
// parses, only in objects of an article @type when articleOnly is set.
func datePublished(v any, articleOnly bool, depth int) (time.Time, bool) {
	if depth > maxJSONDepth {
		return time.Time{}, false
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if t, ok := datePublished(e, articleOnly, depth+1); ok {
				return t, true
			}
		}
	case map[string]any:
		if s, ok := v["datePublished"].(string); ok && (!articleOnly || isArticleType(v["@type"])) {
			if t, ok := parseTime(s); ok {
				return t, true
			}
		}
		for _, k := range jsonLDNested {
			if t, ok := datePublished(v[k], articleOnly, depth+1); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// isArticleType reports whether an @type (a string or a list) is a
// schema.org article: Article, NewsArticle, ReportageNewsArticle,
// BlogPosting, Report...
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.Contains(t, "Article") || strings.Contains(t, "Posting") || strings.HasSuffix(t, "Report")
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// timeLayouts are the layouts sites write dates in. A time parsed with a
// layout without a zone is returned in Zoneless.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC850,
	"January 2, 2006 15:04",
	"January 2, 2006",
	"2 January 2006",
	"Jan 2, 2006",
}

// Zoneless is the location of a published time that the page wrote without
// a zone ("2026-11-27 22:30", or an abbreviation Go does not know, such as
// AST): a wall-clock time of the site's own zone. The scraper does not know
// that zone; the caller reads the time in the configured one (InZone), so
// that a 22:30 Baghdad story is not dated the next day.
var Zoneless = time.FixedZone("zone not given", 0)

// InZone returns t read in loc when the page gave no zone (t is in
// Zoneless), else t unchanged.
func InZone(t time.Time, loc *time.Location) time.Time {
	if t.Location() != Zoneless || loc == nil {
		return t
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), loc)
}

// parseTime parses s in one of timeLayouts; years outside 1990-2200 are
// taken for junk. A time without a zone comes back in Zoneless.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		t, err := time.Parse(layout, s)
		if err != nil || t.Year() < 1990 || t.Year() > 2200 {
			continue
		}
		if !hasZone(layout, t) {
			y, mo, d := t.Date()
			h, mi, sec := t.Clock()
			t = time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), Zoneless)
		}
		return t, true
	}
	return time.Time{}, false
}

// hasZone reports whether t, parsed with layout, carries a real zone: the
// layout has an offset, or a zone abbreviation that Go knew (an unknown one
// parses as a made-up zone at offset 0). A date alone has no time of day to
// shift and counts as zoneless too, so that it keeps its calendar day.
func hasZone(layout string, t time.Time) bool {
	if strings.Contains(layout, "Z07") || strings.Contains(layout, "-0700") {
		return true
	}
	if strings.Contains(layout, "MST") {
		name, offset := t.Zone()
		return offset != 0 || name == "UTC" || name == "GMT" || name == "Z"
	}
	return false
}
