package extract

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/raqib/raqib"
)

// Aggregation: one finding per site over the whole article, and the quoted
// evidence.

// aggregate makes one finding per site over the whole article: its
// attacks per day, the attacks it was told of without a day, and its
// running total (see siteAttacks); it applies the Green Zone rule and
// orders sites by first appearance.
func (e *Extractor) aggregate(text string, ts []token, ann []word, lang, day string, obs []observation, totals []raqib.Total) raqib.Extraction {
	ex := raqib.Extraction{Lang: lang, Date: day, Sites: []raqib.Finding{}}
	article, _ := civil(day)
	bySite := map[int][]observation{}
	var order []int
	// A denial has the last word over uncounted reports before it: "the
	// group claimed an attack on Erbil airport; the authorities denied it".
	// A report told as earlier comes before it whatever its place: "a
	// source denied that Ain al-Asad was shelled ... pages had spread news
	// of rockets on the base".
	lastDenial := map[int]int{}
	lastReport := map[int]int{}
	counted := map[int]bool{}
	for _, o := range obs {
		if o.denied {
			lastDenial[o.site] = max(lastDenial[o.site], o.order+1)
			continue
		}
		if !o.earlier && !o.rumor {
			lastReport[o.site] = max(lastReport[o.site], o.order+1)
		}
		counted[o.site] = counted[o.site] || o.counted
	}
	for _, o := range obs {
		if o.denied || !counted[o.site] && lastDenial[o.site] > lastReport[o.site] {
			continue
		}
		if _, ok := bySite[o.site]; !ok {
			order = append(order, o.site)
		}
		bySite[o.site] = append(bySite[o.site], o)
	}
	embassy := false
	for si := range bySite {
		if e.sites[si].Kind == raqib.KindEmbassy {
			embassy = true
		}
	}
	for _, si := range order {
		// The Green Zone is only where the embassy is: label it only when
		// the embassy itself was not hit.
		if embassy && e.sites[si].Kind == raqib.KindZone {
			continue
		}
		os := bySite[si]
		s := e.sites[si]
		f, dayObs, totalObs := siteAttacks(os, article, day != "")
		best := os[0]
		for _, o := range os[1:] {
			if better(o, best) {
				best = o
			}
		}
		f.Site, f.Name = s.ID, s.NameEN
		f.Evidence = snippet(text, ts, best.evidence, best.order, best.order+1)
		// Days and totals mostly quote the site's own evidence: quote
		// each sentence once.
		quote := func(o observation) string {
			if o.evidence == best.evidence && o.order == best.order {
				return f.Evidence
			}
			return snippet(text, ts, o.evidence, o.order, o.order+1)
		}
		for i := range f.Days {
			f.Days[i].Evidence = quote(dayObs[i])
		}
		if f.Total != nil {
			f.Total.Evidence = quote(totalObs)
		}
		f.ClaimedBy = claimedBy(ts, ann, best.evidence)
		f.Casualties = casualties(text, ts, ann, best.evidence)
		// Weapons from every clause that reports an attack on the site.
		for _, o := range os {
			w, p := weapons(ts, ann, o.clause)
			f.Weapons = mergeWeapons(f.Weapons, w)
			f.Projectiles = max(f.Projectiles, p)
		}
		ex.Sites = append(ex.Sites, f)
	}
	ex.EmbassyTargeted = embassy
	ex.Totals = dedupTotals(totals)
	return ex
}

// better orders observations of one site: more attacks, then an exact
// count, then a stated one.
func better(o, b observation) bool {
	return o.attacks > b.attacks || o.attacks == b.attacks && (o.exact && !b.exact || o.counted && !b.counted)
}

// siteAttacks adds up what an article says of one site (labels.md rules 8
// and 14): per day the largest count stated for it (outlets and quotes
// repeat one another: never summed); attacks the text dates to no day go
// to the article's day when nothing else is dated, else they are taken to
// be the dated ones told again; distinct earlier attacks told without a
// day add to the count but to no day; a running total and an ordinal ("the
// third attack on X") are lower bounds of the whole. dated says whether
// article is known; without it, no Days are given. It also returns the
// observation behind each entry of Days and the total's, for their evidence.
func siteAttacks(os []observation, article time.Time, dated bool) (raqib.Finding, []observation, observation) {
	var days dayTable
	var undated, earlier, total, ordinal, window slot
	// A day taken from the paragraph or the lead gives way to days the
	// text names for the site's attacks.
	named := false
	for _, o := range os {
		named = named || !o.day.IsZero() && !o.inferred && !o.total && !o.window
	}
	for _, o := range os {
		if o.inferred && named {
			o.day = time.Time{}
		}
		// "that attack on the embassy": the attack the site's other
		// reports tell.
		if o.again && len(os) > 1 {
			continue
		}
		switch {
		case o.total:
			total.pick(o)
		case o.window && o.day.IsZero():
			window.pick(o)
		case o.ordinal:
			ordinal.pick(o)
			// The attack the ordinal numbers is one of its day.
			one := o
			one.attacks, one.exact, one.counted, one.ordinal = 1, false, false, false
			if o.hours {
				// "لهجوم ثانٍ خلال ساعات": the day has them all.
				one.attacks, one.exact, one.counted = o.attacks, o.exact, true
			}
			if one.day.IsZero() {
				undated.pick(one)
			} else {
				days.pick(one.day, one)
			}
		case !o.day.IsZero():
			days.pick(o.day, o)
		case o.earlier:
			earlier.pick(o)
		default:
			undated.pick(o)
		}
	}
	// "هجومان على قاعدة الشدادي ... صباح اليوم ... أمس": a count the text
	// spreads over days it names is their sum's lower bound.
	if u := undated.o; undated.ok && u.counted && u.attacks >= 2 && len(days) >= 2 && days.sum() >= u.attacks {
		window.pick(u)
		undated.ok = false
	}
	if undated.ok {
		// Undated reports are the article's day's, unless the text dates
		// the site's attacks to other days only: then they are those told
		// again.
		at := article
		if !days.has(article) {
			for _, d := range days {
				if at == article || d.day.After(at) {
					at = d.day
				}
			}
		}
		days.pick(at, undated.o)
	}
	// A count over a span ("two attacks within 24 hours") is the article's
	// day's when the text dates no attack of the site; else it is only a
	// lower bound of those it dates.
	if window.ok && len(days) == 0 {
		at := window.o.peg
		if at.IsZero() {
			at = article
		}
		days.pick(at, window.o)
		window.ok = false
	}
	f := raqib.Finding{Days: []raqib.DayCount{}}
	sum, sumExact := 0, true
	for _, d := range days {
		sum += d.o.attacks
		sumExact = sumExact && d.o.exact
	}
	slices.SortFunc(days, func(a, b dayObs) int { return a.day.Compare(b.day) })
	var dayObservations []observation
	if dated {
		for _, d := range days {
			f.Days = append(f.Days, raqib.DayCount{Day: d.day.Format(time.DateOnly), Attacks: d.o.attacks, Exact: d.o.exact})
			dayObservations = append(dayObservations, d.o)
		}
	}
	// Earlier attacks told without a day are others than those of days:
	// "سبقته هجمات عدة", "was hit twice last month" (labels.md rules 8, 12).
	// "the second attack on the base within three days" with both dated:
	// earlier attacks told without a day are those, told again.
	if earlier.ok && !(ordinal.ok && sum >= ordinal.o.attacks && !earlier.o.counted) {
		sum += earlier.o.attacks
		sumExact = sumExact && earlier.o.exact
	}
	f.Attacks, f.Exact = sum, sumExact && sum > 0
	if ordinal.ok && ordinal.o.attacks >= f.Attacks {
		f.Attacks, f.Exact = ordinal.o.attacks, true
	}
	if window.ok && window.o.attacks >= f.Attacks {
		f.Attacks, f.Exact = window.o.attacks, window.o.exact
	}
	if total.ok {
		t := &raqib.RunningTotal{Attacks: total.o.attacks, Exact: total.o.exact}
		if !total.o.since.IsZero() {
			t.Since = total.o.since.Format(time.DateOnly)
		}
		f.Total = t
		if total.o.attacks >= f.Attacks {
			f.Attacks, f.Exact = total.o.attacks, total.o.exact
		}
	}
	return f, dayObservations, total.o
}

// slot keeps the better of the observations picked into it.
type slot struct {
	o  observation
	ok bool
}

func (s *slot) pick(o observation) {
	if !s.ok || better(o, s.o) {
		s.o, s.ok = o, true
	}
}

// dayTable keeps, per day, the better of the observations of that day (an
// article names few days: a slice beats a map).
type dayTable []dayObs

type dayObs struct {
	day time.Time
	o   observation
}

func (t *dayTable) pick(day time.Time, o observation) {
	for k := range *t {
		if d := &(*t)[k]; d.day.Equal(day) {
			if better(o, d.o) {
				d.o = o
			}
			return
		}
	}
	*t = append(*t, dayObs{day, o})
}

func (t dayTable) has(day time.Time) bool {
	for _, d := range t {
		if d.day.Equal(day) {
			return true
		}
	}
	return false
}

func (t dayTable) sum() int {
	n := 0
	for _, d := range t {
		n += d.o.attacks
	}
	return n
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
	return cleanEvidence(src[start:end])
}

// cleanEvidence drops invalid UTF-8, folds runs of white space to one
// space, trims the ends and cuts the text to maxEvidence runes plus "…",
// in one pass (it runs for every site, day and total of every article).
func cleanEvidence(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), 4*maxEvidence+4))
	runes, space := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				i++
				continue // an invalid byte
			}
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = runes > 0
			i += size
			continue
		}
		if space {
			if runes == maxEvidence {
				b.WriteString("…")
				return b.String()
			}
			b.WriteByte(' ')
			runes++
			space = false
		}
		if runes == maxEvidence {
			b.WriteString("…")
			return b.String()
		}
		b.WriteString(s[i : i+size])
		runes++
		i += size
	}
	return b.String()
}
