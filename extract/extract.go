package extract

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/raqib/raqib"
)

// Extractor finds attacked sites in article text. It is immutable after New
// and safe for concurrent use.
type Extractor struct {
	sites []raqib.Site
	root  *trieNode
	// cities maps the last word of a consulate's "... in City" aliases to
	// the consulate's index+1.
	cities map[string]int
	// vocab is the lexicon plus every token that opens an alias, with
	// starts holding the trie nodes it opens (see indexStarts).
	vocab  map[string]word
	starts [][]startCand
	// weak holds English names without their base noun (see insertWeak).
	weak *trieNode
	// consulate is the index of the one consulate among the sites (-1:
	// none, -2: more than one), for an embassy that means it.
	consulate int
}

// New builds an extractor over the given sites (gazetteer.Default() plus any the user adds in config).
func New(sites []raqib.Site) (*Extractor, error) {
	if len(sites) == 0 {
		return nil, errors.New("extract: no sites")
	}
	e := &Extractor{sites: make([]raqib.Site, len(sites)), root: newNode(), weak: newNode(), cities: map[string]int{}}
	copy(e.sites, sites)
	seen := map[string]bool{}
	for i, s := range e.sites {
		if s.ID == "" {
			return nil, fmt.Errorf("extract: site %d has no id", i)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("extract: duplicate site id %q", s.ID)
		}
		seen[s.ID] = true
		names := 0
		for _, a := range append(append([]string{s.NameEN, s.NameAR}, s.AliasesEN...), s.AliasesAR...) {
			if strings.TrimSpace(a) != "" {
				e.root.insert(a, i)
				names++
			}
		}
		if names == 0 {
			return nil, fmt.Errorf("extract: site %q has no names", s.ID)
		}
		if s.Kind == raqib.KindEmbassy || s.Kind == raqib.KindConsulate {
			e.bareEmbassyNames(s, i)
		}
		for _, a := range append([]string{s.NameEN}, s.AliasesEN...) {
			e.insertWeak(a, i)
		}
		if s.Kind == raqib.KindConsulate {
			for _, a := range append(append([]string{}, s.AliasesEN...), s.AliasesAR...) {
				ws := normalizeWords(a)
				if n := len(ws); n >= 2 && (ws[n-2] == "في" || ws[n-2] == "in") {
					if _, taken := e.cities[ws[n-1]]; !taken {
						e.cities[ws[n-1]] = i + 1
					}
				}
			}
		}
	}
	// Other spellings of the English names, after every name as written,
	// which they never displace.
	for i, s := range e.sites {
		for _, a := range append([]string{s.NameEN}, s.AliasesEN...) {
			if isAcronym(a) {
				continue
			}
			for _, ws := range spellings(normalizeWords(a)) {
				if cur := e.root.path(ws); cur.site == -1 {
					cur.site, cur.ntok = i, len(ws)
				}
			}
		}
	}
	e.consulate = -1
	for i, s := range e.sites {
		if s.Kind == raqib.KindConsulate {
			if e.consulate != -1 {
				e.consulate = -2 // more than one: a sentence must say which
				break
			}
			e.consulate = i
		}
	}
	e.indexStarts()
	return e, nil
}

// bareEmbassyNames also indexes the names of an embassy or a consulate
// without their city ("US embassy in Baghdad" -> "US embassy", "US
// consulate in Erbil" -> "US consulate", "القنصلية الأمريكية في أربيل" ->
// "القنصلية الأمريكية"), as the Arabic aliases of the embassy already do
// (السفارة الأمريكية). The trap for other cities ("the
// US embassy in Amman", "the US consulate in Basra") and the speaker rule
// keep them honest. A name already taken by another site (the embassy's
// "US embassy") stays that site's.
func (e *Extractor) bareEmbassyNames(s raqib.Site, si int) {
	for _, a := range append(append([]string{s.NameEN, s.NameAR}, s.AliasesEN...), s.AliasesAR...) {
		ws := normalizeWords(a)
		n := len(ws)
		if n < 3 || ws[n-2] != "in" && ws[n-2] != "of" && ws[n-2] != "في" {
			continue
		}
		ws = ws[:n-2]
		// "القنصلية الأمريكية في أربيل" -> "القنصلية الأمريكية".
		if first, last := ws[0], ws[len(ws)-1]; len(ws) >= 2 && (last == "embassy" || last == "consulate" || first == "القنصليه" || first == "السفاره") {
			e.root.insert(strings.Join(ws, " "), si)
		}
	}
}

// observation is one clause's statement about one site.
type observation struct {
	site     int
	attacks  int
	exact    bool
	counted  bool // the number was stated
	denied   bool // the clause denies an attack on the site
	order    int  // position of the mention, for stable output order
	evidence span
	clause   span
	// When the attacks were: day is the day the text gives them (zero:
	// none); earlier marks attacks told as past background (no day unless
	// one is given); total marks a running total, counting from since
	// (zero: not given); ordinal marks a count that numbers the site's
	// attacks ("the third attack on X"), the last of which is on day.
	day            time.Time
	earlier, total bool
	ordinal        bool
	window         bool      // attacks is a count over a span of time: a lower bound, of no one day unless none is named
	hours          bool      // an ordinal over hours ("هجوم ثانٍ خلال ساعات"): all it numbers are of its day
	again          bool      // "that attack on the embassy": an attack told before, told again
	peg            time.Time // the day of the paragraph or the lead, for a window count dated nowhere else
	inferred       bool      // day is the paragraph's or the lead's, not one the clause names
	vague          bool      // "repeatedly", "attacks" without a number: a count of events cannot be told
	rumor          bool      // told as what reports said ("reports that ..."): a denial anywhere outweighs it
	since          time.Time
}

// Extract reads one article's text (blocks separated by newlines) and returns the sites it says were attacked.
// lang is "ar", "en", or "auto"/"" (detect from the script). day is the
// article's own day, YYYY-MM-DD: the day of attacks the text gives no day,
// and the anchor of "yesterday" or "on Tuesday"; with day empty, Days are
// left empty.
func (e *Extractor) Extract(text, lang, day string) raqib.Extraction {
	if len(text) > maxText {
		text = text[:maxText] // token offsets are int32
	}
	sc := getScratch()
	defer sc.put()
	sc.toks, sc.buf = tokenizeInto(text, sc.buf, sc.toks)
	ts := postprocess(sc.toks, text)
	if lang != "ar" && lang != "en" {
		lang = detectLang(ts)
	}
	if sc.memo == nil {
		sc.memo = make(map[string]annotation)
	}
	if sc.owner != e {
		clear(sc.memo)
		sc.owner = e
	}
	sc.ann, sc.heads = annotateMemo(ts, e.vocab, sc.ann, sc.memo, sc.heads)
	ann := sc.ann
	lines := splitLines(ts)
	skip := relatedLines(ts, lines)
	article, dated := civil(day)
	year := 0 // the article's year, when known
	if dated {
		year = article.Year()
	}
	var days []dayRef           // the day expressions of the current sentence
	var daysOf, daysOfDays span // the sentences corrected and days are of
	corrected := -1             // where the current sentence corrects itself, if it does
	// Days named before the current sentence: the last one (for "the same
	// day"), the last one of its line, and the article's first (the day
	// of its news): an attack a sentence gives no day to is on the day
	// its paragraph, else its lead, gives.
	var lastDay, lineDay, peg time.Time
	// A line ending with ':' after a since ("منذ 19 تشرين الأول، على النحو
	// الآتي:") opens a running tally: its items are totals from that day.
	var listSince, lineSince *time.Time
	inList := false // after such a header that counts attacks
	// A sentence that counts attacks since a day ("SOHR has recorded 135
	// attacks since October 19") may be followed by one that breaks the
	// count down by site ("They include 40 on Conoco, 36 on al-Omar").
	var tallySince *time.Time
	tallySent := span{-1, -1}
	var lineSites []int // sites the current line has reported attacked

	obs := sc.obs[:0]
	var totals []raqib.Total
	var ms []mention
	var cls, sents []span
	var named []int     // every distinct site named, in order, for anaphora
	var info clauseInfo // reused for every clause
	table := false      // inside a table whose header names an attacks column
	for li, ln := range lines {
		if skip[li] || ln.hi == ln.lo {
			continue
		}
		ms = e.lineMentions(ts, ann, ln, ms[:0], named)
		if o, ok := tableRow(ts, ann, ln, ms, &table); ok {
			obs = append(obs, o)
			continue
		}
		for _, m := range ms {
			if !m.anaphor && !slices.Contains(named, m.site) {
				named = append(named, m.site)
			}
		}
		if inList && !listItem(ts, ann, ln, ms) {
			inList = false
		}
		// "— 18 على قاعدة حقل العمر النفطي" under "76 هجوماً ... على النحو
		// التالي:": an item of the tally above.
		if inList {
			if o, ok := listRow(ts, ann, ln, ms, listSince); ok {
				obs = append(obs, o)
				continue
			}
		}
		if len(ms) == 0 && !hasCount(ann, ln) {
			// "وجاءت الحصيلة منذ مطلع العام موزعة على القواعد كالتالي:":
			// a header with no count still gives its items their start.
			if dated && endsWithColon(ts, ln) {
				listSince = nil
				for _, d := range findDays(ts, ann, ln, article, lastDay, nil) {
					if d.since {
						day := d.day
						listSince = &day
					}
				}
			}
			continue
		}
		tallyLine(ts, ann, ln, ms)
		cls, sents = clauses(ts, ann, ln, cls[:0], sents[:0])
		lineDay = time.Time{}
		tallySince = nil
		lineSites = lineSites[:0]
		if listSince != nil && !listItem(ts, ann, ln, ms) {
			listSince = nil
		}
		prevSince := lineSince
		lineSince = nil
		k := 0
		for ci, cl := range cls {
			for k < len(ms) && ms[k].start < cl.lo {
				k++
			}
			end := k
			for end < len(ms) && ms[end].start < cl.hi {
				end++
			}
			cont := tallySince != nil && sents[ci].lo >= tallySent.hi
			info.analyze(ts, ann, cl, year, cont)
			if sents[ci] != daysOf {
				daysOf = sents[ci]
				corrected = correctionIn(ts, ann, daysOf)
			}
			if dated && sents[ci] != daysOfDays {
				if d := lastOf(days); !d.IsZero() {
					lineDay = d
				}
				daysOfDays = sents[ci]
				days = findDays(ts, ann, daysOfDays, article, lastDay, days[:0])
				if d := lastOf(days); !d.IsZero() {
					lastDay = d
					if peg.IsZero() {
						peg = firstOf(days)
					}
				}
				for _, d := range days {
					if d.since {
						day := d.day
						lineSince = &day
					}
				}
			}
			fallback := lineDay
			if fallback.IsZero() {
				fallback = peg
			}
			since := listSince
			if cont {
				since = tallySince
			}
			n := len(obs)
			obs, totals = e.decideClause(text, ts, ann, &info, ms[k:end], sents[ci], near(days, cl), fallback, since, obs, totals)
			obs = append(obs[:n], dropCorrected(corrected, obs[n:])...)
			// "... rockets were fired at Al Asad. Officials said no such
			// attack had taken place": a denial that names no site denies
			// what its paragraph reported.
			if info.denied && k == end {
				for _, si := range lineSites {
					obs = append(obs, observation{site: si, order: cl.lo, denied: true})
				}
			}
			o := obs[n:]
			for _, x := range o {
				if !x.denied && !slices.Contains(lineSites, x.site) {
					lineSites = append(lineSites, x.site)
				}
			}
			if !cont && info.since && len(info.counts) > 0 {
				d := time.Time{}
				for _, r := range days {
					if r.since {
						d = r.day
					}
				}
				tallySince, tallySent = &d, sents[ci]
			} else if cont && len(o) == 0 && sents[ci] != tallySent {
				tallySince = nil
			}
			k = end
		}
		if endsWithColon(ts, ln) {
			listSince = lineSince
			if listSince == nil {
				listSince = prevSince
			}
			inList = hasCount(ann, ln)
		}
	}
	if !dated {
		day = ""
	}
	ex := e.aggregate(text, ts, ann, lang, day, obs, totals)
	if cap(obs) <= maxScratch/16 {
		sc.obs = obs[:0]
	}
	return ex
}

// listRow reads an item of a tally list: one site and one number ("18 على
// قاعدة حقل العمر", "قاعدة التنف — 10"). Under a since, it is the site's
// running total.
func listRow(ts []token, ann []word, ln span, ms []mention, since *time.Time) (observation, bool) {
	if len(ms) == 0 {
		return observation{}, false
	}
	for _, m := range ms[1:] {
		if m.site != ms[0].site {
			return observation{}, false
		}
	}
	n, at, exact := 0, -1, true
	lo := ln.lo
	// "1. ...", "٢- ...": the item's number, not a count.
	if lo+1 < ln.hi && ts[lo].kind == tkNum && (ts[lo+1].kind == tkPunct || ts[lo+1].norm == "-") {
		lo += 2
	}
	for i := lo; i < ln.hi; i++ {
		if inMention(ms, i) {
			continue
		}
		if ann[i].flags&(fCue|fCountNoun|fProj) != 0 {
			return observation{}, false // an item that tells its own attack
		}
		if v, next, ok := numberAt(ts, ann, i); ok {
			if at >= 0 || v < 1 {
				return observation{}, false // two numbers: not a plain item
			}
			n, at = v, i
			if i > ln.lo && ann[i-1].flags&fApprox != 0 {
				exact = false
			}
			i = next - 1
		}
	}
	if at < 0 {
		return observation{}, false
	}
	o := observation{site: ms[0].site, attacks: n, exact: exact, counted: true, order: ms[0].start, evidence: ln, clause: ln}
	if since != nil || n > maxSiteCount {
		o.total = true
		if since != nil {
			o.since = *since
		}
	}
	return o, true
}

func inMention(ms []mention, i int) bool {
	for _, m := range ms {
		if i >= m.start && i < m.end {
			return true
		}
	}
	return false
}

// endsWithColon: the line opens a list ("على النحو الآتي:", "as follows:").
func endsWithColon(ts []token, ln span) bool {
	for i := ln.hi - 1; i >= ln.lo; i-- {
		if ts[i].kind == tkPunct {
			if ts[i].norm == ":" {
				return true
			}
			continue
		}
		return false
	}
	return false
}

// listItem: a short line naming a site or a number, an item of the list
// above it (an item may name a base the gazetteer does not know).
func listItem(ts []token, ann []word, ln span, ms []mention) bool {
	words, counts := 0, false
	for i := ln.lo; i < ln.hi; i++ {
		if ts[i].kind != tkPunct {
			words++
		}
		counts = counts || ts[i].kind == tkNum || ann[i].flags&fCountNoun != 0 || ann[i].card > 0
	}
	return (len(ms) > 0 || counts) && words <= maxListItem
}

// correctionIn is where the sentence corrects itself ("before it emerged
// that", "قبل أن يتضح"), or -1.
func correctionIn(ts []token, ann []word, sent span) int {
	at := -1
	for i := sent.lo; i < sent.hi; i++ {
		if ann[i].seqs&corrections.bit == 0 {
			continue
		}
		if _, _, ok := corrections.at(ts, ann, i, sent.hi); ok {
			at = i
		}
	}
	return at
}

// dropCorrected drops what a sentence reports before it corrects itself at
// at: "early reports spoke of rockets near the embassy, before it emerged
// that they hit the coalition headquarters".
func dropCorrected(at int, obs []observation) []observation {
	if at < 0 {
		return obs
	}
	kept := obs[:0]
	for _, o := range obs {
		if o.order >= at || o.denied {
			kept = append(kept, o)
		}
	}
	return kept
}

// near returns the day expressions of a sentence that may speak of clause
// cl: those within a clause's length of it. A sentence may be long (a page
// without full stops); the bound keeps the work per clause constant.
func near(days []dayRef, cl span) []dayRef {
	lo := sort.Search(len(days), func(k int) bool { return days[k].at >= cl.lo-maxClause })
	hi := sort.Search(len(days), func(k int) bool { return days[k].at >= cl.hi+maxClause })
	return days[lo:hi]
}

// lastOf and firstOf are the last and first days of attacks named in
// days (zero: none).
func lastOf(days []dayRef) time.Time {
	for k := len(days) - 1; k >= 0; k-- {
		if !days[k].since {
			return days[k].day
		}
	}
	return time.Time{}
}

func firstOf(days []dayRef) time.Time {
	for _, d := range days {
		if !d.since {
			return d.day
		}
	}
	return time.Time{}
}

// tableRow reads a row of a table whose header has an attacks column
// ("Base | Country | Attacks", "القاعدة عدد الهجمات"; the scraper renders a
// row as one line): one site and one bare number make a tally entry. table
// tracks whether the lines so far are such a table.
func tableRow(ts []token, ann []word, ln span, ms []mention, table *bool) (observation, bool) {
	words, nums, counts, end := 0, 0, 0, false
	num := 0
	for i := ln.lo; i < ln.hi; i++ {
		t := ts[i]
		switch {
		case t.kind == tkNum:
			nums++
			num = int(t.num)
			words++
		case t.kind == tkWord:
			words++
			if ann[i].flags&fCountNoun != 0 && ann[i].dual != 2 {
				counts++
			}
		case t.norm == "." || t.norm == "?" || t.norm == "!":
			end = true
		}
	}
	switch {
	case words == 0:
		return observation{}, false
	case len(ms) == 0:
		// A header: short, no sentence, an attacks column.
		*table = words <= 8 && counts > 0 && !end
		return observation{}, false
	case !*table:
		return observation{}, false
	}
	if len(ms) > 2 || ms[0].site != ms[len(ms)-1].site || nums != 1 || counts > 0 || words > 12 || end || num < 1 || num > maxSiteCount {
		*table = false
		return observation{}, false
	}
	return observation{site: ms[0].site, attacks: num, exact: true, counted: true, order: ms[0].start, evidence: ln, clause: ln}, true
}

// scratch holds the per-article working slices of Extract (normalized
// bytes, tokens, annotations), reused from article to article so that an
// article does not cost ~170 KB of fresh slices. Nothing Extract returns
// points into them: token strings slice a string copied out of buf, and
// findings quote the text.
type scratch struct {
	buf   []byte
	toks  []token
	ann   []word
	heads []phraseHead
	// memo holds the annotation of every word form met, for
	// annotateMemo. Its strings are its own, not the articles'. It holds
	// for the vocabulary of one extractor, owner.
	memo  map[string]annotation
	owner *Extractor
	// obs holds the observations of one article, for the next.
	obs []observation
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// maxScratch is the largest token slice kept for reuse: the working set of
// an article of about 500 KB of text. Larger ones go to the GC.
const maxScratch = 64 << 10

func (sc *scratch) put() {
	if cap(sc.toks) > maxScratch || cap(sc.buf) > 8*maxScratch {
		return
	}
	// Drop the strings the slices point to, so a pooled scratch keeps no
	// article's text alive.
	clear(sc.toks[:cap(sc.toks)])
	clear(sc.ann[:cap(sc.ann)])
	sc.toks, sc.ann, sc.buf = sc.toks[:0], sc.ann[:0], sc.buf[:0]
	scratchPool.Put(sc)
}

// maxText bounds the text read; no article comes near it.
const maxText = 1 << 30

// hasCount reports whether a line without sites may state a total.
func hasCount(ann []word, ln span) bool {
	for i := ln.lo; i < ln.hi; i++ {
		if ann[i].flags&(fCountNoun|fCue) != 0 {
			return true
		}
	}
	return false
}
