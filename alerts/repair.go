package alerts

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/raqib/raqib"
)

// Lengths Repair cuts scraped text to, in characters: far inside any
// destination's limits, so that what was rejected for its size goes through.
const (
	repairTitle    = 120
	repairEvidence = 300
	repairShort    = 60  // source, site name, days
	repairURL      = 512 // longer article URLs are left out
)

// Repair returns copies of batch fit for a retry after the destination
// rejected the message: every scraped text made valid UTF-8, put on one line
// and cut on a character boundary to a short length, and an article URL that
// is not a plain absolute http(s) URL of modest length left out. What raqib
// states itself (site, counts, day) is kept.
func Repair(batch []raqib.Alert) []raqib.Alert {
	out := make([]raqib.Alert, len(batch))
	for i, a := range batch {
		a.Title = shorten(a.Title, repairTitle)
		a.Evidence = shorten(a.Evidence, repairEvidence)
		a.Source = shorten(a.Source, repairShort)
		a.SiteName = shorten(a.SiteName, repairShort)
		a.Day = shorten(a.Day, repairShort)
		a.Reported = shorten(a.Reported, repairShort)
		if a.Total != nil {
			t := *a.Total // the caller's alert keeps its own
			t.Since = shorten(t.Since, repairShort)
			t.Evidence = ""
			a.Total = &t
		}
		a.URL = plainURL(a.URL)
		out[i] = a
	}
	return out
}

// repairArticles is Repair for the corroborating articles of an edit.
func repairArticles(also map[int64][]raqib.Article) map[int64][]raqib.Article {
	out := make(map[int64][]raqib.Article, len(also))
	for id, arts := range also {
		cp := make([]raqib.Article, 0, len(arts))
		for _, a := range arts {
			if a.URL = plainURL(a.URL); a.URL == "" {
				continue
			}
			a.Source = shorten(a.Source, repairShort)
			a.Title = shorten(a.Title, repairTitle)
			cp = append(cp, a)
		}
		out[id] = cp
	}
	return out
}

// shorten makes s valid UTF-8 on one line and cuts it to at most max
// characters, on a character boundary, ending in an ellipsis when cut.
func shorten(s string, max int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		n++
	}
	return s
}

// plainURL returns u when it is an absolute http(s) URL without spaces or
// control characters and at most repairURL bytes long, else "".
func plainURL(u string) string {
	if u == "" || len(u) > repairURL || !utf8.ValidString(u) {
		return ""
	}
	for _, r := range u {
		if r <= ' ' || r == 0x7f {
			return ""
		}
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}
