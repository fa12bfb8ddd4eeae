package extract

import "strings"

// Target or mention: a site counts as attacked only when an attack word is
// tied to it inside its clause, and nothing marks it as a host, a launch
// point, a speaker, a denial, a threat or past history.

// Windows, in tokens, within which an attack word ties to a site.
const (
	cueWindow   = 12 // attack verbs and nouns: "استهدفت طائرتان مسيرتان، مساء الجمعة، قاعدة ..."
	projWindow  = 7  // projectiles alone: "بصاروخين", "rockets ... Green Zone"
	countWindow = 12 // a stated count and its site
)

// verdict is what one clause says about one mention.
type verdict uint8

const (
	vNone    verdict = iota // mentioned only
	vAttack                 // attacked
	vDenied                 // an attack on it is denied
	vExclude                // host, launch point, speaker: never a target here
)

// clauseInfo gathers what the clause says, computed once per clause.
type clauseInfo struct {
	sp         span
	denied     bool
	background bool
	hasProj    bool
	cues       []int // token indices of attack words that can tie to a site
	proj       []int // projectile words
	refer      []int // referential attack words: "after the attacks", "تحسبا لهجمات"
	counts     []countPhrase
	// eff[i-sp.lo] counts the tokens before i that are not inside a
	// parenthesis: distances skip "، مساء الجمعة،" and ", which hosts
	// troops of the coalition,".
	eff []int
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

// parenOpeners start a relative or appositive segment after a comma.
var parenOpeners = map[string]bool{}

func init() {
	for _, w := range strings.Split("which|who|where|whose|another|itself|التي|الذي|اللتين|اللذين|وهي|وهو|الواقعه|الواقع|المحاذيه|الملاصقه|القريبه|اكبر|احدي|احد", "|") {
		parenOpeners[w] = true
	}
}

// weights fills ci.eff: a comma-delimited segment of at most three words, or
// one opened by a relative word, weighs nothing.
func (ci *clauseInfo) weights(ts []token) {
	lo, hi := ci.sp.lo, ci.sp.hi
	ci.eff = make([]int, hi-lo+1)
	zero := make([]bool, hi-lo)
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
		if words <= 3 || parenOpeners[ts[i+1].norm] {
			for k := i + 1; k < j; k++ {
				zero[k-lo] = true
			}
		}
	}
	n := 0
	for i := lo; i < hi; i++ {
		ci.eff[i-lo] = n
		if !zero[i-lo] {
			n++
		}
	}
	ci.eff[hi-lo] = n
}

func analyzeClause(ts []token, ann []word, sp span) clauseInfo {
	ci := clauseInfo{sp: sp}
	ci.weights(ts)
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
		if f&fNeg != 0 && negatesAttack(ts, ann, i, sp.hi) {
			ci.denied = true
		}
		if f&fBackground != 0 || isPastYear(ts, i, sp.lo) {
			ci.background = true
		}
		switch {
		case f&fCue != 0:
			if referential(ts, ann, i, sp.lo) {
				ci.refer = append(ci.refer, i)
			} else if !hypothetical(ann, i, sp.lo) {
				ci.cues = append(ci.cues, i)
			}
		case f&fImpact != 0 && ci.hasProj:
			ci.cues = append(ci.cues, i)
		case f&fCountNoun != 0 && t.arabic && strings.HasPrefix(stripClitics(t.norm), "عملي"):
			// "عملية/عمليات" are the militias' word for attacks.
			if !referential(ts, ann, i, sp.lo) {
				ci.cues = append(ci.cues, i)
			}
		}
		if f&fProj != 0 {
			ci.proj = append(ci.proj, i)
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		if c, ok := countAt(ts, ann, i, sp.lo, sp.hi); ok {
			if c.value > 0 && !referential(ts, ann, c.start, sp.lo) {
				ci.counts = append(ci.counts, c)
			}
			if c.end > i+1 {
				i = c.end - 1
			}
		}
	}
	return ci
}

// denialOfSomethingElse: "Tehran denied involvement in the attack" denies a
// role, not the attack.
func denialOfSomethingElse(ts []token, ann []word, i, hi int) bool {
	for j := i + 1; j < hi && j <= i+3; j++ {
		switch stripClitics(ts[j].norm) {
		case "involvement", "responsibility", "role", "ordering", "link", "links", "ties", "any", "مسؤوليه", "مسؤوليتها", "مسؤوليته", "علاقه", "تورط", "تورطها", "ضلوع", "صله", "مشاركه", "المسؤوليه":
			if ts[j].norm == "any" {
				continue
			}
			return true
		}
	}
	return false
}

// negatesAttack: a negation that governs an attack word, with only
// auxiliaries between ("not been targeted", "لم تكن هدفا", "لم يقع أي
// هجوم", "no attack"). "لم يسفر الهجوم عن إصابات" does not qualify: the
// negated verb is the consequence.
func negatesAttack(ts []token, ann []word, i, hi int) bool {
	for j := i + 1; j < hi && j <= i+4; j++ {
		f := ann[j].flags
		if f&fCue != 0 {
			return true
		}
		n := stripClitics(ts[j].norm)
		if strings.HasPrefix(n, "تتعرض") || strings.HasPrefix(n, "يتعرض") || strings.HasPrefix(n, "تستهدف") || strings.HasPrefix(n, "يستهدف") {
			return true
		}
		if f&fNegMid == 0 {
			return false
		}
	}
	return false
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
func isPastYear(ts []token, i, lo int) bool {
	t := ts[i]
	if t.kind != tkNum || t.num < 1990 || t.num > 2100 || i == lo {
		return false
	}
	switch stripClitics(ts[i-1].norm) {
	case "in", "عام", "العام", "سنه", "مطلع", "اواخر", "اوائل", "since":
		return true
	}
	return false
}

// classify decides what a clause says about one mention.
func (e *Extractor) classify(ts []token, ann []word, ci *clauseInfo, m mention) verdict {
	lo, hi := ci.sp.lo, ci.sp.hi
	// Host, launch point and speaker look at the words right before it.
	for j := m.start - 1; j >= lo && j >= m.start-4; j-- {
		f := ann[j].flags
		if f&fLaunch != 0 {
			return vExclude
		}
		if f&fHost != 0 && !attackAfter(ts, ann, ci, m) {
			return vExclude
		}
		if ts[j].kind == tkPunct {
			break
		}
	}
	// Arabic puts the speaker after its verb: "دانت السفارة الأمريكية".
	if p := prevContent(ts, ann, m.start, lo); p >= 0 && ts[p].arabic && ann[p].flags&fSpeech != 0 {
		return vExclude
	}
	// People of the site: "القائم بالأعمال في السفارة", "staff at the embassy".
	if j := m.start - 1; j > lo && ann[j].flags&fLocPrep != 0 && roles[stripClitics(ts[j-1].norm)] {
		return vExclude
	}
	if m.end < hi && ts[m.end].kind == tkWord {
		f := ann[m.end].flags
		if !ts[m.end].arabic && f&fAfterSite != 0 || ts[m.end].arabic && f&fSpeech != 0 && f&fCue == 0 {
			return vExclude
		}
	}
	linked := m.tally || e.tied(ts, ann, ci, m)
	switch {
	case !linked:
		return vNone
	case ci.denied:
		return vDenied
	case ci.background:
		return vNone
	}
	return vAttack
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

// tied reports whether an attack word of the clause is close enough to the
// mention, or a referential one names it ("after the attack on X").
func (e *Extractor) tied(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	for _, c := range ci.cues {
		if ci.dist(c, m) <= cueWindow {
			return true
		}
	}
	for _, c := range ci.counts {
		if !c.ordinal && ci.dist(c.start, m) <= cueWindow {
			return true
		}
	}
	for _, c := range ci.proj {
		if ci.dist(c, m) <= projWindow {
			return true
		}
	}
	for _, c := range ci.refer {
		// "الهجوم على X", "the attack on X" after a referring word.
		if c < m.start && m.start-c <= 3 {
			for j := c + 1; j < m.start; j++ {
				switch ts[j].norm {
				case "علي", "on", "against", "ضد":
					return true
				}
			}
		}
	}
	return false
}

// roles are people attached to a site, who speak or are summoned.
var roles = map[string]bool{}

func init() {
	for _, w := range strings.Split("السفير|السفيره|سفير|بالاعمال|موظفي|موظفو|موظف|دبلوماسيي|دبلوماسيو|دبلوماسي|المتحدث|متحدث|ambassador|staff|diplomats|diplomat|employees|spokesman|spokesperson|daffaires|personnel", "|") {
		roles[w] = true
	}
}
