package extract

import "strings"

// A clause's analysis, once per clause: its attack words, negations,
// counts, and the distance measure that skips parentheses.

// clauseInfo gathers what the clause says, computed once per clause.
type clauseInfo struct {
	sp         span
	denied     bool
	background bool
	since      bool // "since", "منذ": counts are running totals
	year       int  // the article's year (0: unknown): earlier years are background
	vague      bool // attacks told without a count: "repeatedly", "هجمات"
	hasProj    bool
	cues       []int // token indices of attack words that can tie to a site
	negated    []int // attack words under a negation: "was not hit", "دون أن يصيب"
	proj       []int // projectile words
	refer      []int // referential attack words: "after the attacks", "تحسبا لهجمات"
	foreign    []int // strikes by the US or another state: "a US drone strike"
	gap        bool  // "the first attack on X since ...": the news is of the attack that ends a quiet spell
	counts     []countPhrase
	// eff[i-sp.lo] counts the tokens before i that are not inside a
	// parenthesis: distances skip "، مساء الجمعة،" and ", which hosts
	// troops of the coalition,".
	eff []int
	// paren[i-sp.lo] numbers the parenthesis holding token i (0: none),
	// negative for a relative clause (", which ...,", "، التي ...،").
	paren []int32
}

// reaches reports whether an attack word or count at i may speak of the
// mention: a site inside a parenthesis (", which is located inside the
// Green Zone,") hears only its own parenthesis, while a word inside one
// (", which was attacked twice,") still speaks of the name before it.
func (ci *clauseInfo) reaches(i int, m mention) bool {
	p := ci.paren[m.start-ci.sp.lo]
	return p >= 0 || i >= ci.sp.lo && i < ci.sp.hi && ci.paren[i-ci.sp.lo] == p
}

// dist is the distance between token i and a mention, parentheses skipped.
func (ci *clauseInfo) dist(i int, m mention) int {
	at := func(k int) int {
		if k < ci.sp.lo {
			k = ci.sp.lo
		}
		if k >= ci.sp.hi {
			return ci.eff[len(ci.eff)-1] + (k - ci.sp.hi + 1)
		}
		return ci.eff[k-ci.sp.lo]
	}
	switch {
	case i < m.start:
		return at(m.start) - at(i)
	case i >= m.end:
		return at(i) - at(m.end-1)
	}
	return 0
}

// weights fills ci.eff: a comma-delimited segment of at most three words, or
// one opened by a relative word, weighs nothing.
func (ci *clauseInfo) weights(ts []token, ann []word) {
	lo, hi := ci.sp.lo, ci.sp.hi
	ci.eff = grow(ci.eff, hi-lo+1)
	ci.paren = grow(ci.paren, hi-lo)
	clear(ci.paren)
	seg := int32(0)
	for i := lo; i < hi; i++ {
		if ts[i].norm != "," {
			continue
		}
		// Find the next comma of the clause.
		j := i + 1
		for j < hi && ts[j].kind != tkPunct {
			j++
		}
		if j >= hi || ts[j].norm != "," || j == i+1 {
			continue
		}
		words := j - i - 1
		rel := parenOpeners[ts[i+1].norm]
		if rel || words <= 3 || words <= 6 && hasTimeWord(ts, ann, i+1, j) {
			seg++
			for k := i + 1; k < j; k++ {
				ci.paren[k-lo] = seg
				if rel {
					ci.paren[k-lo] = -seg // a relative clause: see reaches
				}
			}
		}
	}
	// Words of time ("late on Friday", "مساء الأحد") weigh nothing either:
	// they date the attack, they do not part it from its target.
	n := 0
	for i := lo; i < hi; i++ {
		ci.eff[i-lo] = n
		if ci.paren[i-lo] == 0 && !timeOf(ts, ann, i) {
			n++
		}
	}
	ci.eff[hi-lo] = n
}

// timeOf: a word that tells the time of an attack ("late", "friday", "on"
// before a day name is not one: it stays).
func timeOf(ts []token, ann []word, i int) bool {
	return ts[i].kind == tkWord && ann[i].flags&fTimeWord != 0
}

func analyzeClause(ts []token, ann []word, sp span) clauseInfo {
	var ci clauseInfo
	ci.analyze(ts, ann, sp, 0, false)
	return ci
}

// grow returns s resized to n, reusing its array when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// analyze fills ci for the clause sp, reusing ci's slices: Extract keeps
// one clauseInfo for all the clauses of an article.
func (ci *clauseInfo) analyze(ts []token, ann []word, sp span, year int, elide bool) {
	*ci = clauseInfo{sp: sp, year: year, eff: ci.eff, paren: ci.paren,
		cues: ci.cues[:0], negated: ci.negated[:0], proj: ci.proj[:0], refer: ci.refer[:0], foreign: ci.foreign[:0], counts: ci.counts[:0]}
	ci.weights(ts, ann)
	for i := sp.lo; i < sp.hi; i++ {
		if ann[i].flags&fProj != 0 {
			ci.hasProj = true
			break
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		t := ts[i]
		if t.kind == tkPunct {
			continue
		}
		f := ann[i].flags
		if f&fOrg != 0 {
			continue
		}
		if f&fDeny != 0 && !denialOfSomethingElse(ts, ann, i, sp.hi) {
			ci.denied = true
		}
		if f&fNeg != 0 {
			if j := negatesAttack(ts, ann, i, sp.hi, ci.hasProj); j >= 0 {
				ci.negated = append(ci.negated, j)
				// "no rockets were fired at": the rest of the phrase is
				// negated too.
				for k := j + 1; k < sp.hi && ann[k].flags&fCue != 0 && ts[k].kind == tkWord && !ts[k].arabic && k <= j+2; k++ {
					ci.negated = append(ci.negated, k)
				}
			}
		}
		seqs := ann[i].seqs
		if f&fBackground != 0 || t.kind == tkNum && isPastYear(ts, i, sp.lo, ci.year) ||
			seqs&pluperfectVerbs.bit != 0 && pluperfect(ts, ann, i, sp.hi) || seqs&months.bit != 0 && pastMonth(ts, ann, i, sp) {
			ci.background = true
		}
		if f&fVague != 0 {
			ci.vague = true
		}
		if seqs&sinceWords.bit == 0 {
		} else if _, end, ok := sinceWords.at(ts, ann, i, sp.hi); ok && !isDuration(ts, ann, end, sp.hi) {
			ci.since = true
		}
		switch {
		case f&(fCue|fImpact|fProj) != 0 && foreignStrike(ts, ann, i, sp):
			// "US drone strike", "غارة أمريكية", "الضربة التي نفذتها
			// طائرة أمريكية": a strike by the US or another state, not an
			// attack on a US site (labels.md rule 3).
			ci.foreign = append(ci.foreign, i)
			continue
		case f&fCue != 0 && (figurative(ann, i, sp) || modifierNoun(ts, i, sp)):
			// "attack helicopters", "carrier strike group".
			// "هجوم إعلامي", "cyber attack", "a legitimate target".
		case f&fCue != 0:
			if afterClause(ts, i, sp.lo) {
				// "days after the group targeted Ain al-Asad", "بعد أن
				// استهدفت الفصائل قاعدة حرير": an earlier attack, told.
				ci.cues = append(ci.cues, i)
				ci.background = true
			} else if referential(ts, ann, i, sp.lo) {
				if datedReference(ts, ann, i, sp.lo) {
					ci.cues = append(ci.cues, i)
					ci.background = true // told again as background
				} else {
					ci.refer = append(ci.refer, i)
				}
			} else if pastMark(ts, ann, i, sp.hi) {
				// "توعد بملاحقة منفذي هجمات سابقة شملت ثلاث قواعد",
				// "previous attacks on": attacks that happened, told as
				// background, whatever threat stands before them.
				ci.cues = append(ci.cues, i)
				ci.background = true
			} else if !hypothetical(ann, i, sp.lo) {
				ci.cues = append(ci.cues, i)
			}
		case f&fImpact != 0 && ci.hasProj:
			ci.cues = append(ci.cues, i)
		case f&fCountNoun != 0 && t.arabic && strings.HasPrefix(ann[i].core, "عملي"):
			// "عملية/عمليات" are the militias' word for attacks; not
			// "عملية انسحاب", "عملية أمنية".
			if !referential(ts, ann, i, sp.lo) && !(i+1 < sp.hi && (operationKinds[ts[i+1].norm] || operationKinds[ann[i+1].core])) {
				ci.cues = append(ci.cues, i)
			}
		}
		if f&fProj != 0 && !hypothetical(ann, i, sp.lo) && !(i > sp.lo && launcherWords[ann[i-1].core]) && !(i+1 < sp.hi && launcherWords[ann[i+1].core]) {
			ci.proj = append(ci.proj, i)
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		if !mayCount(ts[i], ann[i]) {
			continue
		}
		// "The attack is the first on the embassy since a truce": an
		// ordinal first with no noun of its own, before a since.
		if ann[i].ord == 1 && !ts[i].arabic && firstInSpan(ts, ann, countPhrase{start: i, end: i + 1}, sp.hi) && !negatedBefore(ts, ann, i, sp.lo) {
			ci.gap = true
		}
		if c, ok := countAt(ts, ann, i, sp.lo, sp.hi, elide); ok {
			// "ولم يكن ذلك الهجوم الأول", "it was not the first attack":
			// a negated ordinal says only that there were others.
			// "the first time ... in more than two years", "أول هجوم
			// ... منذ أكثر من عام": first in a while, no count of attacks.
			if c.ordinal && (negatedBefore(ts, ann, c.start, sp.lo) || c.value == 1 && firstInSpan(ts, ann, c, sp.hi)) {
				ci.gap = ci.gap || !negatedBefore(ts, ann, c.start, sp.lo)
				i = c.end - 1
				continue
			}
			if c.value > 0 && !referential(ts, ann, c.start, sp.lo) {
				ci.counts = append(ci.counts, c)
			}
			if c.end > i+1 {
				i = c.end - 1
			}
		}
	}

	// A plural attack noun outside every count: "هجمات", "attacks".
	k := 0
	for i := sp.lo; i < sp.hi && !ci.vague; i++ {
		for k < len(ci.counts) && ci.counts[k].end <= i {
			k++
		}
		if k < len(ci.counts) && ci.counts[k].start <= i {
			continue
		}
		if w := ann[i]; w.flags&fCountNoun != 0 && w.flags&fCue != 0 && w.dual == 0 {
			ci.vague = true
		}
	}
}

// denialOfSomethingElse: "Tehran denied involvement in the attack" denies a
// role, not the attack.
func denialOfSomethingElse(ts []token, ann []word, i, hi int) bool {
	for j, words := i+1, 0; j < hi && words < 6; j++ {
		if ts[j].kind == tkPunct {
			continue
		}
		words++
		if deniedThings[ann[j].core] || deniedThings[ts[j].norm] {
			return true
		}
	}
	return false
}

// negatesAttack: a negation that governs an attack word, with only
// auxiliaries between ("not been targeted", "لم تكن هدفا", "لم يقع أي
// هجوم", "no attack"). "لم يسفر الهجوم عن إصابات" does not qualify: the
// negated verb is the consequence.
func negatesAttack(ts []token, ann []word, i, hi int, proj bool) int {
	for j := i + 1; j < hi && j <= i+6; j++ {
		f := ann[j].flags
		if f&fCue != 0 || f&fImpact != 0 && proj {
			return j
		}
		n := ann[j].core
		if strings.HasPrefix(n, "تتعرض") || strings.HasPrefix(n, "يتعرض") || strings.HasPrefix(n, "تستهدف") || strings.HasPrefix(n, "يستهدف") {
			return j
		}
		// "no rockets hit", "لم تسقط أي قذائف": the projectile is the
		// subject of the negated attack.
		if f&(fNegMid|fProj) == 0 {
			return -1
		}
	}
	return -1
}

// referential: the attack word names other attacks the clause reacts to
// ("following the attacks", "تحسبا لهجمات", "ردا على الهجمات").
func referential(ts []token, ann []word, i, lo int) bool {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if ts[j].kind == tkPunct {
			return false
		}
		if ann[j].flags&fRefer != 0 {
			return true
		}
		if ann[j].flags&(fCue|fCountNoun) != 0 {
			return false
		}
	}
	return false
}

// afterClause reports whether the attack word at i is the verb of a clause
// opened by "after"/"before" ("after the group targeted", "بعد أن
// استهدفت"): an attack of its own, earlier than the news, where "after
// the attacks" only refers to others.
func afterClause(ts []token, i, lo int) bool {
	t := ts[i]
	if t.arabic {
		// The verb right after "بعد أن"; not "قبل أن" (what came next)
		// nor a noun further on ("بعد أن دفعها الهجوم").
		j := i - 1
		return j > lo && ts[j].norm == "ان" && (ts[j-1].norm == "بعد" || ts[j-1].norm == "وبعد" || ts[j-1].norm == "عقب")
	}
	if !strings.HasSuffix(t.norm, "ed") && t.norm != "struck" && t.norm != "hit" {
		return false
	}
	words := 0
	for j := i - 1; j >= lo && j >= i-4; j-- {
		switch n := ts[j].norm; {
		case ts[j].kind == tkPunct:
			return false
		case n == "after" || n == "before":
			return words > 0
		case n != "the" && n != "a" && n != "an":
			words++
		}
	}
	return false
}

// datedReference reports whether a referred attack has a day of its own
// right before it ("after the Wednesday attack on Taji", "عقب هجوم
// الأربعاء"): a dated attack told again, not a reference to others.
func datedReference(ts []token, ann []word, i, lo int) bool {
	for j := i - 1; j >= lo && j >= i-2; j-- {
		if ann[j].seqs&weekdays.bit != 0 {
			return true
		}
		if ann[j].flags&fRefer != 0 {
			break
		}
	}
	if i+1 < len(ts) && ts[i].arabic && ann[i+1].seqs&weekdays.bit != 0 {
		return true // "هجوم الأربعاء"
	}
	return false
}

// pastMark reports whether the attack word at i is marked as past:
// "هجمات سابقة", "previous attacks".
func pastMark(ts []token, ann []word, i, hi int) bool {
	if i+1 < hi && (pastMarks[ts[i+1].norm] || pastMarks[ann[i+1].core]) {
		return true
	}
	return i > 0 && !ts[i].arabic && pastMarks[ts[i-1].norm]
}

// hypothetical: threats and warnings ("vowed to target", "تتوعد باستهداف").
func hypothetical(ann []word, i, lo int) bool {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if ann[j].flags&fThreat != 0 {
			return true
		}
	}
	return false
}

// isPastYear: "in 2020", "عام 2020", "مطلع 2020": background, not news.
func isPastYear(ts []token, i, lo, year int) bool {
	t := ts[i]
	if t.kind != tkNum || t.num < 1990 || t.num > 2100 || i == lo || int(t.num) >= year && year > 0 {
		return false // the article's own year is news, not background
	}
	p := stripClitics(ts[i-1].norm)
	if !yearWords[p] && !yearWords[ts[i-1].norm] {
		return false
	}
	// "منذ تشرين الأول 2023", "since October 2023": the start of a
	// running count, which runs up to the news.
	for j := i - 1; j >= lo && j >= i-4; j-- {
		if n := ts[j].norm; n == "منذ" || n == "ومنذ" || n == "since" {
			return false
		}
	}
	return true
}

func hasTimeWord(ts []token, ann []word, from, to int) bool {
	for k := from; k < to; k++ {
		if timeOf(ts, ann, k) {
			return true
		}
	}
	return false
}

// figurative: a word next to the attack word makes it no military attack
// ("cyber attack", "هجوم سياسي") or a potential one ("a prime target",
// "أهدافا مشروعة").
func figurative(ann []word, i int, sp span) bool {
	return i > sp.lo && ann[i-1].flags&fFigurative != 0 || i+1 < sp.hi && ann[i+1].flags&fFigurative != 0
}

// modifierNoun: "attack helicopters", "carrier strike group".
func modifierNoun(ts []token, i int, sp span) bool {
	switch ts[i].norm {
	case "attack", "strike", "assault":
		return i+1 < sp.hi && nonAttackHeads[ts[i+1].norm]
	}
	return false
}

// isDuration: "منذ يومين" is "two days ago", not the start of a total.
func isDuration(ts []token, ann []word, i, hi int) bool {
	_, _, ok := durationAt(ts, ann, i, hi)
	return ok
}

// pluperfect: "وكانت القاعدة قد تعرضت": an event told as what happened
// before. (English "had been attacked" is mostly reported speech, "said it
// had attacked", and tells nothing of when.)
func pluperfect(ts []token, ann []word, i, hi int) bool {
	if _, _, ok := pluperfectVerbs.at(ts, ann, i, hi); !ok || !ts[i].arabic {
		return false
	}
	for j := i + 1; j < hi && j <= i+pluperfectReach; j++ {
		if ts[j].norm == "قد" || ts[j].norm == "وقد" {
			return true
		}
	}
	return false
}

// pastMonth: a month named without a day ("في شباط الماضي", "in mid-April",
// "last September"): attacks told of it are earlier ones, of no day. A
// month that may be an English word counts only after in or last.
func pastMonth(ts []token, ann []word, i int, sp span) bool {
	m, end, ok := months.at(ts, ann, i, sp.hi)
	if !ok {
		return false
	}
	if _, _, ok := dayNumber(ts, ann, end, sp.hi); ok {
		return false // a date: "April 5"
	}
	for j := i - 1; j >= sp.lo && j >= i-3; j-- {
		// "5 April", "الخامس من نيسان", "السابع عشر من تشرين الأول".
		if _, next, ok := dayNumber(ts, ann, j, sp.hi); ok && (next == i || next == i-1 && (ts[next].norm == "من" || ts[next].norm == "of")) {
			return false
		}
		if _, next, ok := ordinalDay(ts, ann, j, sp.hi); ok && next == i-1 && (ts[next].norm == "من" || ts[next].norm == "of") {
			return false
		}
	}
	if i > sp.lo {
		if _, _, ok := sinceWords.at(ts, ann, i-1, sp.hi); ok {
			return false
		}
	}
	if !ts[i].arabic && ambiguousMonths[ts[i].norm] {
		return i > sp.lo && (ts[i-1].norm == "in" || ts[i-1].norm == "last")
	}
	_ = m
	return true
}

// ambiguousMonths are English month names that are also common words.
var ambiguousMonths = map[string]bool{"may": true, "march": true, "mar": true, "jan": false}

// foreignStrike reports whether the attack word or projectile at i is
// carried out by a state's forces: an agent word (US, Israeli, Turkish,
// coalition...) next to it, with only aircraft, projectiles or links ("التي
// نفذتها", "carried out by") between.
func foreignStrike(ts []token, ann []word, i int, sp span) bool {
	between := func(k int) bool {
		t := ts[k]
		if t.kind != tkWord {
			return false
		}
		return ann[k].flags&(fAircraft|fAgentLink|fProj|fModifier) != 0 || t.norm == "air"
	}
	isAgent := func(k int) bool {
		return ann[k].flags&fAgent != 0
	}
	// "قصف جوي", "airstrikes", "an air raid": the factions have no air
	// force (their drones are "مسيّرة", "drone"), so a strike from the
	// air is a state's.
	if airStrike(ts, ann, i, sp.hi) {
		return true
	}
	// "تعرضت القوات الأمريكية لهجومين": the attack word behind ل is what
	// the forces before it suffered, not theirs.
	suffered := ts[i].arabic && strings.HasPrefix(ts[i].norm, "ل") && ann[i].core != ts[i].norm
	for k := i - 1; k >= sp.lo && k >= i-agentReach && !suffered; k-- {
		if isAgent(k) {
			return true
		}
		// "Air strikes targeted ...": the verb of a strike from the air.
		if k >= i-2 && ann[k].flags&fCue != 0 && airStrike(ts, ann, k, sp.hi) {
			return true
		}
		if !between(k) {
			break
		}
	}
	// After it: an Arabic adjective ("غارة أمريكية"), or an agent behind a
	// link ("by US jets"); "targeted US troops" names the target.
	linked := ts[i].arabic
	for k := i + 1; k < sp.hi && k <= i+agentReach; k++ {
		if isAgent(k) {
			return linked
		}
		if !between(k) {
			break
		}
		linked = linked || ann[k].flags&fAgentLink != 0
	}
	return false
}

// airStrike reports whether the attack word at i is a strike from the air
// by an aircraft, not a drone: "قصف جوي", "غارة جوية", "airstrike", "air
// raids".
func airStrike(ts []token, ann []word, i, hi int) bool {
	n := ts[i].norm
	if !ts[i].arabic {
		switch {
		case n == "airstrike" || n == "airstrikes":
		case (n == "strike" || n == "strikes" || n == "raid" || n == "raids") && i > 0 && ts[i-1].norm == "air":
		case n == "air" && i+1 < hi && (ts[i+1].norm == "strike" || ts[i+1].norm == "strikes" || ts[i+1].norm == "raid" || ts[i+1].norm == "raids"):
		default:
			return false
		}
	} else if i+1 >= hi || ann[i+1].core != "جوي" && ann[i+1].core != "جويه" && ts[i+1].norm != "الجوي" && ts[i+1].norm != "الجويه" {
		return false
	}
	for j := i + 1; j < hi && j <= i+4; j++ {
		if ann[j].flags&fProj != 0 && (strings.Contains(ts[j].norm, "مسير") || strings.HasPrefix(ts[j].norm, "drone")) {
			return false // "هجوم جوي بطائرة مسيرة", "an air strike by drones"
		}
	}
	return true
}

// negatedBefore reports whether a negation governs the words from i on:
// "لم يكن ذلك الهجوم الأول", "was not the first".
func negatedBefore(ts []token, ann []word, i, lo int) bool {
	for j := i - 1; j >= lo && j >= i-negationReach; j-- {
		if ts[j].kind == tkPunct {
			return false
		}
		if ann[j].flags&fNeg != 0 {
			return true
		}
	}
	return false
}

// firstInSpan: an ordinal followed by a span of time ("منذ أكثر من عام",
// "in more than two years", "since 2019") says how long since the last,
// not how many.
func firstInSpan(ts []token, ann []word, c countPhrase, hi int) bool {
	for j := c.end; j < hi && j < c.end+spanReach; j++ {
		if _, _, ok := sinceWords.at(ts, ann, j, hi); ok {
			return true
		}
		if ts[j].norm != "in" || j+1 >= hi {
			continue
		}
		for k := j + 1; k < hi && k <= j+3; k++ {
			if _, _, ok := durationAt(ts, ann, k, hi); ok {
				return true
			}
		}
	}
	return false
}

// mayCount reports whether a count phrase may start at a token: a number,
// a number word, an ordinal, a count noun, an adverb (twice) or the ل of
// "لـ9"/"بـ36", the رقم of "الهجوم رقم 33". Most words are none, and countAt is not cheap.
func mayCount(t token, w word) bool {
	if t.kind == tkNum || w.card > 0 || w.tens > 0 || w.ord > 0 || w.flags&(fCountNoun|fTime) != 0 {
		return true
	}
	if t.kind != tkWord {
		return false
	}
	if t.arabic {
		return t.norm == "ل" || t.norm == "ب" || t.norm == "رقم" || t.norm == "الرقم"
	}
	_, ok := englishAdverbs[t.norm]
	return ok
}
