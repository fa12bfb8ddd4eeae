package extract

import "strings"

// Numbers as the news writes them: digits (already ASCII after folding,
// also fused to a clitic as in بـ7), Arabic number words in both genders and
// with or without case endings, English number words, duals (هجومان,
// مرتين), adverbs (once, twice) and ordinals.

// expand returns m with every form of its Arabic words that a number clitic
// may take (لثلاث, بعشر, وخمس).
func expand(m map[string]int) map[string]int {
	out := make(map[string]int, len(m)*len(arNumPrefixes))
	for _, p := range arNumPrefixes {
		for k, v := range m {
			if p != "" && !isArabicWord(k) {
				continue
			}
			if _, ok := out[p+k]; !ok {
				out[p+k] = v
			}
		}
	}
	return out
}

// numberAt reads a cardinal number starting at token i and returns its value
// and the index after it; ok is false when there is none.
func numberAt(ts []token, ann []word, i int) (v, next int, ok bool) {
	if i >= len(ts) {
		return 0, i, false
	}
	t := ts[i]
	switch t.kind {
	case tkNum:
		return int(t.num), i + 1, true
	case tkPunct:
		return 0, i, false
	}
	w := ann[i]
	if !t.arabic {
		if n := int(w.card); n > 0 {
			// "twenty-one" ("twenty" "one" after the hyphen split)
			if n >= 20 && n < 100 && i+1 < len(ts) {
				if u := int(ann[i+1].card); u > 0 && u < 10 {
					return n + u, i + 2, true
				}
			}
			return n, i + 1, true
		}
		return 0, i, false
	}
	unit := int(w.card)
	if unit == 0 {
		if w.tens > 0 {
			return int(w.tens), i + 1, true
		}
		return 0, i, false
	}
	next = i + 1
	// Teens: ثلاث عشرة, احد عشر.
	if unit < 10 && next < len(ts) && (ts[next].norm == "عشر" || ts[next].norm == "عشره") {
		return unit + 10, next + 1, true
	}
	// Compounds: ثلاث وعشرين.
	if unit < 10 && next < len(ts) && strings.HasPrefix(ts[next].norm, "و") && ann[next].tens > 0 {
		return unit + int(ann[next].tens), next + 1, true
	}
	return unit, next, true
}

// arNumber looks an Arabic number word up, allowing fused clitics.
func arNumber(tok string, m map[string]int) (int, bool) {
	for _, p := range arNumPrefixes {
		if strings.HasPrefix(tok, p) && len(tok) > len(p) {
			if v, ok := m[tok[len(p):]]; ok {
				return v, true
			}
		}
	}
	return 0, false
}

// ordinalAt reads an ordinal at token i ("third", "الثالث", "للمرة الثالثة"'s
// "الثالثه", "7th").
func ordinalAt(ts []token, ann []word, i int) (int, bool) {
	t := ts[i]
	if t.kind == tkNum && i+1 < len(ts) && !ts[i+1].gapBefore {
		switch ts[i+1].norm {
		case "st", "nd", "rd", "th":
			return int(t.num), true
		}
	}
	if t.kind != tkWord {
		return 0, false
	}
	return int(ann[i].ord), ann[i].ord > 0
}

// countPhrase is a stated number of attacks: "three attacks", "مرتين",
// "ما لا يقل عن أربع هجمات", "twice".
type countPhrase struct {
	start, end int // token span
	value      int
	exact      bool
	ordinal    bool // "the third attack on X": a lower bound tied to X
	onSite     bool // followed by on/على/against: binds to the next site
	distrib    bool // "each", "لكل منهما"
	ofTime     bool // "for the third time", "هو الثاني": the Nth for the clause's site
	// window: the count is of a span of time ("هجومان في غضون 24 ساعة",
	// "three attacks in a week"), not of one day.
	window bool
	// hours: the span is of hours ("هجوم ثانٍ خلال ساعات", "the second
	// attack within hours"): the attacks it numbers are of one day.
	hours bool
	// collective: the count is of a group of targets ("five attacks on
	// three bases", "خمس عمليات ضد قواعد"), not of one site.
	collective bool
	// forcesAt is the index of "US forces"/"القوات" after the count (-1:
	// none): the count is the forces', unless a site follows.
	forcesAt int
	// forcesBefore is the index of forces just before the count (-1:
	// none): their count when no site comes before them.
	forcesBefore int
}

// countAt recognises a count phrase whose number or noun starts at token i
// (within the clause span [lo,hi)). ann holds the lexicon entries.
//
// elide allows a count whose noun is left out ("40 on the Conoco base")
// with no attack noun before it in the clause: the sentence continues a
// tally of the one before ("... 135 attacks since October. They include 40
// on ...").
// moreReach is how far back "N more" looks for the attack noun it leaves
// out.
const moreReach = 25

func countAt(ts []token, ann []word, i, lo, hi int, elide bool) (countPhrase, bool) {
	if i >= hi || i >= len(ts) {
		return countPhrase{}, false
	}
	t := ts[i]
	if t.kind == tkPunct {
		return countPhrase{}, false
	}
	// "تعرضت قاعدة التنف لـ7 هجمات، وقاعدة حقل العمر لـ9": the count of
	// a list item, its noun left out, for the site before it.
	if t.arabic && (t.norm == "ل" || t.norm == "ب") && i+1 < hi && ts[i+1].kind == tkNum && !ts[i+1].gapBefore &&
		(i+2 >= hi || ts[i+2].kind == tkPunct || ts[i+2].norm == "و") && (elide || attackNounBefore(ts, ann, i, lo)) {
		return finishCount(ts, ann, countPhrase{start: i, end: i + 2, value: int(ts[i+1].num), exact: true}, lo, hi), true
	}
	// Adverbs: once, twice.
	if !t.arabic && t.kind == tkWord {
		if v, ok := englishAdverbs[t.norm]; ok {
			return finishCount(ts, ann, countPhrase{start: i, end: i + 1, value: v, exact: true}, lo, hi), true
		}
	}
	// Dual count nouns stand alone: هجومان, لهجومين, مرتين. With the article
	// they point back ("the two attacks") and count nothing new.
	if w := ann[i]; w.flags&fCountNoun != 0 && w.dual == 2 && w.flags&fOrg == 0 {
		if w.defined {
			return countPhrase{}, false
		}
		return finishCount(ts, ann, countPhrase{start: i, end: i + 1, value: 2, exact: true}, lo, hi), true
	}
	// Singular noun + "one": هجوم واحد, عملية واحدة, مرة واحدة.
	if w := ann[i]; w.flags&fCountNoun != 0 && w.dual == 1 && t.arabic && i+1 < hi {
		if ann[i+1].card == 1 {
			return finishCount(ts, ann, countPhrase{start: i, end: i + 2, value: 1, exact: true}, lo, hi), true
		}
	}
	// Ordinal + attack noun ("the third attack", "الهجوم الثالث"), or
	// "for the third time" / "للمرة الثالثة".
	if v, ok := ordinalAt(ts, ann, i); ok {
		j := i + 1
		if j < hi && ts[j].kind == tkWord && !ts[j].gapBefore && (ts[j].norm == "th" || ts[j].norm == "st" || ts[j].norm == "nd" || ts[j].norm == "rd") {
			j++
		}
		// "the second drone attack", "the third such attack": a kind of
		// attack between the ordinal and its noun.
		k := j
		for n := 0; n < 2 && !ts[i].arabic && k+1 < hi && ts[k].kind == tkWord && (ann[k].flags&(fProj|fModifier) != 0 || ts[k].norm == "such") && ann[k].flags&fCountNoun == 0; n++ {
			k++
		}
		if k > j && k < hi && ann[k].flags&fCountNoun != 0 && ann[k].flags&fCue != 0 && ann[k].dual != 2 {
			j = k
		}
		if j < hi && (ann[j].flags&fCountNoun != 0 || ann[j].flags&fTime != 0) && ann[j].dual != 2 {
			return finishCount(ts, ann, countPhrase{start: i, end: j + 1, value: v, ordinal: true}, lo, hi), true
		}
		if i > lo && ann[i-1].flags&fCountNoun != 0 && ann[i-1].dual == 1 {
			// "لهجوم ثانٍ" (indefinite): the site suffered a second attack;
			// "الهجوم الثاني" tells the story of one of them.
			return finishCount(ts, ann, countPhrase{start: i - 1, end: i + 1, value: v, ordinal: true, ofTime: !ann[i-1].defined && !strings.HasPrefix(ts[i-1].norm, "ال")}, lo, hi), true
		}
		// "لهجوم صاروخي هو الثاني خلال يومين": the attack is the site's
		// Nth; "هذه المسيّرة هي الثانية التي تسقط": so is a projectile.
		if i > lo+1 && (ann[i-1].core == "هو" || ann[i-1].core == "هي") {
			for j := i - 2; j >= lo && j >= i-4; j-- {
				if ann[j].flags&fCountNoun != 0 && ann[j].dual == 1 || ann[j].flags&fProj != 0 {
					return finishCount(ts, ann, countPhrase{start: i - 1, end: i + 1, value: v, ordinal: true, ofTime: true}, lo, hi), true
				}
			}
		}
	}
	// "الهجوم رقم 33 الذي تتعرض له القاعدة": attack number N is the Nth.
	if t.arabic && (t.norm == "رقم" || t.norm == "الرقم") && i > lo && i+1 < hi && ts[i+1].kind == tkNum && ann[i-1].flags&fCountNoun != 0 && ann[i-1].flags&fCue != 0 && ann[i-1].dual == 1 {
		return finishCount(ts, ann, countPhrase{start: i - 1, end: i + 2, value: int(ts[i+1].num), ordinal: true}, lo, hi), true
	}
	v, j, ok := numberAt(ts, ann, i)
	if !ok || j >= hi {
		return countPhrase{}, false
	}
	// "the Feb. 15 rocket attack", "the 20 October attack": a date.
	if t.kind == tkNum && inDate(ts, ann, i, j, lo, hi) {
		return countPhrase{}, false
	}
	// "اثنتان منها استهدفتا قاعدة حرير", "two of them on Harir": a share of
	// a group figure, for the site that follows.
	if _, end, ok := ofThem.at(ts, ann, j, hi); ok && attacksBefore(ts, ann, i, lo) {
		c := finishCount(ts, ann, countPhrase{start: i, end: end, value: v, exact: true}, lo, hi)
		c.onSite = true
		return c, true
	}
	// "two drone attacks on Erbil airport and one on Harir", "18 attacks:
	// 5 on al-Omar, 4 on al-Tanf": the noun is left out after an attack
	// count earlier in the clause.
	if n := ts[j].norm; (n == "on" || n == "against" || n == "علي" || n == "ضد") && (elide || attackNounBefore(ts, ann, i, lo)) {
		return finishCount(ts, ann, countPhrase{start: i, end: j, value: v, exact: true}, lo, hi), true
	}
	// "Conoco leads with 40 attacks, ahead of al-Omar with 36": the noun
	// is left out after "with" too.
	if i > lo && ts[i-1].norm == "with" && ts[i].kind == tkNum && (ts[j].kind == tkPunct || ts[j].norm == "and") && (elide || attackNounBefore(ts, ann, i, lo)) {
		return finishCount(ts, ann, countPhrase{start: i, end: j, value: v, exact: true}, lo, hi), true
	}
	// "two separate drone attacks targeted al-Tanf, and two more struck
	// troops at al-Asad": "N more" with its noun left out, before the
	// verb or the target; the noun may be in the clause before ("...
	// garrison, while two more struck").
	if n := ts[j].norm; (n == "more" || n == "others") && j+1 < hi && (ann[j+1].flags&fCue != 0 && ann[j+1].flags&fCountNoun == 0 || ts[j+1].norm == "on" || ts[j+1].norm == "against" || ts[j+1].norm == "were") && (elide || attackNounBefore(ts, ann, i, max(0, i-moreReach))) {
		return finishCount(ts, ann, countPhrase{start: i, end: j + 1, value: v, exact: true}, lo, hi), true
	}
	// "فيما استهدف اثنان آخران القوات في عين الأسد": the Arabic, the verb
	// before.
	if ts[i].arabic && otherWords[ts[j].norm] && i > lo && ann[i-1].flags&fCue != 0 && ann[i-1].flags&fCountNoun == 0 && attackNounBefore(ts, ann, i, max(0, i-moreReach)) {
		return finishCount(ts, ann, countPhrase{start: i, end: j + 1, value: v, exact: true}, lo, hi), true
	}
	// "عام 2020 لهجوم", "in 2020 attacks": a year, not a count.
	if ts[i].kind == tkNum && v >= 1900 && v <= 2100 {
		return countPhrase{}, false
	}
	// "one-way attack drone" is a kind of drone, not one attack.
	if ts[i].norm == "one" && ts[j].norm == "way" {
		return countPhrase{}, false
	}
	// "a two-drone attack", "a five-rocket barrage": the number belongs to
	// the projectiles of one attack.
	if ts[j].hyphen && ann[j].card == 0 && ts[j].kind == tkWord {
		return countPhrase{}, false
	}
	k := j
	if !ts[i].arabic {
		for n := 0; n < 2 && k < hi && ann[k].flags&fModifier != 0 && ann[k].flags&fCountNoun == 0; n++ {
			k++
		}
	}
	if k >= hi {
		return countPhrase{}, false
	}
	w := ann[k]
	isCount := w.flags&fCountNoun != 0 && w.dual != 2 || w.flags&fTime != 0
	if !isCount || w.flags&fOrg != 0 {
		return countPhrase{}, false
	}
	// "attack drones": the noun is a modifier of a projectile.
	if !ts[k].arabic && k+1 < hi && ann[k+1].flags&fProj != 0 {
		return countPhrase{}, false
	}
	// "the two attacks", "الهجمات الثلاث": anaphoric.
	if i > lo && ts[i-1].norm == "the" {
		return countPhrase{}, false
	}
	return finishCount(ts, ann, countPhrase{start: i, end: k + 1, value: v, exact: true}, lo, hi), true
}

// finishCount looks around a count for approximations ("at least", "نحو",
// "على الأقل"), distribution ("each") and a following on/على + site.
func finishCount(ts []token, ann []word, c countPhrase, lo, hi int) countPhrase {
	c.forcesAt = -1
	// "US troops attacked 14 times", "تعرضت القوات الأمريكية لـ14 هجوماً":
	// forces just before may be the subject of the count (decideClause
	// decides).
	c.forcesBefore = -1
	for j := c.start - 1; j >= lo && j >= c.start-forcesBefore; j-- {
		if ts[j].kind == tkPunct {
			break
		}
		if ann[j].flags&fCollForces != 0 {
			c.forcesBefore = j
			break
		}
	}
	// An approximation stands right before the number, or before a
	// preposition that introduces it ("ما لا يقل عن أربع", "more than two").
	if j := c.start - 1; j >= lo {
		if ann[j].flags&fApprox == 0 && j > lo {
			switch ts[j].norm {
			case "عن", "من", "علي", "than", "to", "of":
				j--
			}
		}
		if ann[j].flags&fApprox != 0 {
			c.exact = false
		}
	}
	for j := c.end; j < hi && j < c.end+windowReach; j++ {
		if ts[j].kind == tkPunct {
			break
		}
		if _, end, ok := windows.at(ts, ann, j, hi); ok {
			back, _, ok := durationAt(ts, ann, end, hi)
			if !ok && end < hi && ts[end].norm == "the" {
				back, _, ok = durationAt(ts, ann, end+1, hi)
			}
			c.window = ok
			// "خلال ساعات", "within hours", not "خلال 24 ساعة", which
			// may cross midnight.
			_, hend, bare := hours.at(ts, ann, end, hi)
			// Not "خلال الساعات الثماني والأربعين الأخيرة": a number after
			// the hours gives a span that may cross midnight.
			if bare && hend < hi {
				if _, _, num := numberAt(ts, ann, hend); num {
					bare = false
				}
			}
			c.hours = ok && back == 0 && bare
		}
	}
	// "Tal Baydar and Robarba have each been targeted twice", "تعرضت كل
	// منهما لهجومين": a distributive before the verb.
	for j := c.start - 1; j >= lo && j >= c.start-4 && ts[j].kind != tkPunct; j-- {
		if ann[j].flags&fDistrib != 0 && (ts[j].norm == "each" || ts[j].norm == "كل") {
			c.distrib = true
			break
		}
	}
	for j := c.end; j < hi && j < c.end+4; j++ {
		if ts[j].kind == tkPunct {
			break
		}
		n := ts[j].norm
		next := ""
		if j+1 < hi {
			next = ts[j+1].norm
		}
		// Only a few approximations follow the number: "at least",
		// "على الأقل", "تقريبا", "or more", "أو أكثر".
		if n == "at" && next == "least" || n == "علي" && next == "الاقل" || n == "تقريبا" || (n == "or" || n == "او") && (next == "more" || next == "اكثر") {
			c.exact = false
			j++
			continue
		}
		if ann[j].flags&fDistrib != 0 {
			c.distrib = true
		}
		if j < c.end+3 && (n == "علي" || n == "on" || n == "against" || n == "ضد" || ann[j].flags&fCue != 0 && strings.Contains(n, "ستهدف") || ann[j].flags&fSuffer != 0) {
			c.onSite = true // "أول هجوم تتعرض له السفارة"
		}
		if (j > c.end || ts[j].arabic) && ann[j].flags&fCollBases != 0 {
			c.collective = true
		}
		if j > c.end && c.forcesAt < 0 && ann[j].flags&fCollForces != 0 {
			c.forcesAt = j
		}
		// "الاستهداف الثاني للقاعدة", "ثان لقاعدة حرير": ل + the base.
		if j == c.end && ts[j].arabic && strings.HasPrefix(n, "ل") && ann[j].flags&(fBaseNoun|fEmbassyNoun|fFieldNoun) != 0 {
			c.onSite = true
		}
	}
	return c
}

// attacksBefore reports whether the last noun counted before token i in
// the clause is an attack noun, not a projectile: "five attacks, two of them
// on Harir" shares attacks; "14 rockets, three of them inside the base"
// shares rockets.
func attacksBefore(ts []token, ann []word, i, lo int) bool {
	for j := i - 1; j >= lo; j-- {
		switch f := ann[j].flags; {
		case f&fProj != 0:
			return false
		case f&fCountNoun != 0:
			return true
		}
	}
	return false
}

// attackNounBefore reports whether an attack noun or "times" stands before
// token i in the clause: a count after it may leave its noun out.
func attackNounBefore(ts []token, ann []word, i, lo int) bool {
	for k := i - 1; k >= lo; k-- {
		if ann[k].flags&fCountNoun != 0 && ann[k].flags&fCue != 0 || ann[k].flags&fTime != 0 {
			return true
		}
	}
	return false
}

// inDate reports whether the number at [i, j) is the day of a date: a month
// name right before it ("Feb. 15", "Oct 20") or right after ("20 October",
// "5 تشرين الثاني").
func inDate(ts []token, ann []word, i, j, lo, hi int) bool {
	if ts[i].num < 1 || ts[i].num > 31 {
		return false
	}
	if _, _, ok := months.at(ts, ann, j, hi); ok {
		return true
	}
	k := i - 1
	if k >= lo && ts[k].norm == "." {
		k--
	}
	for m := k; m >= lo && m >= k-1; m-- {
		if _, end, ok := months.at(ts, ann, m, hi); ok && (end == k+1 || end == i) {
			return true
		}
	}
	return false
}
