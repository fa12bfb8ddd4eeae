package extract

import (
	"strings"

	"github.com/raqib/raqib"
)

// Gazetteer matching: every alias is normalized into a token trie in New, so
// matching costs one map step per token whatever the number of sites. At each
// position the longest alias wins ("قاعدة عين الأسد الجوية" over "عين الأسد");
// the first token of an Arabic alias may carry clitics (وعين الأسد,
// بقاعدة, للسفارة).

type trieNode struct {
	next    map[string]*trieNode
	site    int  // index into Extractor.sites, -1 when no alias ends here
	acronym bool // every alias ending here is an upper-case acronym (IZ, RLZ, K1)
	city    bool // a weak name that is a city's ("Baghdad" of "Baghdad airport"): only its base noun confirms it
	ntok    int  // tokens in the alias
}

func newNode() *trieNode { return &trieNode{site: -1} }

// path returns the node that ws leads to from n, creating the nodes on the
// way.
func (n *trieNode) path(ws []string) *trieNode {
	cur := n
	for _, w := range ws {
		if cur.next == nil {
			cur.next = map[string]*trieNode{}
		}
		nx := cur.next[w]
		if nx == nil {
			nx = newNode()
			cur.next[w] = nx
		}
		cur = nx
	}
	return cur
}

func (n *trieNode) child(k string) *trieNode {
	if n.next == nil {
		return nil
	}
	return n.next[k]
}

// insert adds one alias of site si.
func (n *trieNode) insert(alias string, si int) {
	ws := normalizeWords(alias)
	if len(ws) == 0 {
		return
	}
	acr := isAcronym(alias)
	cur := n.path(ws)
	if cur.site == -1 {
		cur.site, cur.acronym, cur.ntok = si, acr, len(ws)
	} else if cur.site == si && !acr {
		cur.acronym = false
	}
}

// isAcronym: short all-capital aliases (IZ, BIAP, K1, RLZ) match only when
// the text writes them in capitals too, so "iz" or "atg" in prose do not.
func isAcronym(a string) bool {
	letters := 0
	for _, r := range a {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9', r == '-':
		default:
			return false
		}
	}
	return letters > 0 && len(a) <= 5
}

// mention is one place in the text where an alias of a site matched.
type mention struct {
	site       int
	start, end int  // token span
	conj       bool // joined to the previous mention by "and"/و/","
	anaphor    bool // a bare "the base"/"القاعدة" resolved to an earlier site
	tally      bool // the head of a tally line "Site: 3 attacks"
}

// matchLine finds the mentions in ts[lo:hi] (one line).
func (e *Extractor) matchLine(ts []token, ann []word, lo, hi int, out []mention) []mention {
	dualUntil, head := -1, ""
	for i := lo; i < hi; {
		t := ts[i]
		if t.kind == tkPunct {
			dualUntil = -1
			i++
			continue
		}
		h := ""
		if t.arabic && i <= dualUntil {
			h = head
		}
		site, end := e.longestAt(ts, ann, i, hi, h)
		if site < 0 && !t.arabic {
			// "aimed at two bases, at Al-Assad and Irbil": a city as the
			// item of a list of bases is the base named for it.
			listed := len(out) > 0 && out[len(out)-1].end < i && conjoined(ts, ann, out[len(out)-1].end, i) && e.baseLike(out[len(out)-1].site) && basesBefore(ts, ann, lo, i)
			prevEnd := -1
			if len(out) > 0 {
				prevEnd = out[len(out)-1].end
			}
			site, end = e.weakAt(ts, ann, i, hi, listed, prevEnd)
		}
		if site < 0 {
			if ann[i].flags&fDualBase != 0 {
				dualUntil, head = i+8, dualHeads[ann[i].core]
			}
			i++
			continue
		}
		m := mention{site: site, start: i, end: end}
		if len(out) > 0 && out[len(out)-1].end <= i {
			prev := out[len(out)-1]
			m.conj = conjoined(ts, ann, prev.end, i)
		}
		out = append(out, m)
		i = end
	}
	return out
}

// conjoined reports whether two mentions are items of one list: only
// commas, "and"/و, list joiners ("as well as", "إضافة إلى", "فضلا عن") and
// the head nouns of names ("قاعدة", "base", "the") stand between them, at
// most listGap words; or the second starts with the و clitic right after
// the first.
func conjoined(ts []token, ann []word, from, to int) bool {
	if ts[to].arabic && strings.HasPrefix(ts[to].norm, "و") && to-from <= 1 {
		return true
	}
	words := 0
	for j := from; j < to; {
		if _, end, ok := listJoiners.at(ts, ann, j, to); ok {
			j = end
			continue
		}
		t := ts[j]
		switch {
		case t.norm == "," || t.norm == "&":
		case j+1 == to && t.norm == "وفي" || (t.norm == "in" || t.norm == "at") && j > from && ts[j-1].norm == "and" && (j+1 == to || j+2 == to && ts[j+1].norm == "the"):
			// "القاعدتين في حقل العمر وفي الشدادي", "the two bases, at
			// al-Omar and in Shaddadi", "at Qasrak base and at the al-Asad
			// air base": "and in/at" opens the next item.
		case (t.norm == "in" || t.norm == "في" || t.norm == "وفي") && j+1 < to && ts[j+1].kind == tkWord:
			// "the al-Asad base in Anbar and the Harir base": where the
			// item is.
			words++
			j++
		case (t.norm == "at" || t.norm == "in") && j+1 == to && j > from && (baseNouns[ts[j-1].norm] || ann[j-1].flags&fBaseNoun != 0):
			// "Tal Baydar and the US base at Robarba": the item's own
			// base noun, then where it is: the preposition weighs nothing.
		case t.kind == tkWord && (listFillers[t.norm] || t.arabic && listFillers[ann[j].core]):
			words++
		case t.kind == tkWord && (directions[t.norm] || directions[ann[j].core] || ann[j].seqs&nearWords.bit != 0):
			// "عين الأسد غرب البلاد، وقاعدة عسكرية قرب مطار بغداد": where
			// an item is, or that it is near a place, weighs nothing.
		default:
			return false
		}
		j++
	}
	return words <= listGap
}

// startCand is a trie node reached by the first token of a text position,
// after stripping clitics; needMulti when the article was stripped.
type startCand struct {
	node      *trieNode
	needMulti bool
}

// indexStarts precomputes, for every token that can open an alias (the
// alias's first word, alone or behind clitics), the trie nodes it opens, so
// that matching costs one map access per token.
func (e *Extractor) indexStarts() {
	idx := map[string][]startCand{}
	add := func(tok string, n *trieNode, multi bool) {
		idx[tok] = append(idx[tok], startCand{n, multi})
	}
	for k, n := range e.root.next {
		add(k, n, false)
	}
	for _, p := range arPrefixes {
		for k, n := range e.root.next {
			if !isArabicWord(k) {
				continue
			}
			switch {
			case strings.HasSuffix(p, "لل"):
				// ل + ال contracts: "للسفاره" opens "السفاره".
				if strings.HasPrefix(k, "ال") && len(k)-len("ال") > 2 {
					add(p+k[len("ال"):], n, false)
				}
			case strings.HasSuffix(p, "ال"):
				// The article stripped: "الكونيكو" may open "كونيكو", but
				// a bare one-word alias needs its own spelling (الحرير is
				// silk, not Harir).
				if len(k) > 2 {
					add(p+k, n, true)
				}
			default:
				if len(k) > 2 {
					add(p+k, n, false)
				}
			}
		}
	}
	// One vocabulary for the lexicon and the alias starts, so that a token
	// costs one map access.
	e.vocab = vocabulary()
	for tok, cands := range idx {
		w, ok := e.vocab[tok]
		if !ok {
			w = lookupStem(tok, isArabicWord(tok))
		}
		e.starts = append(e.starts, cands)
		w.start = int32(len(e.starts))
		e.vocab[tok] = w
	}
}

// longestAt returns the site and end of the longest alias starting at i, or
// -1. head, when set, lets an alias "head X" match a bare "X" that follows
// a dual of head.
func (e *Extractor) longestAt(ts []token, ann []word, i, hi int, head string) (int, int) {
	bestSite, bestEnd := -1, -1
	try := func(start *trieNode, j int, needMulti bool) {
		node := start
		for ; node != nil; j++ {
			if node.site >= 0 && (!needMulti || node.ntok >= 2) && j > bestEnd && (!node.acronym || acronymOK(ts, i, j)) {
				bestSite, bestEnd = node.site, j
			}
			if j >= hi || ts[j].kind == tkPunct {
				break
			}
			node = node.child(ts[j].norm)
		}
	}
	t := ts[i]
	if s := ann[i].start; s > 0 {
		for _, c := range e.starts[s-1] {
			try(c.node, i+1, c.needMulti)
		}
	}
	if head != "" {
		if base := e.root.child(head); base != nil {
			try(base.child(t.norm), i+1, false)
			if core := ann[i].core; core != t.norm {
				try(base.child(core), i+1, false)
			}
		}
	}
	return bestSite, bestEnd
}

// appositive reports whether the base noun at k opens an apposition to the
// name that ends at prevEnd: "Union III, a US base in Baghdad".
func appositive(ts []token, k, prevEnd int) bool {
	if prevEnd < 0 {
		return false
	}
	for j := k - 1; j >= prevEnd && j >= k-4; j-- {
		if ts[j].norm == "," {
			return j == prevEnd
		}
		if ts[j].kind != tkWord {
			return false
		}
	}
	return false
}

func acronymOK(ts []token, from, to int) bool {
	for j := from; j < to; j++ {
		if ts[j].kind == tkWord && !ts[j].upper {
			return false
		}
	}
	return true
}

// trap reports whether a mention is an outlet, a crossing, a road or a
// person rather than the site: "قناة الميادين", "معبر التنف", "طريق
// الحرير", "Bashar al-Asad", "the US embassy in Amman".
func (e *Extractor) trap(ts []token, ann []word, m mention, lo, hi int) bool {
	if p := prevWord(ts, m.start, lo); p >= 0 {
		// "the town of Rmelan": the place noun before "of".
		if (ts[p].norm == "of" || ts[p].norm == "in") && p-1 >= lo && placeNouns[ts[p-1].norm] && !(baseBefore(ts, ann, p-1, lo) && e.inPlace(m.site)) {
			return true
		}
		f := ann[p].flags
		n := ann[p].core
		// The core lets "وطريق" be "طريق", but not "العمر" (of "حقل العمر
		// وكونيكو") be the first name "عمر": a name takes no article.
		personCore := trapBefore[n] && !(ts[p].arabic && strings.HasPrefix(ts[p].norm, "ال"))
		if f&(fOutlet|fCrossing) != 0 || trapBefore[ts[p].norm] || personCore || (placeNouns[ts[p].norm] || placeNouns[n]) && !areaNouns[n] && !(baseBefore(ts, ann, p, lo) && e.inPlace(m.site)) {
			return true
		}
	}
	if m.end < hi && ts[m.end].kind == tkWord {
		if f := ann[m.end].flags; f&(fOutlet|fCrossing) != 0 && !ts[m.end].arabic || trapAfter[ts[m.end].norm] {
			return true
		}
	}
	if k := e.sites[m.site].Kind; k == raqib.KindEmbassy || k == raqib.KindConsulate {
		// "السفارة الأمريكية في عمّان / لدى الأردن", "the US consulate in
		// Basra": another city's.
		for j := m.end; j < hi && j < m.end+3; j++ {
			if ts[j].kind == tkPunct {
				break
			}
			if ann[j].flags&fForeign != 0 {
				return true
			}
		}
	}
	return false
}

// inPlace: a base in the town a site is named for is that site ("قاعدة
// التحالف في مدينة رميلان", "the base in the town of Shaddadi") when the
// site is a base, an airport or an oil field (whose bases take the town's
// name).
func (e *Extractor) inPlace(si int) bool {
	return e.baseLike(si) || e.sites[si].Kind == raqib.KindOilfield
}

// theBefore returns the index of the "the" that makes an English noun at
// i definite: "the base", "the sprawling Anbar base" (up to two plain
// words between); -1 when there is none.
func theBefore(ts []token, ann []word, i int) int {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if ts[j].norm == "the" {
			return j
		}
		if ts[j].kind != tkWord || ann[j].flags&(fCue|fCountNoun|fProj|fNeg|fBaseNoun|fEmbassyNoun|fLaunch|fImpact) != 0 || ts[j].num != 0 || launcherWords[ts[j].norm] {
			return -1 // not "the launch site", "the crash site"
		}
	}
	return -1
}

// consulateCity: some outlets call the Erbil consulate an "embassy"
// ("السفارة الأمريكية في أربيل"). A bare embassy name followed by in/في and
// the city of a consulate is that consulate; so is one in a sentence that
// itself says it means the consulate ("السفارة الأمريكية قيد الإنشاء، في
// إشارة إلى مجمع القنصلية") and names no Baghdad (labels.md rule 5).
func (e *Extractor) consulateCity(ts []token, ann []word, m mention, lo, hi int) int {
	if e.sites[m.site].Kind != raqib.KindEmbassy {
		return -1
	}
	// "السفارة الأمريكية في أربيل", "مقر السفارة الأمريكية الذي يجري
	// تشييده في مدينة أربيل", "the US embassy under construction in Erbil".
	for j := m.end; j+1 < hi && j < m.end+consulateCityReach; j++ {
		if ts[j].kind == tkPunct && ts[j].norm != "\"" && ts[j].norm != "«" && ts[j].norm != "»" {
			break
		}
		switch ts[j].norm {
		case "في", "in", "at":
			k := j + 1
			if k+1 < hi && (placeNouns[ts[k].norm] || placeNouns[ann[k].core]) {
				k++
				if k+1 < hi && ts[k].norm == "of" {
					k++
				}
			}
			if c := e.cities[ts[k].norm] - 1; c >= 0 {
				return c
			}
			// "مقر السفارة الأمريكية في المدينة" in a sentence about
			// Erbil: the city named before.
			k = j + 1
			if k+1 < hi && ts[k].norm == "the" {
				k++
			}
			if ts[k].norm == "المدينه" || ts[k].norm == "city" {
				for i := lo; i < m.start; i++ {
					if c := e.cities[ts[i].norm] - 1; c >= 0 {
						return c
					}
					if c := e.cities[ann[i].core] - 1; c >= 0 && ts[i].arabic {
						return c
					}
				}
			}
		}
	}
	consulate := false
	for j := lo; j < hi; j++ {
		switch n := ann[j].core; {
		case n == "بغداد" || ts[j].norm == "baghdad":
			return -1
		case n == "قنصليه" || ts[j].norm == "consulate":
			consulate = true
		}
	}
	if !consulate {
		return -1
	}
	if e.consulate < 0 {
		return -1 // none, or more than one: the sentence does not say which
	}
	return e.consulate
}

// prevWord returns the index of the word right before i, or -1 when a
// mark or the line start comes first.
func prevWord(ts []token, i, lo int) int {
	if j := i - 1; j >= lo && ts[j].kind != tkPunct {
		return j
	}
	return -1
}

// resolveAnaphor turns a definite bare base noun ("the base", "القاعدة",
// "المجمع") into a mention of the antecedent site ante when kinds agree.
func (e *Extractor) resolveAnaphor(ts []token, ann []word, i int, ante int) (mention, bool) {
	t := ts[i]
	f := ann[i].flags
	if f&(fBaseNoun|fEmbassyNoun|fFieldNoun) == 0 || ante < 0 {
		return mention{}, false
	}
	if t.arabic {
		if !strings.Contains(t.norm, "ال") && !strings.HasPrefix(stripClitics(t.norm), "ال") && !strings.HasPrefix(t.norm, "لل") {
			return mention{}, false
		}
		// "تنظيم القاعدة" is al-Qaeda.
		if i > 0 && ts[i-1].norm == "تنظيم" {
			return mention{}, false
		}
	}
	start := i
	if !t.arabic {
		// "the sprawling Anbar base": the mention spans its modifiers.
		the := theBefore(ts, ann, i)
		if the < 0 || t.norm == "site" && !(the == i-1 || the == i-2 && ts[i-1].norm == "same") {
			return mention{}, false // "the site", "the same site"; not "the launch site"
		}
		start = the + 1
	}
	kind := e.sites[ante].Kind
	ok := false
	switch {
	case f&fEmbassyNoun != 0 && (kind == raqib.KindEmbassy || kind == raqib.KindConsulate):
		ok = true
	case f&fBaseNoun != 0 && (kind == raqib.KindBase || kind == raqib.KindAirport || kind == raqib.KindOilfield):
		ok = true
	case f&fFieldNoun != 0 && (kind == raqib.KindOilfield || kind == raqib.KindAirport || kind == raqib.KindBase):
		ok = true
	}
	if !ok {
		return mention{}, false
	}
	return mention{site: ante, start: start, end: i + 1, anaphor: true}, true
}

// insertWeak indexes the name of an English alias that ends with base nouns.
func (e *Extractor) insertWeak(alias string, si int) {
	ws := normalizeWords(alias)
	n := len(ws)
	for n > 0 && baseNouns[ws[n-1]] {
		n--
	}
	if n == len(ws) || n == 0 || n == 1 && (ws[0] == "al" || ws[0] == "the") {
		return
	}
	cur := e.weak.path(ws[:n])
	if cur.site == -1 {
		cur.site, cur.ntok = si, n
		cur.city = cityNames[strings.Join(ws[:n], " ")] || cityNames[ws[0]] // "Baghdad International" too
	}
}

// weakAt matches a weak alias at i when a base noun confirms it.
func (e *Extractor) weakAt(ts []token, ann []word, i, hi int, listed bool, prevEnd int) (int, int) {
	site, end, city := -1, -1, false
	node := e.weak.child(ts[i].norm)
	for j := i + 1; node != nil; j++ {
		if node.site >= 0 {
			site, end, city = node.site, j, node.city
		}
		if j >= hi || ts[j].kind == tkPunct {
			break
		}
		node = node.child(ts[j].norm)
	}
	if site < 0 {
		return -1, -1
	}
	if end < hi && baseNouns[ts[end].norm] {
		return site, end
	}
	if city && listed && e.baseLike(site) {
		return site, end
	}
	if city {
		// "Irbil International Airport": the city's airport.
		if end+1 < hi && ts[end].norm == "international" && baseNouns[ts[end+1].norm] {
			return site, end + 2
		}
		// "the American bases in Erbil", "a US base in Kirkuk": a base in
		// the city is the site named for it (labels.md rule 7).
		if p := i - 1; p >= 1 && (ts[p].norm == "in" || ts[p].norm == "at" || ts[p].norm == "near") && baseNouns[ts[p-1].norm] && ts[p-1].norm != "air" {
			// "Union III, a US base in Baghdad,": an apposition says
			// where the named site is.
			if appositive(ts, p-1, prevEnd) {
				return -1, -1
			}
			return site, end
		}
		return -1, -1 // "rockets hit Baghdad": the city, not its airport
	}
	// "the fourth attack on al-Omar", "drones targeted al-Omar": an attack
	// names it.
	if attackNames(ts, ann, i) || attackedAfter(ts, ann, end, hi) {
		return site, end
	}
	// "X and Y bases": a list closed by a plural base noun.
	if end < hi && (ts[end].norm == "and" || ts[end].norm == ",") {
		for j := end + 1; j < hi && j <= end+5; j++ {
			if pluralBaseNouns[ts[j].norm] {
				return site, end
			}
			if ts[j].kind == tkPunct && ts[j].norm != "," {
				break
			}
		}
	}
	return -1, -1
}

// basesBefore reports whether a plural of bases stands in [lo, i): "two
// bases, at Al-Assad and Irbil".
func basesBefore(ts []token, ann []word, lo, i int) bool {
	for j := lo; j < i; j++ {
		if pluralBaseNouns[ts[j].norm] || ann[j].flags&fDualBase != 0 {
			return true
		}
	}
	return false
}

// attackNames reports whether the words before token i make the name there
// the object of an attack: an attack verb ("targeted al-Omar") or an attack
// noun and a preposition ("attacks on al-Omar", "the attack at Conoco").
func attackNames(ts []token, ann []word, i int) bool {
	j := i - 1
	if j >= 0 && ts[j].norm == "the" {
		j--
	}
	if j < 0 {
		return false
	}
	if ann[j].flags&fCue != 0 {
		return true
	}
	switch ts[j].norm {
	case "on", "at", "against", "toward", "towards":
		return j > 0 && ann[j-1].flags&fCue != 0
	}
	return false
}

// baseBefore reports whether a base noun stands a few words before token i
// ("قاعدة التحالف في مدينة رميلان", "the US base near the town of
// Shaddadi"): the place after i names where that base is (labels.md rule
// 7).
// A hosting phrase between ("a base hosting US-led coalition troops near
// Erbil airport") stretches the reach.
func baseBefore(ts []token, ann []word, i, lo int) bool {
	reach := nearBaseReach + 1
	for k := i - 1; k >= lo && k >= i-1-reach; k-- {
		if ts[k].kind == tkPunct {
			return false
		}
		if ann[k].flags&(fBaseNoun|fDualBase) != 0 {
			return true
		}
		if ann[k].flags&fHost != 0 {
			reach = nearBaseReach + hostReach
		}
	}
	return false
}

// attackedAfter reports whether the words from i make the name before them
// the subject of a passive attack: "Balad has been hit", "al-Omar was
// targeted", "Conoco came under attack".
func attackedAfter(ts []token, ann []word, i, hi int) bool {
	for j := i; j < hi && j < i+4; j++ {
		if ann[j].flags&fCue != 0 {
			return j > i
		}
		switch ts[j].norm {
		case "has", "have", "had", "been", "was", "were", "is", "are", "again", "also":
		default:
			return false
		}
	}
	return false
}
