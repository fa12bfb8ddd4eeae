package extract

import (
	"strings"
	"time"

	"github.com/raqib/raqib"
)

// Deciding a clause: which of its sites were attacked, the count tied to
// each, the day the text gives each attack, and the counts tied to no site
// (totals).

// decideClause turns one clause into observations (sites attacked, with the
// count and day tied to each) and totals (counts tied to no site). days are
// the day expressions of the clause's sentence.
//
// fallback is the day of an attack the sentence gives no day to: the day
// its paragraph or the article's lead names (zero: the article's day).
// cand is an attacked mention and the group of names it is listed with.
type cand struct {
	m     mention
	group int
}

// listSince, when set, is the start of the running tally the clause is an
// item of ("منذ 19 تشرين الأول، على النحو الآتي:"; zero: no day given).
//
// It appends to obs and totals and returns them.
func (e *Extractor) decideClause(src string, ts []token, ann []word, ci *clauseInfo, ms []mention, sent span, days []dayRef, fallback time.Time, listSince *time.Time, obs []observation, totals []raqib.Total) ([]observation, []raqib.Total) {
	var attBuf [8]cand // most clauses name few sites
	att := attBuf[:0]
	var denials []observation
	first := len(obs) // this clause's observations are obs[first:]
	group := -1
	// pending holds the names of a list before its attacked item: "The
	// al-Asad base in Anbar and the Harir base in Erbil have faced drone
	// attacks" ties the verb to the nearest, and the list shares it
	// (English, whose subjects come first; Arabic lists follow their verb,
	// but for a dual of bases that heads them: "القاعدتين في حقل العمر، وفي
	// منطقة خراب الجير، تعرضتا لعشر هجمات").
	var pendBuf [4]int
	pending := pendBuf[:0]
	for i, m := range ms {
		v := e.classify(ts, ann, ci, m)
		// "حقلي عمر للنفط وكونيكو للغاز، حيث تتمركز القوات، تعرضا
		// لهجمات": the dual verb's subject is the dual of bases that heads
		// the list, however far.
		if v == vNone && !m.conj && dualListHead(ts, ann, m.start, ci.sp.lo) && dualSuffered(ts, ann, ci, m.end) {
			v = vAttack
		}
		// "a suicide drone slammed into a facility of the coalition near
		// al-Hasakah known as the RLZ base", "استهدف موقعاً عسكرياً في
		// الأردن يعرف باسم البرج 22": the name is the attacked noun's.
		if v == vNone && !m.conj && knownAsAttacked(ts, ann, ci, ms, m) {
			v = vAttack
		}
		// A name joined to an attacked one shares its fate:
		// "استهداف قاعدتي الشدادي وتل بيدر".
		if v == vNone && m.conj && i > 0 && len(att) > 0 && att[len(att)-1].m.end <= m.start && att[len(att)-1].m == ms[i-1] {
			v = vAttack
		}
		// "US embassy: rockets targeted Baghdad Diplomatic Support
		// Compound": a name before a colon that no count follows is who
		// speaks, when another site is the target.
		if v == vAttack && !m.tally && m.end < ci.sp.hi && ts[m.end].norm == ":" && i+1 < len(ms) && ms[i+1].site != m.site {
			v = vNone
		}
		if v == vAttack && m.conj && len(pending) > 0 && pending[len(pending)-1] == i-1 && (!ts[m.start].arabic || dualListHead(ts, ann, ms[pending[0]].start, ci.sp.lo)) {
			group++
			for _, k := range pending {
				att = append(att, cand{ms[k], group})
			}
			pending = pending[:0]
			att = append(att, cand{m, group})
			continue
		}
		switch {
		case v == vNone && m.conj && len(pending) > 0 && pending[len(pending)-1] == i-1:
			pending = append(pending, i)
		case v == vNone && !m.anaphor:
			pending = append(pending[:0], i)
		default:
			pending = pending[:0]
		}
		// "No attack on the embassy had been confirmed since Oct. 7": a
		// denial of a span gone by says nothing of the report at hand.
		if v == vDenied && !ci.since && !ci.background {
			denials = append(denials, observation{site: m.site, order: m.start, denied: true})
		}
		if v != vAttack {
			continue
		}
		if !(m.conj && len(att) > 0 && att[len(att)-1].m == prevOf(ms, i)) {
			group++
		}
		att = append(att, cand{m, group})
	}
	// "three attacks on US forces in Iraq": the forces' count, unless a site
	// says where ("two attacks on US forces at Ain al-Asad").
	for ck := range ci.counts {
		if c := &ci.counts[ck]; c.forcesAt >= 0 && !mentionWithin(ms, c.forcesAt+1, c.forcesAt+1+forcesReach) {
			c.collective = true
		}
		// "US troops attacked 14 times as al-Asad base targeted again"; not
		// "مطار أربيل الذي يضم قوات التحالف تعرض لهجومين".
		// "forces were attacked twice at al-Asad Airbase": a site right
		// after says where.
		if c := &ci.counts[ck]; c.forcesBefore >= 0 && !mentionWithin(ms, ci.sp.lo, c.forcesBefore) && !siteRightAfter(ts, ms, c.end, ci.sp.hi) {
			c.collective = true
		}
	}
	// "ارتفع عدد الهجمات على قاعدة حقل العمر إلى 23": a running figure,
	// whose number is no count of its own.
	numTotal, numAt, numNoun, numExact := numberOfAttacks(ts, ann, ci)
	// Each count goes to its nearest attacked site (and that site's group).
	var claimedBuf, usedBuf [8]int
	claimedBy := claimedBuf[:0]
	for range ci.counts {
		claimedBy = append(claimedBy, -1)
	}
	for ck, c := range ci.counts {
		claimedBy[ck] = -1
		if c.collective || numTotal > 0 && numAt >= c.start && numAt < c.end {
			continue // "five attacks on three bases": the group's figure
		}
		best := countWindow + 1
		for ai, a := range att {
			if !ci.reaches(c.start, a.m) {
				continue
			}
			d := countDist(ci, c, a.m)
			// An ordinal counts for a site only when it names it: "the
			// third attack on X", "X ... for the third time"; "the 7th
			// attack on US forces" is the campaign's.
			if c.ordinal && !(c.onSite && c.end <= a.m.start && ci.dist(c.end-1, a.m) <= 3) && !ordinalOfTime(ts, c) && !sufferedOrdinal(ts, ann, a.m, c) && !ordinalSuffered(ts, ann, c, a.m) {
				continue
			}
			if c.onSite && c.end <= a.m.start {
				d -= 2 // "ثلاث هجمات على قاعدة X", "36 on the al-Omar base" binds forward
			}
			// "two attacks targeted al-Tanf, and two more struck troops at
			// al-Asad": a count that opens a joined clause is its own
			// verb's, not the clause's before it.
			if a.m.end <= c.start && opensJoined(ts, ann, ci.sp.lo, c.start) {
				d += 3
			}
			// "قاعدة كونيكو التي تعرضت لـ24 هجوماً، تلتها قاعدة حقل العمر",
			// "the Conoco base, which was hit 24 times": a count in a
			// relative clause is its head's.
			if a.m.end <= c.start && relativeBetween(ts, a.m.end, c.start) {
				d -= 2
			}
			// "The Tanf base has been attacked 17 times and the Shaddadi
			// base 16 times", "Conoco tops the list with 40 attacks": a
			// count of times, or one after "with", is of the site before.
			if a.m.end <= c.start && bindsBack(ts, ann, c) {
				d -= 2
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
	// A count is a running total when a since stands before it in the
	// sentence with no day of attacks between ("منذ 19 تشرين الأول، وثّق
	// المرصد 40 هجوماً، إذ تعرّضت قاعدة التنف لـ7 هجمات").
	sinceFor := func(at int) (bool, time.Time) {
		since, day := ci.since, time.Time{}
		for _, d := range days {
			if d.at >= at {
				break
			}
			if d.since {
				since, day = true, d.day
			} else {
				since, day = ci.since, time.Time{} // a day of attacks between
			}
		}
		if day.IsZero() {
			// "attacked 60 times since October": the since after it.
			for _, d := range days {
				if d.since && d.at >= at && d.at >= ci.sp.lo && d.at < ci.sp.hi {
					return true, d.day
				}
			}
		}
		return since, day
	}
	if listSince != nil {
		ci.since = true
	}
	used := usedBuf[:0] // 1: the count went to a site
	for range ci.counts {
		used = append(used, 0)
	}
	campaign := campaignTotal(ci)
	siteTotal := false
	for _, a := range att {
		// Evidence: the sentence, or only the clause when the sentence is long.
		ev := sent
		if sent.hi-sent.lo > 30 {
			ev = ci.sp
		}
		o := observation{site: a.m.site, attacks: 1, order: a.m.start, evidence: ev, clause: ci.sp}
		bestD := countWindow + 1
		bestC := -1
		for ck, c := range ci.counts {
			if claimedBy[ck] < 0 || att[claimedBy[ck]].group != a.group {
				continue
			}
			d := countDist(ci, c, a.m)
			if c.distrib && d > countWindow {
				// "X and the US base at Y, near Z, have each been targeted
				// twice": each item of the group that claimed it, however
				// far.
				d = countWindow
			}
			if d < bestD {
				bestD, bestC = d, ck
			}
		}
		other := -1 // "two other attacks": where the count ends
		if bestC >= 0 {
			c := ci.counts[bestC]
			if otherCount(ts, c) && !opensJoined(ts, ann, ci.sp.lo, c.start) { // not "فيما استهدف اثنان آخران X": more of the same
				other = c.end
			}
			used[bestC] = 1
			shared := 0 // distinct sites in the group
			for bi, b := range att {
				if b.group == a.group && firstOfSite(att, bi, a.group) {
					shared++
				}
			}
			switch {
			case shared > 1 && !c.distrib:
				// "هجومان طالا حقل كونيكو وقاعدة الشدادي", "two attacks on
				// Conoco and Shaddadi": one each (labels.md rule 11), a
				// count the text does not give per site.
				o.attacks = 1
			default:
				o.attacks, o.exact, o.counted, o.ordinal, o.window = c.value, c.exact, true, c.ordinal, c.window && !c.ordinal
				o.hours = c.ordinal && c.hours
			}
			since, sinceDay := sinceFor(c.start)
			if listSince != nil && sinceDay.IsZero() {
				since, sinceDay = true, *listSince
			}
			// "الهجوم رقم 33 الذي تتعرض له القاعدة", "its 45th attack": an
			// ordinal that large is a running figure too.
			if o.counted && (!o.ordinal && since || c.value > maxSiteCount) {
				// "attacked 60 times since October", "قاعدة عين الأسد: 57
				// عملية": a running total, not the attacks of a day.
				o.total, o.since = true, sinceDay
				if o.ordinal {
					o.exact = true // the Nth is N, whatever the span
				}
			}
		}
		if numTotal > 0 && a.m.start > numNoun && a.m.start <= numNoun+forcesReach {
			_, sinceDay := sinceFor(numAt)
			o.attacks, o.exact, o.counted, o.ordinal = numTotal, numExact, true, false
			o.total, o.since, siteTotal = true, sinceDay, true
		}
		// Attacks told as background, or of a campaign with a start, are
		// earlier ones: the site's, on no day unless the clause gives one.
		o.earlier = !o.total && (ci.background || !o.counted && campaign || other >= 0)
		o.again = !o.counted && toldAgain(ts, ann, ci, a.m)
		// "ووجه ... بالتحقيق في الهجوم على السفارة", "the attack on the
		// embassy" in a clause told as background: the attack the news
		// is about, named again, not an earlier one.
		// "The attack is the first on the embassy since a truce declared
		// in late January": the news's attack, whatever the span's date.
		if o.earlier && !o.counted && (theAttackOn(ts, ann, ci, a.m) || ci.gap) {
			o.earlier = false
		}
		o.vague = !o.counted && ci.vague
		o.rumor = rumorBefore(ts, ann, ci, a.m)
		switch {
		case o.window:
			// A count over a span: no one day, but the day named near it
			// or the news's day, should the text date nothing else.
			if o.peg, _, _ = dayOf(ci, a.m, days); o.peg.IsZero() {
				o.peg = fallback
			}
		case !o.total:
			said, at := false, 0
			o.day, said, at = dayOf(ci, a.m, days)
			// "The rockets struck the base at 9 p.m., an official said
			// Tuesday": the day of a statement told after the attack gives
			// way to the day its paragraph or the lead gives the attack;
			// not "the group said on Tuesday it had attacked Harir".
			if said && at > a.m.start && !fallback.IsZero() && !o.earlier {
				o.day, o.inferred = fallback, true
			}
			// "Monday's strike followed two other attacks on al Asad":
			// the others are not of a day named before their count.
			if other >= 0 && at < other {
				o.day = time.Time{}
			}
			if o.day.IsZero() && !o.earlier {
				o.day, o.inferred = fallback, !fallback.IsZero()
			}
			// "attacked Sunday and again Monday", "hit twice: on Tuesday
			// evening and early Wednesday": one attack on each day.
			if ds := joinedDays(ts, ann, ci, ms, days); len(ds) >= 2 && !said && !o.ordinal && !o.earlier && (!o.counted || o.attacks == len(ds)) {
				counted, exact := o.counted, o.exact
				for _, d := range ds {
					o.day, o.inferred, o.attacks = d, false, 1
					o.counted, o.exact = counted, exact
					obs = append(obs, o)
				}
				continue
			}
		}
		obs = append(obs, o)
	}
	if !ci.denied && !ci.background {
		for ck, c := range ci.counts {
			if used[ck] == 1 || c.ordinal || c.value < 2 || numTotal > 0 && numAt >= c.start && numAt < c.end {
				continue
			}
			totals = append(totals, raqib.Total{Attacks: c.value, Scope: scopeOf(ts, ci.sp), Evidence: snippet(src, ts, sent, c.start, c.end)})
		}
		// "brought the number of attacks on US forces to at least 130":
		// the number stands alone, after the count noun.
		if numTotal > 0 && !siteTotal {
			totals = append(totals, raqib.Total{Attacks: numTotal, Scope: scopeOf(ts, ci.sp), Evidence: snippet(src, ts, sent, numAt, numAt+1)})
		}
	}
	// "The rocket landed in the vicinity of the base and did not strike
	// inside the compound": an attack that missed, not one denied.
	for _, d := range denials {
		if !attackedIn(obs[first:], d.site) {
			obs = append(obs, d)
		}
	}
	return obs, totals
}

// attackedIn reports whether one of os is an attack on site.
func attackedIn(os []observation, site int) bool {
	for _, o := range os {
		if o.site == site && !o.denied {
			return true
		}
	}
	return false
}

// objectNoun returns the index of the singular or plural attack
// noun whose object the mention is, within three words before it ("that
// attack on the embassy", "الهجوم على السفارة"), or -1.
func objectNoun(ts []token, ann []word, ci *clauseInfo, m mention) int {
	for j := m.start - 1; j > ci.sp.lo && j >= m.start-3; j-- {
		if ann[j].flags&fCue != 0 && ann[j].flags&fCountNoun != 0 {
			return j
		}
	}
	return -1
}

// toldAgain reports whether the mention is the object of an attack noun
// with a demonstrative ("that attack on the embassy", "هذا الهجوم على
// القاعدة"): an attack the article has told already.
func toldAgain(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	q := objectNoun(ts, ann, ci, m)
	return q > ci.sp.lo && demonstratives[ts[q-1].norm]
}

// theAttackOn reports whether the mention is the object of a definite
// singular attack noun right before it: "الهجوم على السفارة", "the attack
// on the embassy".
func theAttackOn(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	q := objectNoun(ts, ann, ci, m)
	p := m.start - 1
	if q < 0 || q != p-1 || ann[p].flags&fLocPrep == 0 && ts[p].norm != "علي" && ts[p].norm != "on" || ann[q].dual != 1 {
		return false
	}
	if ts[q].arabic {
		return strings.HasPrefix(ts[q].norm, "ال") || strings.HasPrefix(ts[q].norm, "بال") || strings.HasPrefix(ts[q].norm, "وال") || strings.HasPrefix(ts[q].norm, "لل")
	}
	return q > ci.sp.lo && ts[q-1].norm == "the"
}

// otherCount reports whether count c is of other attacks than the news's:
// "two other attacks", "هجومين آخرين".
func otherCount(ts []token, c countPhrase) bool {
	for j := c.start; j < c.end+1 && j < len(ts); j++ {
		if otherWords[ts[j].norm] {
			return true
		}
	}
	return false
}

// sufferedOrdinal reports whether ordinal c is what the site before it
// suffered: "the Shaddadi base came under a second attack", "suffered its
// third attack".
func sufferedOrdinal(ts []token, ann []word, m mention, c countPhrase) bool {
	if c.start < m.end || c.start-m.end > 5 {
		return false
	}
	for j := m.end; j < c.start; j++ {
		if ts[j].kind == tkPunct {
			return false
		}
		if ann[j].flags&fSuffer != 0 || ts[j].norm == "under" {
			return true
		}
	}
	return false
}

// ordinalSuffered: the ordinal names what the site after it suffered,
// behind a relative word: "الهجوم رقم 33 الذي تتعرض له القاعدة", "the
// 33rd attack that the base has suffered".
func ordinalSuffered(ts []token, ann []word, c countPhrase, m mention) bool {
	if c.end > m.start || m.start-c.end > 4 {
		return false
	}
	suffer := false
	for j := c.end; j < m.start; j++ {
		switch {
		case ann[j].flags&fSuffer != 0:
			suffer = true
		case parenOpeners[ts[j].norm], ts[j].norm == "له", ts[j].norm == "لها", ts[j].norm == "the", ts[j].norm == "that", ts[j].norm == "which":
		default:
			return false
		}
	}
	// English puts the verb after its subject: "that the base has
	// suffered".
	for j := m.end; !suffer && j < len(ts) && j <= m.end+1; j++ {
		suffer = ann[j].flags&fSuffer != 0
	}
	return suffer
}

// bindsBack reports whether count c follows the site it counts: "17
// times", "twice", "with 40 attacks", "3 مرات", "مرتين".
func bindsBack(ts []token, ann []word, c countPhrase) bool {
	last := ts[c.end-1]
	if c.ordinal {
		return false
	}
	if last.arabic {
		// "ضربت قاعدة كونيكو 3 مرات", "استهدفت قاعدة حرير مرتين".
		switch ann[c.end-1].core {
		case "مرات", "مره", "مرتين", "مرتان":
			return true
		}
		return false
	}
	if ann[c.end-1].flags&fTime != 0 {
		return true
	}
	if _, ok := englishAdverbs[last.norm]; ok {
		return true
	}
	return c.start > 0 && ts[c.start-1].norm == "with"
}

// dayOf is the day the text gives the attack on the mention: the day
// expression of its clause nearest to it, else one of its sentence's; zero
// when the text gives none. A clause told as background ("وسبق ذلك",
// "previously") takes no day from the rest of its sentence. said reports
// that the day is a statement's, at where its expression stands.
func dayOf(ci *clauseInfo, m mention, days []dayRef) (day time.Time, said bool, at int) {
	best, bestD := time.Time{}, -1
	for _, d := range days {
		if d.since || d.after && d.at > m.start {
			continue
		}
		dist := abs(d.at - m.start)
		if d.said {
			dist += 1 << 10 // a statement's day: only when no attack's is named
		}
		if d.at < ci.sp.lo || d.at >= ci.sp.hi {
			if ci.background {
				continue
			}
			dist += 1 << 20 // outside the clause: only when the clause has none
		}
		if bestD < 0 || dist < bestD {
			best, bestD, said, at = d.day, dist, d.said, d.at
		}
	}
	return best, said, at
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// campaignTotal reports whether the clause states a count of a campaign
// over time: large, or of a group of targets since a start ("more than 170
// attacks since October, among them on Ain al-Asad").
func campaignTotal(ci *clauseInfo) bool {
	for _, c := range ci.counts {
		if (c.value > maxSiteCount || c.collective && ci.since) && !c.ordinal {
			return true
		}
	}
	return false
}

// numberOfAttacks finds a running figure: "the number of attacks ... (to)
// N", "عدد الهجمات على X ... إلى N", "ترتفع الهجمات على قاعدة X إلى ثمانية",
// "bringing the number of attacks to at least 130". It returns N, its
// index, the index of the count noun and whether N is exact (not "at least
// N").
func numberOfAttacks(ts []token, ann []word, ci *clauseInfo) (n, at, noun int, exact bool) {
	lo, hi := ci.sp.lo, ci.sp.hi
	for i := lo; i+1 < hi; i++ {
		rise := ann[i].flags&fRise != 0
		if !rise && ann[i].core != "number" && ann[i].core != "عدد" {
			continue
		}
		j := i + 1
		if rise && j < hi && (ts[j].norm == "the" || ann[j].core == "عدد" || ts[j].norm == "number") {
			j++
			if j < hi && (ts[j].norm == "number" || ann[j].core == "عدد") {
				j++
			}
		}
		if j < hi && ts[j].norm == "of" {
			j++
		}
		if j >= hi || ann[j].flags&fCountNoun == 0 || ann[j].dual != 0 {
			continue
		}
		for k := max(lo, i-6); k < hi && k < j+16; k++ {
			v, next, ok := numberAt(ts, ann, k)
			if !ok {
				continue
			}
			if p := k - 1; v >= 2 && k != j && p > lo && (ts[p].norm == "to" || ts[p].norm == "الي" || ts[p].norm == "least" || ann[p].flags&fApprox != 0) {
				return v, k, j, ann[p].flags&fApprox == 0 && ts[p].norm != "least"
			}
			k = next - 1
		}
	}
	return 0, 0, 0, false
}

func prevOf(ms []mention, i int) mention {
	if i == 0 {
		return mention{site: -1}
	}
	return ms[i-1]
}

// ordinalOfTime: "for the third time", "للمرة الثالثة" ties to the clause's site.
func ordinalOfTime(ts []token, c countPhrase) bool {
	if c.ofTime {
		return true
	}
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

// mentionWithin reports whether a mention starts in [lo, hi).
func mentionWithin(ms []mention, lo, hi int) bool {
	for _, m := range ms {
		if m.start >= lo && m.start < hi {
			return true
		}
	}
	return false
}

// relativeBetween: a relative pronoun opens the words from i to j
// ("التي تعرضت لـ", ", which was hit").
func relativeBetween(ts []token, i, j int) bool {
	for k := i; k < j && k <= i+1; k++ {
		if parenOpeners[ts[k].norm] && (ts[k].norm == "التي" || ts[k].norm == "الذي" || ts[k].norm == "which" || ts[k].norm == "where") {
			return j-k <= 4
		}
	}
	return false
}

// siteRightAfter: at/in/on/في/على and a site name (its base noun and article
// allowed) follow position i: "twice at al-Asad Airbase", "لهجومين في قاعدة
// عين الأسد".
func siteRightAfter(ts []token, ms []mention, i, hi int) bool {
	if i >= hi {
		return false
	}
	switch ts[i].norm {
	case "at", "in", "on", "في", "علي":
	default:
		return false
	}
	return mentionWithin(ms, i+1, min(i+4, hi))
}

// joinedDays returns the distinct days of a clause that "and" joins with
// nothing but "again", a preposition or a time of day between them ("on
// Sunday and again on Monday", "يومي الأحد والاثنين"), when no site is named
// between them and no "between" makes them one night; else nil.
func joinedDays(ts []token, ann []word, ci *clauseInfo, ms []mention, days []dayRef) []time.Time {
	n := 0 // most clauses name one day or none: no allocation for them
	for _, d := range days {
		if d.at >= ci.sp.lo && d.at < ci.sp.hi && !d.since && !d.said {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	in := make([]dayRef, 0, n)
	for _, d := range days {
		if d.at >= ci.sp.lo && d.at < ci.sp.hi && !d.since && !d.said {
			in = append(in, d)
		}
	}
	if p := in[0].at - 1; p >= ci.sp.lo && (ts[p].norm == "between" || ts[p].norm == "بين") {
		return nil
	}
	out := []time.Time{in[0].day}
	for k := 1; k < len(in); k++ {
		a, b := in[k-1], in[k]
		// "صباح اليوم الخميس": one day in two expressions.
		if b.day.Equal(a.day) && b.at <= a.end+1 {
			continue
		}
		if b.day.Equal(a.day) || b.at-a.end > 4 || mentionWithin(ms, a.end, b.at) {
			return nil
		}
		joined := b.at > a.end && ts[b.at].arabic && strings.HasPrefix(ts[b.at].norm, "و")
		for j := a.end; j < b.at; j++ {
			switch ts[j].norm {
			case "and", "و", "then", "ثم":
				joined = true
			case "again", "مجددا", "on", "في", "early", "late", "the", ",", "يوم", "ليله", "day":
			default:
				if ann[j].flags&fTime == 0 {
					return nil
				}
			}
		}
		if !joined {
			return nil
		}
		out = append(out, b.day)
	}
	return out
}

// rumorBefore: the clause tells the attack on the mention as what reports
// said: "followed reports that militants had fired rockets at Camp Taji",
// "وسط أنباء عن سقوط صواريخ على القاعدة".
func rumorBefore(ts []token, ann []word, ci *clauseInfo, m mention) bool {
	for j := ci.sp.lo; j < m.start; j++ {
		if ann[j].flags&fRumor != 0 {
			return true
		}
	}
	return false
}

// dualListHead reports whether an Arabic dual of base nouns stands just before
// the name at i, heading a list: "القاعدتين الأمريكيتين في حقل العمر".
func dualListHead(ts []token, ann []word, i, lo int) bool {
	for k := i - 1; k >= lo && k >= i-4; k-- {
		if ts[k].kind == tkPunct {
			return false
		}
		if ann[k].flags&fDualBase != 0 && ts[k].arabic {
			return true
		}
	}
	return false
}

// dualSuffered reports whether a suffer verb in the dual, then an attack
// word, follows from in the clause: "تعرضا لهجمات صاروخية".
func dualSuffered(ts []token, ann []word, ci *clauseInfo, from int) bool {
	for j := from; j < ci.sp.hi; j++ {
		if !ts[j].arabic || !dualSufferVerbs[ann[j].core] {
			continue
		}
		for k := j + 1; k < ci.sp.hi && k <= j+2; k++ {
			if ann[k].flags&fCue != 0 {
				return true
			}
		}
	}
	return false
}

// opensJoined reports whether the words at i open a clause joined by ",
// and", "while", "، و" or "فيما" to the one before.
func opensJoined(ts []token, ann []word, lo, i int) bool {
	// "، وطال هجومان آخران", "فيما استهدف اثنان": the verb first.
	if i-1 >= lo && ts[i].arabic && ann[i-1].flags&fCue != 0 {
		i--
	}
	if i-1 >= lo {
		switch ts[i-1].norm {
		case "while", "whereas", "فيما", "بينما":
			return true
		case "and":
			return i-2 >= lo && ts[i-2].norm == ","
		case ",":
			return ts[i].arabic && strings.HasPrefix(ts[i].norm, "و")
		}
	}
	return false
}

// knownAsAttacked reports whether the mention follows "known as"/"يعرف
// باسم" and an attack word stands before that in the clause, with no other
// name between them.
func knownAsAttacked(ts []token, ann []word, ci *clauseInfo, ms []mention, m mention) bool {
	k := m.start - 1
	if k > ci.sp.lo && ts[k].norm == "the" {
		k--
	}
	switch {
	case k > ci.sp.lo && (ts[k].norm == "as" || ts[k].norm == "باسم") && knownAs[ann[k-1].core]:
		k--
	case k >= ci.sp.lo && (ts[k].norm == "called" || ts[k].norm == "dubbed"):
	default:
		return false
	}
	// Another name before is the attacked one, unless it is a place
	// ("near al-Hasakah city").
	for _, o := range ms {
		if o.start >= ci.sp.lo && o.start < k && o.site != m.site && !(o.end < k && placeNouns[ts[o.end].norm]) {
			return false
		}
	}
	for _, c := range ci.cues {
		if c < k {
			return true
		}
	}
	return false
}
