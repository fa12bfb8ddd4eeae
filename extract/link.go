package extract

// Target or mention: a site counts as attacked only when an attack word is
// tied to it inside its clause, and nothing marks it as a host, a launch
// point, a speaker, a denial, a threat or past history.

import (
	"strings"

	"github.com/raqib/raqib"
)

// verdict is what one clause says about one mention.
type verdict uint8

const (
	vNone    verdict = iota // mentioned only
	vAttack                 // attacked
	vDenied                 // an attack on it is denied
	vExclude                // host, launch point, speaker: never a target here
)

// classify decides what a clause says about one mention.
func (e *Extractor) classify(ts []token, ann []word, ci *clauseInfo, m mention) verdict {
	lo, hi := ci.sp.lo, ci.sp.hi
	// Host, launch point and speaker look at the words right before it.
	for j := m.start - 1; j >= lo && j >= m.start-4; j-- {
		f := ann[j].flags
		if f&fLaunch != 0 {
			return vExclude
		}
		// "مطار بغداد الذي يضم فريق دعم لوجستي للسفارة": what a place
		// contains is not the place attacked, whatever hit the place.
		if f&fHost != 0 && containVerbs[ann[j].core] && !locPrepBetween(ts, ann, j+1+hostTail(ts, j), m.start) && !attackAfter(ts, ann, ci, m) {
			return vExclude
		}
		if f&fHost != 0 && !attackAfter(ts, ann, ci, m) && !attackBeforeHost(ci, j, e.widened(ts, ann, ci, m)) {
			return vExclude
		}
		// "وصفارات الإنذار تدوي في القنصلية", "sirens sounded at the
		// embassy": alarms, not an attack on it.
		if alarmWords[ts[j].norm] || ts[j].arabic && alarmWords[ann[j].core] {
			if !attackAfter(ts, ann, ci, m) {
				return vExclude
			}
		}
		if f&(fCue|fImpact|fProj) != 0 {
			break
		}
		if ts[j].kind == tkPunct {
			break
		}
	}
	// Arabic puts the speaker after its verb: "دانت السفارة الأمريكية".
	// Not "موقع عسكري يعرف باسم البرج 22": known as.
	if p := prevContent(ts, ann, m.start, lo); p >= 0 && ts[p].arabic && ann[p].flags&fSpeech != 0 && !(p > lo && knownAs[ann[p-1].core]) {
		return vExclude
	}
	// People of the site: "القائم بالأعمال في السفارة", "staff at the
	// embassy"; not "US personnel at al-Asad were targeted", who were
	// attacked where they are.
	if j := m.start - 1; j > lo && ann[j].flags&fLocPrep != 0 && roles[ann[j-1].core] && !attackedAfter(ts, ann, m.end, hi) {
		return vExclude
	}
	if m.end < hi && ts[m.end].kind == tkWord {
		f := ann[m.end].flags
		if !ts[m.end].arabic && f&fAfterSite != 0 || ts[m.end].arabic && f&fSpeech != 0 && f&fCue == 0 {
			return vExclude
		}
	}
	// "US forces from al-Tanf raided ...", "helicopters out of Harir":
	// a point of departure.
	if p := m.start - 1; p >= lo && (ts[p].norm == "from" || ts[p].norm == "the" && p > lo && ts[p-1].norm == "from") {
		return vExclude
	}
	// "a convoy carrying supplies to Ain al-Asad was attacked": the
	// convoy was, on its way to the site.
	if p := m.start - 1; p >= lo && ann[p].flags&fToward != 0 {
		for j := p - 1; j >= lo && j >= p-6; j-- {
			if ann[j].flags&fObject != 0 {
				return vExclude
			}
		}
	}
	// "بإغلاق السفارة", "the evacuation of the embassy": something else
	// done to the site.
	if p := prevContent(ts, ann, m.start, lo); p >= 0 && (nonAttackActions[ts[p].norm] || nonAttackActions[ann[p].core] || ts[p].norm == "of" && p > lo && nonAttackActions[ts[p-1].norm]) {
		return vExclude
	}
	// "السفارة ... لن تكون بمنأى", "X will be targeted": a threat after it.
	for j := m.end; j < hi && j < m.end+threatAfterReach; j++ {
		if ts[j].kind == tkPunct {
			break
		}
		if ann[j].flags&fThreat != 0 {
			return vNone
		}
	}
	// "a US drone strike near Baghdad airport", "غارة أمريكية قرب مطار
	// بغداد": the place of another state's strike, whatever else the
	// clause tells of.
	if placeOfForeignStrike(ts, ann, ci, m) {
		return vExclude
	}
	// "ومصادر ترجّح أن السفارة الأميركية كانت الهدف": a guess at the
	// target, not a report that it was attacked.
	if hedgedBefore(ts, ann, ci, m) {
		return vNone
	}
	linked := m.tally || e.tied(ts, ann, ci, m) != tieNone
	switch {
	case !linked:
		return vNone
	case ci.denied:
		return vDenied
	case !m.tally && nearestIsNegated(ts, ann, ci, m):
		return vDenied
	}
	return vAttack
}

// hostTail: the words of a hosting phrase after its first ("home to").
func hostTail(ts []token, j int) int {
	if ts[j].norm == "home" && j+1 < len(ts) && ts[j+1].norm == "to" {
		return 1
	}
	return 0
}

// hedgedBefore reports whether a hedge ("ترجح", "possibly") stands
// before the mention in its clause, with no attack word between them.
func hedgedBefore(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	cue := -1 // "possibly aimed at the embassy": a hedge right before the attack word
	for j := m.start - 1; j >= ci.sp.lo && j >= m.start-6 && (cue < 0 || j >= cue-2); j-- {
		if hedges[ts[j].norm] || ts[j].arabic && hedges[ann[j].core] {
			return true
		}
		if ann[j].flags&(fCue|fImpact) != 0 && cue < 0 {
			cue = j
		}
	}
	// "السفارة ربما كانت المقصودة", "the embassy was possibly the
	// target": the hedge between the name and its attack word.
	for j := m.end; j < ci.sp.hi && j < m.end+4; j++ {
		if ann[j].flags&(fCue|fImpact) != 0 || ts[j].kind == tkPunct {
			break
		}
		if hedges[ts[j].norm] || ts[j].arabic && hedges[ann[j].core] {
			return true
		}
	}
	return false
}

// placeOfForeignStrike reports whether the mention follows a foreign
// strike word with only a place preposition, a near word, "the" or
// "outside" between.
func placeOfForeignStrike(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	for _, f := range ci.foreign {
		if f >= m.start || m.start-f > 4 {
			continue
		}
		ok := true
		for j := f + 1; j < m.start && ok; j++ {
			ok = placeWord(ts, ann, j)
		}
		if ok {
			return true
		}
	}
	return false
}

// nearestIsNegated: the attack word closest to the mention is negated
// ("السفارة لم تكن هدفا", "دون أن يصيب السفارة"), so the negation is about
// this site even when another site of the clause was hit.
func nearestIsNegated(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	if len(ci.negated) == 0 {
		return false
	}
	isNeg := func(c int) bool {
		for _, n := range ci.negated {
			if n == c {
				return true
			}
		}
		return false
	}
	best, neg := cueWindow+1, false
	for _, c := range ci.negated {
		if coordinatedAfter(ts, ann, m, c) {
			continue
		}
		if d := ci.dist(c, m); d < best && ci.reaches(c, m) {
			best, neg = d, true
		}
	}
	// On a tie the plain attack word wins: "سقط صاروخ في المنطقة الخضراء
	// دون أن يصيب السفارة" hit the Green Zone.
	for _, c := range ci.cues {
		if d := ci.dist(c, m); d <= best && !isNeg(c) && ci.reaches(c, m) {
			best, neg = d, false
		}
	}
	return neg
}

// coordinatedAfter: the negated attack word c follows the mention behind
// "and"/"but"/ولم: a second verb of the clause's subject ("the rocket
// landed near the base and did not strike inside the compound"), not a
// denial of the mention.
func coordinatedAfter(ts []token, ann []word, m mention, c int) bool {
	if c < m.end {
		return false
	}
	for j := m.end; j < c; j++ {
		switch n := ts[j].norm; {
		case n == "and" || n == "but":
			return true
		case ts[j].arabic && strings.HasPrefix(n, "و") && ann[j].flags&fNeg != 0:
			return true
		}
	}
	return false
}

// prevContent skips the little words that may stand between a speech verb
// and its subject ("كما دانت السفارة", "وقالت ... في بيان").
func prevContent(ts []token, ann []word, i, lo int) int {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if ts[j].kind == tkPunct {
			return -1
		}
		switch ts[j].norm {
		case "كما", "قد", "also", "the", "and", "و", "فقد", "وقد":
			continue
		}
		return j
	}
	return -1
}

// locPrepBetween reports whether a preposition of place stands in [from, to).
func locPrepBetween(ts []token, ann []word, from, to int) bool {
	for j := from; j < to; j++ {
		if ann[j].flags&fLocPrep != 0 || ts[j].arabic && strings.HasPrefix(ts[j].norm, "ب") && ann[j].core != ts[j].norm {
			return true
		}
	}
	return false
}

// attackBeforeHost: "ألقت متفجرات قرب القوات الأمريكية المتمركزة في مطار
// أربيل", "استهدفت ... القاعدة التي تضم قوات التحالف في مطار أربيل": the
// hosting phrase is the object of an attack word before it.
func attackBeforeHost(ci *clauseInfo, host int, m mention) bool {
	for _, c := range ci.cues {
		if c < host && ci.dist(c, m) <= cueWindow {
			return true
		}
	}
	return false
}

// attackAfter: "القوات المتمركزة في قاعدة حرير تعرضت لهجوم": the troops
// hosted there were attacked.
func attackAfter(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	for _, c := range ci.cues {
		if c >= m.end && ci.dist(c, m) <= 6 {
			return true
		}
	}
	return false
}

// How an attack word ties to a mention.
const (
	tieNone  = iota
	tieCue   // an attack word, count or projectile of the clause
	tieRefer // only a referring one: "after the attack on X", "condemned the attack on X"
)

// tied tells whether an attack word of the clause is close enough to the
// mention, or only a referential one names it ("after the attack on X"):
// an attack told of, not reported.
func (e *Extractor) tied(ts []token, ann []word, ci *clauseInfo, m mention) int {
	// "نحو القاعدة العسكرية لقوات التحالف الدولي ضد داعش في مطار أربيل
	// الدولي": an airport named as where a base is stands for the base,
	// and is as near its attack word as the base noun is.
	m = e.widened(ts, ann, ci, m)
	if h := listHead(ts, ann, m, ci.sp.lo); h >= 0 {
		m.start = h
	}
	for _, c := range ci.cues {
		if ci.reaches(c, m) && ci.dist(c, m) <= cueWindow && !objectBetween(ts, ann, c, m) && !objectAfter(ts, ann, c, m, ci.sp.hi) && !subjectsPlace(ts, ann, c, m, ci.sp.hi) {
			return tieCue
		}
	}
	for _, c := range ci.counts {
		if !c.ordinal && ci.reaches(c.start, m) && ci.dist(c.start, m) <= cueWindow {
			return tieCue
		}
		// "the second attempt on the Kharab al-Jir base": an ordinal
		// that names the site.
		if c.ordinal && c.onSite && c.end <= m.start && ci.dist(c.end-1, m) <= 3 {
			return tieCue
		}
	}
	for _, c := range ci.proj {
		if ci.reaches(c, m) && ci.dist(c, m) <= projWindow {
			return tieCue
		}
	}
	// "attacks were carried out against X in Syria and, in Iraq, against
	// Y", "aimed at Harir in Erbil, at Ain al-Asad in Anbar and at Tal
	// Baydar": the attack's preposition, said again, names another target.
	if p := m.start - 1; p > ci.sp.lo {
		if ts[p].norm == "the" {
			p--
		}
		if prep := ts[p].norm; p > ci.sp.lo && attackPreps[prep] {
			for _, c := range ci.cues {
				if c < p-1 && (prep == "against" || prep == "ضد" || c+1 < ci.sp.hi && ts[c+1].norm == prep || ts[c].norm == prep) {
					return tieCue
				}
			}
		}
	}
	for _, c := range ci.refer {
		// "الهجوم على X", "the attack on X" after a referring word.
		if c < m.start && m.start-c <= 3 {
			for j := c + 1; j < m.start; j++ {
				switch ts[j].norm {
				case "علي", "on", "against", "ضد":
					return tieRefer
				}
			}
		}
	}
	return tieNone
}

// widened returns the mention of an airport that says where a base is
// ("القاعدة العسكرية لقوات التحالف الدولي ضد داعش في مطار أربيل الدولي")
// from the base noun on: it stands for the base, and is as near its attack
// word as the base noun is.
func (e *Extractor) widened(ts []token, ann []word, ci *clauseInfo, m mention) mention {
	if e.sites[m.site].Kind == raqib.KindAirport {
		if h := baseHead(ts, ann, m, ci.sp.lo); h >= 0 {
			m.start = h
		}
	}
	return m
}

// listHead returns the collective base noun whose list the mention
// opens ("الهجمات التي طالت ثلاث قواعد عسكرية ... ، هي قاعدة عين الأسد",
// "attacks on three bases: Ain al-Asad, ..."), or -1: the list's items are
// as near the attack word as the noun that announces them.
func listHead(ts []token, ann []word, m mention, lo int) int {
	for k := m.start - 1; k >= lo && k >= m.start-3; k-- {
		n := ts[k].norm
		if n != ":" && n != "هي" && n != "وهي" && n != "هما" && n != "namely" {
			continue
		}
		for h := k - 1; h >= lo && h >= k-10; h-- {
			if ann[h].flags&fCollBases != 0 {
				return h
			}
			if ts[h].kind == tkPunct && ts[h].norm != "," {
				return -1
			}
		}
		return -1
	}
	return -1
}

// baseHead returns the base noun that a name of a place at most ten
// words after it says where is ("القاعدة العسكرية لقوات التحالف في مطار
// أربيل", "a military base inside Erbil airport"), or -1: only words,
// none an attack word, and a preposition of place right before the name.
func baseHead(ts []token, ann []word, m mention, lo int) int {
	p := m.start - 1
	if p <= lo {
		return -1
	}
	if n := ts[p].norm; n != "في" && n != "داخل" && n != "بمطار" && n != "in" && n != "at" && n != "inside" && ann[p].flags&fLocPrep == 0 {
		return -1
	}
	for j := p - 1; j >= lo && j >= m.start-11; j-- {
		if ts[j].kind != tkWord || ann[j].flags&(fCue|fProj|fCountNoun) != 0 {
			return -1
		}
		if ann[j].flags&fBaseNoun != 0 || baseNouns[ts[j].norm] || baseNouns[ann[j].core] {
			return j
		}
	}
	return -1
}

// objectBetween: the attack word before the site has another object in
// between: "struck militia positions near Conoco", "استهداف رتل متجه إلى
// قاعدة عين الأسد". A noun right before the name is its head ("موقع البرج
// 22") and does not count.
func objectBetween(ts []token, ann []word, c int, m mention) bool {
	if c >= m.start {
		return false
	}
	for j := c + 1; j < m.start-1; j++ {
		// "هاجمت الفصائل قاعدتي عين الأسد وحرير": the noun right after an
		// Arabic verb is its subject.
		if j == c+1 && ts[j].arabic && ann[c].flags&fCountNoun == 0 {
			continue
		}
		// "attacked US positions at al-Tanf", "مواقع أمريكية": the US's
		// own, attacked where the site is.
		if ann[j].flags&fObject != 0 && !usOwned(ts, ann, j) {
			return true
		}
	}
	return false
}

// subjectsPlace: the site stands between an attack verb and its object,
// behind in/في, as where the subject is: "قصفت القوات الأمريكية في حقل
// العمر مواقع للميليشيات", "US forces at al-Tanf struck militia positions"
// told verb first.
func subjectsPlace(ts []token, ann []word, c int, m mention, hi int) bool {
	if c >= m.start || m.start-1 <= c {
		return false
	}
	if p := ts[m.start-1].norm; p != "في" && p != "in" && p != "at" {
		return false
	}
	for j := m.end; j < hi && j <= m.end+2; j++ {
		if ts[j].kind == tkPunct || ts[j].arabic && strings.HasPrefix(ts[j].norm, "و") || ts[j].norm == "and" {
			return false
		}
		if ann[j].flags&fObject != 0 && !usOwned(ts, ann, j) {
			return true
		}
	}
	return false
}

// usOwned: the object at j is American ("US positions", "مواقع أمريكية").
func usOwned(ts []token, ann []word, j int) bool {
	for _, k := range []int{j - 1, j + 1} {
		if k >= 0 && k < len(ts) && ts[k].kind == tkWord && (usOwners[ts[k].norm] || usOwners[ann[k].core]) {
			return true
		}
	}
	return false
}

// objectAfter: the site stands before an attack verb that has an object of
// its own: "القوات الأمريكية في قاعدة عين الأسد قصفت مواقع للفصائل", "US
// troops at al-Tanf struck militia positions". The site is where the
// attackers are.
func objectAfter(ts []token, ann []word, c int, m mention, hi int) bool {
	if c < m.end {
		return false
	}
	for j := c + 1; j < hi && j <= c+3; j++ {
		// "لاستهداف من قبل فصائل مسلحة", "targeted by militants": who
		// attacked, not what.
		if ts[j].norm == "by" || ts[j].norm == "قبل" || ts[j].norm == "بواسطه" {
			return false
		}
		// "هدفاً لهجمات الفصائل": the factions' attacks, the genitive
		// of an attack noun, not its object.
		if ts[j].arabic && strings.HasPrefix(ts[j].norm, "ال") && ann[j-1].flags&fCue != 0 && ann[j-1].flags&fCountNoun != 0 {
			continue
		}
		if ann[j].flags&fObject != 0 {
			return true
		}
	}
	return false
}
