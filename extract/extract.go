// Package extract reads one news article and returns the US and coalition
// sites it says were attacked, with the number of attacks per site.
//
// It is pure: text in, findings out, no I/O. New compiles the gazetteer into
// a token trie once; Extract tokenizes and normalizes the text in one pass
// and then works clause by clause, in time linear in the text.
package extract

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/raqib/raqib"
)

// Extractor finds attacked sites in article text. It is immutable after New
// and safe for concurrent use.
type Extractor struct {
	sites []raqib.Site
	root  *trieNode
}

// New builds an extractor over the given sites (gazetteer.Default() plus any the user adds in config).
func New(sites []raqib.Site) (*Extractor, error) {
	if len(sites) == 0 {
		return nil, errors.New("extract: no sites")
	}
	e := &Extractor{sites: make([]raqib.Site, len(sites)), root: newNode()}
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
	}
	return e, nil
}

// observation is one clause's statement about one site.
type observation struct {
	site     int
	attacks  int
	exact    bool
	counted  bool // the number was stated
	order    int  // position of the mention, for stable output order
	evidence span
	clause   span
}

// Extract reads one article's text (blocks separated by newlines) and returns the sites it says were attacked.
// lang is "ar", "en", or "auto"/"" (detect from the script).
func (e *Extractor) Extract(text, lang string) raqib.Extraction {
	ts := postprocess(tokenize(text), text)
	if lang != "ar" && lang != "en" {
		lang = detectLang(ts)
	}
	ann := annotate(ts)
	lines := splitLines(ts)
	skip := relatedLines(ts, lines)

	var obs []observation
	var totals []raqib.Total
	var ms []mention
	var cls, sents []span
	for li, ln := range lines {
		if skip[li] {
			continue
		}
		ms = e.lineMentions(ts, ann, ln, ms[:0])
		if len(ms) == 0 && !hasCount(ann, ln) {
			continue
		}
		tallyLine(ts, ann, ln, ms)
		cls, sents = clauses(ts, ann, ln, cls[:0], sents[:0])
		k := 0
		for ci, cl := range cls {
			for k < len(ms) && ms[k].start < cl.lo {
				k++
			}
			end := k
			for end < len(ms) && ms[end].start < cl.hi {
				end++
			}
			info := analyzeClause(ts, ann, cl)
			o, t := e.decideClause(text, ts, ann, &info, ms[k:end], sents[ci])
			obs = append(obs, o...)
			totals = append(totals, t...)
			k = end
		}
	}
	return e.aggregate(text, ts, lang, obs, totals)
}

// hasCount reports whether a line without sites may state a total.
func hasCount(ann []word, ln span) bool {
	for i := ln.lo; i < ln.hi; i++ {
		if ann[i].flags&(fCountNoun|fCue) != 0 {
			return true
		}
	}
	return false
}

// lineMentions finds the sites named on a line, drops traps and zones that
// are never targets, and resolves "the base"/"القاعدة" to the latest site.
func (e *Extractor) lineMentions(ts []token, ann []word, ln span, out []mention) []mention {
	raw := e.matchLine(ts, ann, ln.lo, ln.hi, nil)
	var kept []mention
	for _, m := range raw {
		if e.trap(ts, ann, m, ln.lo, ln.hi) || e.sites[m.site].NotUSSite {
			continue
		}
		kept = append(kept, m)
	}
	// Anaphora: walk the line, remembering the latest named site.
	k := 0
	var seen []mention
	for i := ln.lo; i < ln.hi; i++ {
		if k < len(kept) && kept[k].start == i {
			out = append(out, kept[k])
			seen = append(seen, kept[k])
			i = kept[k].end - 1
			k++
			continue
		}
		if inRaw(raw, i) {
			continue
		}
		if a, ok := e.resolveAnaphor(ts, ann, i, seen); ok {
			out = append(out, a)
		}
	}
	return out
}

func inRaw(raw []mention, i int) bool {
	n := sort.Search(len(raw), func(k int) bool { return raw[k].end > i })
	return n < len(raw) && raw[n].start <= i
}

// tallyLine marks the head of a tally line: "قاعدة عين الأسد: ثلاث عمليات",
// "Ain al-Asad: 3 attacks". The count after the colon belongs to the site
// before it, with no attack verb needed.
func tallyLine(ts []token, ann []word, ln span, ms []mention) {
	for k := range ms {
		m := &ms[k]
		if m.start >= ln.hi || m.anaphor {
			continue
		}
		// Only bullets, base words or other names before it.
		j := m.end
		for j < ln.hi && ts[j].kind == tkWord && j-m.end < 4 {
			j++ // "(Rmelan) base"
		}
		if j < ln.hi && ts[j].norm == ":" {
			if _, ok := countAt(ts, ann, j+1, j+1, ln.hi); ok || j+1 < ln.hi && ann[j+1].flags&fCountNoun != 0 {
				m.tally = true
			}
		}
	}
}

// decideClause turns one clause into observations (sites attacked, with the
// count tied to each) and totals (counts tied to no site).
func (e *Extractor) decideClause(src string, ts []token, ann []word, ci *clauseInfo, ms []mention, sent span) ([]observation, []raqib.Total) {
	var obs []observation
	type cand struct {
		m     mention
		group int
	}
	var att []cand
	group := -1
	for i, m := range ms {
		v := e.classify(ts, ann, ci, m)
		// A name joined to an attacked one shares its fate:
		// "استهداف قاعدتي الشدادي وتل بيدر".
		if v == vNone && m.conj && i > 0 && len(att) > 0 && att[len(att)-1].m.end <= m.start && att[len(att)-1].m == ms[i-1] {
			v = vAttack
		}
		if v != vAttack {
			continue
		}
		if !(m.conj && len(att) > 0 && att[len(att)-1].m == prevOf(ms, i)) {
			group++
		}
		att = append(att, cand{m, group})
	}
	// Each count goes to its nearest attacked site (and that site's group).
	claimedBy := make([]int, len(ci.counts))
	for ck, c := range ci.counts {
		claimedBy[ck] = -1
		best := countWindow + 1
		for ai, a := range att {
			d := countDist(ci, c, a.m)
			if c.ordinal && !(c.onSite && c.end <= a.m.start) && !ordinalOfTime(ts, c) {
				continue
			}
			if c.onSite && c.end <= a.m.start {
				d-- // "ثلاث هجمات على قاعدة X" binds forward
			}
			if d < best {
				best, claimedBy[ck] = d, ai
			}
		}
	}
	firstOfSite := func(att []cand, bi, g int) bool {
		for k := 0; k < bi; k++ {
			if att[k].group == g && att[k].m.site == att[bi].m.site {
				return false
			}
		}
		return true
	}
	used := make([]bool, len(ci.counts))
	for ai, a := range att {
		o := observation{site: a.m.site, attacks: 1, order: a.m.start, evidence: sent, clause: ci.sp}
		bestD := countWindow + 1
		bestC := -1
		for ck, c := range ci.counts {
			if claimedBy[ck] < 0 || att[claimedBy[ck]].group != a.group {
				continue
			}
			if d := countDist(ci, c, a.m); d < bestD {
				bestD, bestC = d, ck
			}
		}
		if bestC >= 0 {
			c := ci.counts[bestC]
			used[bestC] = true
			shared := 0 // distinct sites in the group
			for bi, b := range att {
				if b.group == a.group && firstOfSite(att, bi, a.group) {
					shared++
				}
			}
			switch {
			case c.value > maxSiteCount:
				// A campaign total beside a site, not the site's count.
			case shared > 1 && !c.distrib:
				// "ثلاث هجمات على قاعدتي X وY": split unknown.
				o.attacks, o.exact = 1, false
			default:
				o.attacks, o.exact, o.counted = c.value, c.exact, !c.ordinal
			}
		}
		_ = ai
		obs = append(obs, o)
	}
	var totals []raqib.Total
	if !ci.denied {
		for ck, c := range ci.counts {
			if used[ck] || c.ordinal || c.value < 2 {
				continue
			}
			if len(att) > 0 && c.value <= maxSiteCount {
				continue
			}
			totals = append(totals, raqib.Total{Attacks: c.value, Scope: scopeOf(ts, ci.sp), Evidence: snippet(src, ts, sent, c.start, c.end)})
		}
	}
	return obs, totals
}

// maxSiteCount: no article states more attacks than this on one site in a
// day; bigger numbers beside a site are campaign totals.
const maxSiteCount = 30

func prevOf(ms []mention, i int) mention {
	if i == 0 {
		return mention{site: -1}
	}
	return ms[i-1]
}

// ordinalOfTime: "for the third time", "للمرة الثالثة" ties to the clause's site.
func ordinalOfTime(ts []token, c countPhrase) bool {
	for j := c.start; j < c.end; j++ {
		n := stripClitics(ts[j].norm)
		if n == "time" || n == "مره" || n == "المره" {
			return true
		}
	}
	return false
}

func countDist(ci *clauseInfo, c countPhrase, m mention) int {
	switch {
	case c.end <= m.start:
		return ci.dist(c.end-1, m)
	case c.start >= m.end:
		return ci.dist(c.start, m)
	}
	return 0
}

func scopeOf(ts []token, sp span) string {
	for i := sp.lo; i < sp.hi; i++ {
		switch ts[i].norm {
		case "منذ", "since":
			return "campaign"
		}
	}
	return "period"
}

// aggregate keeps, per site, the largest stated count (an exact one on a
// tie), applies the Green Zone rule and orders sites by first appearance.
func (e *Extractor) aggregate(text string, ts []token, lang string, obs []observation, totals []raqib.Total) raqib.Extraction {
	ex := raqib.Extraction{Lang: lang, Sites: []raqib.Finding{}}
	best := map[int]observation{}
	first := map[int]int{}
	clausesOf := map[int][]span{}
	for _, o := range obs {
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
		// Weapons from every clause that reports an attack on the site.
		for _, cl := range clausesOf[si] {
			w, p := weapons(ts, cl)
			f.Weapons = mergeWeapons(f.Weapons, w)
			f.Projectiles = max(f.Projectiles, p)
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
	// Trim a long sentence to a window around the mention.
	for hi-lo > 40 {
		if from-lo > hi-to {
			lo++
		} else {
			hi--
		}
	}
	for lo < hi && ts[lo].kind == tkPunct {
		lo++
	}
	if lo >= hi {
		return ""
	}
	start, end := ts[lo].start, ts[hi-1].end
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
