package extract

import (
	"sort"
	"strings"

	"github.com/raqib/raqib"
)

// Mentions on a line: the gazetteer matches that survive the traps, the
// anaphors resolved to them, and the heads of tally lines.

// lineMentions finds the sites named on a line, drops traps and zones that
// are never targets, and resolves "the base"/"القاعدة" to the latest site.
func (e *Extractor) lineMentions(ts []token, ann []word, ln span, out []mention, named []int) []mention {
	raw := e.matchLine(ts, ann, ln.lo, ln.hi, nil)
	var kept []mention
	for _, m := range raw {
		if c := e.consulateCity(ts, ann, m, ln.lo, ln.hi); c >= 0 {
			if m.end+1 < ln.hi && e.cities[ts[m.end+1].norm]-1 == c {
				m.end += 2 // "... in Erbil" is part of the name
			}
			m.site = c
		}
		if e.trap(ts, ann, m, ln.lo, ln.hi) || e.sites[m.site].NotUSSite || nearOnly(ts, ann, m, ln.lo, e.baseLike(m.site), e.sites[m.site].Kind == raqib.KindAirport) {
			continue
		}
		// "قاعدة خراب الجير في رميلان", "برميلان", "Kharab al-Jir base in
		// Rmelan": a name right after another, behind in/في/ب, says where
		// the first is.
		if n := len(kept); n > 0 && kept[n-1].site != m.site && locatesPrevious(ts, ann, kept[n-1], m) {
			continue
		}
		kept = append(kept, m)
	}
	// Anaphora: walk the line, remembering the latest named site. Before
	// the line names one, an article that has named exactly one site so
	// far gives the antecedent ("يشار إلى أن القاعدة كانت قد تعرضت ...").
	ante := -1
	if len(named) == 1 {
		ante = named[0]
	}
	k := 0
	for i := ln.lo; i < ln.hi; i++ {
		if k < len(kept) && kept[k].start == i {
			out = append(out, kept[k])
			// "a US drone strike near Baghdad airport ... fired missiles
			// at the base": the place of another state's strike is no
			// antecedent.
			if !afterForeignStrike(ts, ann, kept[k], ln) {
				ante = kept[k].site
			}
			i = kept[k].end - 1
			k++
			continue
		}
		// "Both bases have come under repeated attack": the last two
		// bases the article named, before this line names any.
		if ts[i].norm == "both" && i+1 < ln.hi && pluralBaseNouns[ts[i+1].norm] {
			if a, b, ok := e.lastTwoBases(named); ok {
				out = append(out, mention{site: a, start: i, end: i + 1, anaphor: true},
					mention{site: b, start: i + 1, end: i + 2, anaphor: true, conj: true})
				i++
				continue
			}
		}
		if ann[i].flags&(fBaseNoun|fEmbassyNoun|fFieldNoun) == 0 || inRaw(raw, i) {
			continue // only a base, embassy or field noun refers back
		}
		// "the al-Tanf base": the noun of the name before it.
		if k > 0 && kept[k-1].end >= i-1 && kept[k-1].end <= i {
			continue
		}
		// "the base at al-Shaddadi", "القاعدة في حقل العمر": the name that
		// follows says which base it is.
		if k < len(kept) && (kept[k].start <= i+3 || kept[k].start <= i+5 && plainBetween(ts, ann, i+1, kept[k].start)) {
			continue // "القاعدة الأمريكية قرب مدينة الشدادي" too
		}
		a, ok := e.resolveAnaphor(ts, ann, i, ante)
		if !ok && ann[i].flags&fEmbassyNoun != 0 {
			// "the embassy" after "the US embassy in Baghdad's Green
			// Zone": the one embassy or consulate the article has named.
			a, ok = e.resolveAnaphor(ts, ann, i, e.onlyMission(named))
		}
		if ok && !nearOnly(ts, ann, a, ln.lo, e.baseLike(a.site), e.sites[a.site].Kind == raqib.KindAirport) {
			out = append(out, a)
		}
	}
	return out
}

// afterForeignStrike reports whether m follows, within a few place words,
// a strike by the US or another state.
func afterForeignStrike(ts []token, ann []word, m mention, ln span) bool {
	for j := m.start - 1; j >= ln.lo && j >= m.start-4; j-- {
		if f := ann[j].flags; f&(fCue|fProj) != 0 {
			return foreignStrike(ts, ann, j, ln)
		}
		if !placeWord(ts, ann, j) {
			return false
		}
	}
	return false
}

// placeWord: a word that may stand between a strike and the place it was
// at ("a US drone strike near/outside/at the X", "غارة أمريكية قرب/من").
func placeWord(ts []token, ann []word, j int) bool {
	n := ts[j].norm
	return ann[j].flags&fLocPrep != 0 || ann[j].seqs&nearWords.bit != 0 || n == "the" || n == "outside" || n == "من"
}

// plainBetween reports whether the tokens in [from, to) are words that are
// no attack word: an owner, a near word, a place noun.
func plainBetween(ts []token, ann []word, from, to int) bool {
	for j := from; j < to; j++ {
		if ts[j].kind != tkWord || ann[j].flags&(fCue|fImpact|fProj|fSpeech) != 0 {
			return false
		}
	}
	return true
}

// lastTwoBases returns the last two bases, airports or fields named.
func (e *Extractor) lastTwoBases(named []int) (a, b int, ok bool) {
	var got [2]int
	n := 0
	for k := len(named) - 1; k >= 0 && n < 2; k-- {
		if si := named[k]; e.baseLike(si) || e.sites[si].Kind == raqib.KindOilfield {
			got[n] = si
			n++
		}
	}
	return got[1], got[0], n == 2
}

// onlyMission returns the one embassy or consulate among the sites named,
// or -1 when there is none or more than one.
func (e *Extractor) onlyMission(named []int) int {
	only := -1
	for _, si := range named {
		if k := e.sites[si].Kind; k == raqib.KindEmbassy || k == raqib.KindConsulate {
			if only >= 0 {
				return -1
			}
			only = si
		}
	}
	return only
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
		// "Kharab al-Jir base, al-Rumailan: 17 attacks": a place after a
		// comma, naming no other kept site, says where the head is.
		if j < ln.hi && ts[j].norm == "," && j > m.end && !mentionWithin(ms, j, min(j+5, ln.hi)) {
			c := j + 1
			for c < ln.hi && ts[c].kind == tkWord && c-j <= 4 {
				c++
			}
			if c < ln.hi && ts[c].norm == ":" {
				j = c
			}
		}
		if j < ln.hi && ts[j].norm == ":" {
			if _, ok := countAt(ts, ann, j+1, j+1, ln.hi, false); ok || j+1 < ln.hi && ann[j+1].flags&fCountNoun != 0 {
				m.tally = true
			}
		}
	}
}

// tallyColonAfter: the colon of a tally line follows within a few words
// ("al-Rumailan: 17 attacks", "al-Hasakah countryside: two attacks").
func tallyColonAfter(ts []token, from int) bool {
	for j := from; j < len(ts) && j-from <= 3; j++ {
		if ts[j].norm == ":" {
			return true
		}
		if ts[j].kind != tkWord {
			return false
		}
	}
	return false
}

// baseNear: a base noun opens the name at from (قاعدة خراب الجير), is part
// of it, or follows it before to (Kharab al-Jir base).
func baseNear(ts []token, ann []word, from, to int) bool {
	for j := max(from-1, 0); j < to; j++ {
		if ann[j].flags&fBaseNoun != 0 || baseNouns[ts[j].norm] || baseNouns[ann[j].core] {
			return true
		}
	}
	return false
}

// locatesPrevious reports whether mention m only says where the mention
// before it is: "X in Y", "X في Y", "X بY".
func locatesPrevious(ts []token, ann []word, prev, m mention) bool {
	if m.start == prev.end {
		return ts[m.start].arabic && strings.HasPrefix(ts[m.start].norm, "ب") && ann[m.start].core != ts[m.start].norm
	}
	// "X في Y", "X base in Y", "X base in Al-Y": head nouns, then the
	// preposition, then perhaps the article.
	k := m.start - 1
	if k > prev.end && (ts[k].norm == "al" || ts[k].norm == "the") {
		k--
	}
	// "Kharab al-Jir base, al-Rumailan: 17 attacks", "قاعدة خراب الجير،
	// الرميلان: 17 هجوماً": in the head of a tally line, a name set off by
	// a comma after a base noun says where the base is.
	if ts[k].norm == "," && between(ts, ann, prev.end, k) && baseNear(ts, ann, prev.start, k) && tallyColonAfter(ts, m.end) {
		return true
	}
	// "X في منطقة Y", "X بريف Y", "X in the town of Y": a place noun
	// between says the more plainly where X is.
	if k > prev.end && ts[k].norm == "of" {
		k--
	}
	if k >= prev.end && (placeNouns[ts[k].norm] || placeNouns[ann[k].core]) {
		if ts[k].arabic && strings.HasPrefix(ts[k].norm, "ب") && ann[k].core != ts[k].norm {
			return between(ts, ann, prev.end, k)
		}
		k--
		if k > prev.end && ts[k].norm == "the" {
			k--
		}
	}
	// "قاعدة حرير قرب مطار أربيل", "Harir, near Erbil airport": a near
	// word after a named site says where that site is.
	for j := max(prev.end, k-2); j <= k; j++ {
		if _, end, ok := nearWords.at(ts, ann, j, k+1); ok && end == k+1 {
			k = j
			break
		}
	}
	if n := ts[k].norm; n != "في" && n != "in" && n != "at" && ann[k].seqs&nearWords.bit == 0 {
		return false
	}
	return between(ts, ann, prev.end, k)
}

// between: only base nouns, words of location and commas stand between
// a name and the preposition that locates it, and few of them.
func between(ts []token, ann []word, from, to int) bool {
	owned := false
	for j := from; j < to; j++ {
		// "قاعدة خراب الجير التابعة لقوات التحالف الدولي، في منطقة
		// رميلان": an owner phrase, a few words longer, may stand there.
		if n := ts[j].norm; ownerWords[n] || usOwners[n] || n == "-" {
			owned = true
			continue
		}
		// "قاعدة حرير الأمريكية القريبة من مطار أربيل": an owner's
		// adjective may stand there too.
		if ann[j].flags&(fBaseNoun|fAgent) == 0 && !baseNouns[ts[j].norm] && !locatedWords[ts[j].norm] && ts[j].norm != "," {
			return false
		}
	}
	return to-from <= 3 || owned && to-from <= 6
}

// nearOnly reports whether the mention stands in a place phrase that is
// not an attack on it: "near X" after anything but an attack word, a
// projectile or a base ("a house near Baghdad airport", "clashes near
// Rumeilan"); an attack "near X" (rockets fell near the embassy) and a base
// near an airport (rule 7) are on it.
func nearOnly(ts []token, ann []word, m mention, lo int, baseLike bool, airport bool) bool {
	// "على بعد 7 كيلومترات من قاعدة حرير", "3 km from the base": a
	// distance from a site is where something else is.
	// "45 kilometers north of Erbil International Airport", "45 كم شمال
	// مطار أربيل": a direction may stand between.
	p := m.start - 1
	// "على مسافة كيلومترين من مبنى السفارة": the head noun of the name.
	if p > lo && (ann[p].flags&fEmbassyNoun != 0 || buildingNouns[ts[p].norm] || buildingNouns[ann[p].core]) {
		p--
	}
	if p > lo && ts[p].norm == "the" {
		p--
	}
	if p > lo {
		unit := func(k int) bool { return k >= lo && (distanceUnits[ts[k].norm] || distanceUnits[ann[k].core]) }
		dir := func(k int) bool { return k >= lo && (directions[ts[k].norm] || directions[ann[k].core]) }
		switch n := ts[p].norm; {
		case n == "من" || n == "from" || n == "of":
			if unit(p-1) || dir(p-1) && unit(p-2) {
				return true
			}
		case dir(p) && unit(p-1):
			return true
		}
	}
	if airport {
		return false // "the other near Erbil airport": the base at the airport (rule 7)
	}
	for j := m.start - 1; j >= lo && j >= m.start-4; j-- {
		_, end, ok := nearWords.at(ts, ann, j, m.start)
		if !ok || end != m.start && !(end == m.start-1 && ts[end].norm == "the") {
			continue
		}
		w := j - 1
		if w < lo || ts[w].kind != tkWord || timeOf(ts, ann, w) {
			return false
		}
		// "were attacked twice near al-Asad": an attack word behind a
		// count or an adverb of time.
		for k := w; k >= lo && k > w-nearAttackReach && ts[k].kind != tkPunct; k-- {
			if ann[k].flags&(fCue|fProj|fImpact) != 0 {
				return false
			}
			if _, counts := englishAdverbs[ts[k].norm]; !counts && ts[k].kind != tkNum && ann[k].flags&(fTime|fApprox) == 0 && ts[k].norm != "again" {
				break
			}
		}
		// "قاعدة الاحتلال قرب مطار أربيل", "القاعدة الأمريكية قرب مدينة
		// الشدادي": a base near a place is the site named for it (labels.md
		// rule 7) when that site is a base or an airport; a base near an
		// oil field's town ("a base near Rmelan") is only near it.
		if !baseLike {
			return true
		}
		if ann[w].flags&(fEmbassyNoun|fFieldNoun) != 0 || baseBefore(ts, ann, w+1, lo) {
			return false
		}
		if p := m.start - 1; p > j && (placeNouns[ts[p].norm] || placeNouns[ann[p].core]) && baseBefore(ts, ann, j, lo) {
			return false
		}
		return true
	}
	return false
}

// baseLike: the site is a base or an airport, named for its place.
func (e *Extractor) baseLike(si int) bool {
	k := e.sites[si].Kind
	return k == raqib.KindBase || k == raqib.KindAirport
}
