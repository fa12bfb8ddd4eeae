package extract

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/raqib/raqib"
)

// Aggregation: one finding per site over the whole article, and the quoted
// evidence.

// aggregate keeps, per site, the largest stated count (an exact one on a
// tie), applies the Green Zone rule and orders sites by first appearance.
func (e *Extractor) aggregate(text string, ts []token, ann []word, lang, day string, obs []observation, totals []raqib.Total) raqib.Extraction {
	ex := raqib.Extraction{Lang: lang, Date: day, Sites: []raqib.Finding{}}
	best := map[int]observation{}
	first := map[int]int{}
	clausesOf := map[int][]span{}
	// A denial has the last word over uncounted reports before it: "the
	// group claimed an attack on Erbil airport; the authorities denied it".
	lastDenial := map[int]int{}
	lastReport := map[int]int{}
	counted := map[int]bool{}
	for _, o := range obs {
		if o.denied {
			lastDenial[o.site] = max(lastDenial[o.site], o.order+1)
			continue
		}
		lastReport[o.site] = max(lastReport[o.site], o.order+1)
		counted[o.site] = counted[o.site] || o.counted
	}
	for _, o := range obs {
		if o.denied || !counted[o.site] && lastDenial[o.site] > lastReport[o.site] {
			continue
		}
		clausesOf[o.site] = append(clausesOf[o.site], o.clause)
		if _, ok := first[o.site]; !ok {
			first[o.site] = o.order
		}
		b, ok := best[o.site]
		if !ok || o.attacks > b.attacks || o.attacks == b.attacks && o.exact && !b.exact || o.attacks == b.attacks && o.counted && !b.counted {
			best[o.site] = o
		}
	}
	embassy := false
	for si := range best {
		if e.sites[si].Kind == raqib.KindEmbassy {
			embassy = true
		}
	}
	ids := make([]int, 0, len(best))
	for si := range best {
		// The Green Zone is only where the embassy is: label it only when
		// the embassy itself was not hit.
		if embassy && e.sites[si].Kind == raqib.KindZone {
			continue
		}
		ids = append(ids, si)
	}
	sort.Slice(ids, func(a, b int) bool { return first[ids[a]] < first[ids[b]] })
	for _, si := range ids {
		o := best[si]
		s := e.sites[si]
		f := raqib.Finding{Site: s.ID, Name: s.NameEN, Attacks: o.attacks, Exact: o.exact,
			Evidence: snippet(text, ts, o.evidence, o.order, o.order+1)}
		f.ClaimedBy = claimedBy(ts, ann, o.evidence)
		f.Casualties = casualties(text, ts, ann, o.evidence)
		// Weapons from every clause that reports an attack on the site.
		for _, cl := range clausesOf[si] {
			w, p := weapons(ts, ann, cl)
			f.Weapons = mergeWeapons(f.Weapons, w)
			f.Projectiles = max(f.Projectiles, p)
		}
		f.Days = []raqib.DayCount{}
		if day != "" {
			f.Days = append(f.Days, raqib.DayCount{Day: day, Attacks: f.Attacks, Exact: f.Exact, Evidence: f.Evidence})
		}
		ex.Sites = append(ex.Sites, f)
	}
	ex.EmbassyTargeted = embassy
	ex.Totals = dedupTotals(totals)
	return ex
}

func dedupTotals(ts []raqib.Total) []raqib.Total {
	var out []raqib.Total
	seen := map[string]bool{}
	for _, t := range ts {
		k := fmt.Sprint(t.Attacks, t.Evidence)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// detectLang picks the script with more letters.
func detectLang(ts []token) string {
	ar, en := 0, 0
	for _, t := range ts {
		if t.kind != tkWord {
			continue
		}
		if t.arabic {
			ar += len(t.norm)
		} else {
			en += len(t.norm)
		}
	}
	if en > ar {
		return "en"
	}
	return "ar"
}

// maxEvidence caps the evidence snippet, in runes.
const maxEvidence = 200

// snippet quotes the source text of sentence sp around tokens [from,to).
func snippet(src string, ts []token, sp span, from, to int) string {
	if sp.hi <= sp.lo {
		return ""
	}
	lo, hi := sp.lo, sp.hi
	// Trim a long sentence to a window of about 40 tokens around the mention.
	const window = 40
	if hi-lo > window {
		lo = max(sp.lo, min(from-window/2, hi-window))
		hi = min(sp.hi, max(lo+window, to))
	}
	for lo < hi && ts[lo].kind == tkPunct {
		lo++
	}
	for hi > lo && ts[hi-1].kind == tkPunct && (ts[hi-1].norm == "," || ts[hi-1].norm == ";" || ts[hi-1].norm == "\n") {
		hi--
	}
	if lo >= hi {
		return ""
	}
	start, end := int(ts[lo].start), int(ts[hi-1].end)
	if start >= end || end > len(src) {
		return ""
	}
	s := strings.TrimSpace(strings.ToValidUTF8(src[start:end], ""))
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxEvidence {
		r := []rune(s)
		s = string(r[:maxEvidence]) + "…"
	}
	return s
}
