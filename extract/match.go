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
	ntok    int  // tokens in the alias
}

func newNode() *trieNode { return &trieNode{site: -1} }

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
	dualUntil := -1
	for i := lo; i < hi; {
		t := ts[i]
		if t.kind == tkPunct {
			dualUntil = -1
			i++
			continue
		}
		virtual := t.arabic && i <= dualUntil
		site, end := e.longestAt(ts, i, hi, virtual)
		if site < 0 {
			if ann[i].flags&fDualBase != 0 {
				dualUntil = i + 8
			}
			i++
			continue
		}
		m := mention{site: site, start: i, end: end}
		if len(out) > 0 && out[len(out)-1].end <= i {
			prev := out[len(out)-1]
			m.conj = conjoined(ts, prev.end, i)
		}
		out = append(out, m)
		i = end
	}
	return out
}

// conjoined reports whether only "and", commas or base nouns stand between
// two mentions, or the second starts with the و clitic.
func conjoined(ts []token, from, to int) bool {
	if to-from > 3 {
		return false
	}
	if ts[to].arabic && strings.HasPrefix(ts[to].norm, "و") && to-from <= 1 {
		return true
	}
	for j := from; j < to; j++ {
		switch ts[j].norm {
		case "and", ",", "&", "و", "قاعده", "base", "the":
		default:
			return false
		}
	}
	return true
}

// longestAt returns the site and end of the longest alias starting at i, or
// -1. virtual lets an alias "قاعدة X" match a bare "X" that follows a dual
// "قاعدتي" ("قاعدتي بلد والتاجي").
func (e *Extractor) longestAt(ts []token, i, hi int, virtual bool) (int, int) {
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
	try(e.root.child(t.norm), i+1, false)
	if t.arabic {
		for _, p := range arPrefixes {
			if len(t.norm) <= len(p)+2 || !strings.HasPrefix(t.norm, p) {
				continue
			}
			rest := t.norm[len(p):]
			switch {
			case strings.HasSuffix(p, "لل"):
				try(e.root.child("ال"+rest), i+1, false)
			case strings.HasSuffix(p, "ال"):
				// The article was stripped: "الكونيكو" may be "كونيكو", but
				// a bare one-word alias needs its own spelling (الحرير is
				// silk, not Harir).
				try(e.root.child(rest), i+1, true)
			default:
				try(e.root.child(rest), i+1, false)
			}
		}
	}
	if virtual {
		if base := e.root.child("قاعده"); base != nil {
			try(base.child(t.norm), i+1, false)
			if core := stripClitics(t.norm); core != t.norm {
				try(base.child(core), i+1, false)
			}
		}
	}
	return bestSite, bestEnd
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
		f := ann[p].flags
		n := stripClitics(ts[p].norm)
		if f&(fOutlet|fCrossing) != 0 || trapBefore[ts[p].norm] || trapBefore[n] {
			return true
		}
	}
	if m.end < hi && ts[m.end].kind == tkWord {
		if f := ann[m.end].flags; f&(fOutlet|fCrossing) != 0 && !ts[m.end].arabic {
			return true
		}
	}
	if e.sites[m.site].Kind == raqib.KindEmbassy {
		// "السفارة الأمريكية في عمّان / لدى الأردن": another country's.
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

// trapBefore are words that turn a following name into something else.
var trapBefore = map[string]bool{}

func init() {
	for _, w := range strings.Split("طريق|شارع|road|street|highway|بشار|الرئيس|president|bashar|نظام|regime|فريق|نادي|club|team|مذهب|المذهب|تنظيم|فندق|hotel|film|movie|فيلم|مسلسل", "|") {
		for _, n := range normalizeWords(w) {
			trapBefore[n] = true
		}
	}
}

// prevWord returns the index of the word before i on the line, or -1.
func prevWord(ts []token, i, lo int) int {
	for j := i - 1; j >= lo; j-- {
		if ts[j].kind != tkPunct {
			return j
		}
		if ts[j].norm != "," {
			return -1
		}
		return -1
	}
	return -1
}

// resolveAnaphor turns a definite bare base noun ("the base", "القاعدة",
// "المجمع") into a mention of the latest compatible site on the same line.
func (e *Extractor) resolveAnaphor(ts []token, ann []word, i int, last []mention) (mention, bool) {
	t := ts[i]
	f := ann[i].flags
	if f&(fBaseNoun|fEmbassyNoun|fFieldNoun) == 0 || len(last) == 0 {
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
	} else if i == 0 || ts[i-1].norm != "the" {
		return mention{}, false
	}
	ante := last[len(last)-1]
	kind := e.sites[ante.site].Kind
	ok := false
	switch {
	case f&fEmbassyNoun != 0 && (kind == raqib.KindEmbassy || kind == raqib.KindConsulate):
		ok = true
	case f&fBaseNoun != 0 && (kind == raqib.KindBase || kind == raqib.KindAirport || kind == raqib.KindOilfield):
		ok = true
	case f&fFieldNoun != 0 && (kind == raqib.KindOilfield || kind == raqib.KindAirport):
		ok = true
	}
	if !ok {
		return mention{}, false
	}
	return mention{site: ante.site, start: i, end: i + 1, anaphor: true}, true
}
