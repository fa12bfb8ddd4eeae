package extract

import (
	"strings"
	"time"
)

// Days: the day the text gives an attack ("أمس", "فجر الأربعاء", "on
// Tuesday", "on 1 November", "8 كانون الثاني 2020"), resolved against the
// article's own day, and the start of a running total ("since 1 December",
// "منذ مطلع الشهر"). The words are lexicon.txt's [day-words], [weekdays],
// [months], [since] and [month-start].

// dayRef is one day expression of the text.
type dayRef struct {
	at, end int       // token span
	day     time.Time // the day meant, UTC midnight
	since   bool      // the start of a running total, not a day of attacks
	said    bool      // the day of a statement ("said on Saturday", "في بيان صدر أمس"), the attack's only when no other is named
	after   bool      // "a day after ...", "بعد يوم من ...": the day of what follows, not of what stands before
}

// civil parses a YYYY-MM-DD day; ok is false for "" or a malformed day.
func civil(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// findDays appends to out the day expressions of span sp, resolved against
// the article's day. Days after the article's are dropped: they are plans,
// or misread. last is the day named last before sp (zero: none), for "the
// same day".
func findDays(ts []token, ann []word, sp span, article, last time.Time, out []dayRef) []dayRef {
	sinceUntil := -1 // a since word opens the next expression up to here
	first := len(out)
	bits := dayBits()
	for i := sp.lo; i < sp.hi; {
		if ts[i].kind == tkPunct {
			i++
			continue
		}
		// Most words can open no day expression: pass them by.
		if w := &ann[i]; ts[i].kind == tkWord && w.seqs&bits == 0 && w.ord == 0 && w.tens == 0 && w.card == 0 && i != sinceUntil && !relativeOpener(ts, w, i, sp.hi) {
			i++
			continue
		}
		// "بعد يوم واحد من استهداف قاعدة بلد", "a day after a drone hit
		// Conoco": so many days before the attack the sentence tells.
		// The sentence must have named the day of its own attack first:
		// "The attack came a day after two rocket attacks on Sunday".
		if back, next, ok := daysBefore(ts, ann, i, sp.hi); ok {
			if anchor := lastOf(out[first:]); !anchor.IsZero() {
				out = append(out, dayRef{at: i, end: next, day: anchor.AddDate(0, 0, -back), after: true})
			}
			i = next
			continue
		}
		// "قبل يومين", "قبل ثلاثة أيام": so many days ago.
		if ann[i].core == "قبل" {
			// Not "قبل يومين من الهجوم": before another event.
			if back, next, ok := durationAt(ts, ann, i+1, sp.hi); ok && back >= 0 && back <= maxAgo && !(next < sp.hi && ts[next].norm == "من") {
				out = append(out, dayRef{at: i, end: next, day: article.AddDate(0, 0, -back)})
				i = next
				continue
			}
			i++
			continue
		}
		// "وفي اليوم نفسه", "later that day": the day named before.
		if _, end, ok := sameDay.at(ts, ann, i, sp.hi); ok {
			if d := lastOf(out[first:]); !d.IsZero() {
				last = d
			}
			if !last.IsZero() {
				out = append(out, dayRef{at: i, end: end, day: last})
			}
			i = end
			continue
		}
		// "A day earlier, drones hit Qasrak", "وفي اليوم السابق": the day
		// before the one named last, else before the article's. Not "a
		// day before the attack", whose day is another event's.
		if _, end, ok := dayBefore.at(ts, ann, i, sp.hi); ok {
			if end < sp.hi && ts[end].kind == tkWord && determiners[ts[end].norm] {
				i = end
				continue
			}
			d := lastOf(out[first:])
			if d.IsZero() {
				d = last
			}
			if d.IsZero() {
				d = article
			}
			out = append(out, dayRef{at: i, end: end, day: d.AddDate(0, 0, -1)})
			i = end
			continue
		}
		// "أعلنت صباحاً": the day named last, else the article's.
		if _, end, ok := timeOfDay.at(ts, ann, i, sp.hi); ok && (end >= sp.hi || !dayFollows(ts, ann, end, sp.hi, article)) {
			d := article
			if x := lastOf(out[first:]); !x.IsZero() {
				d = x
			}
			if d == article && !last.IsZero() {
				d = last
			}
			out = append(out, dayRef{at: i, end: end, day: d})
			i = end
			continue
		}
		// "ليل الاثنين - الثلاثاء": the night that ends on the second day.
		if _, end, ok := nightOf.at(ts, ann, i, sp.hi); ok {
			if a, ok := dayAt(ts, ann, end, sp.hi, article, false); ok {
				j := a.end
				for j < sp.hi && (ts[j].kind == tkPunct && ts[j].norm == "," || ts[j].norm == "الي" || ts[j].norm == "to") {
					j++
				}
				if b, ok := dayAt(ts, ann, j, sp.hi, article, false); ok && b.day.Sub(a.day) == 24*time.Hour {
					out = append(out, dayRef{at: i, end: b.end, day: b.day})
					i = b.end
					continue
				}
			}
		}
		if _, end, ok := sinceWords.at(ts, ann, i, sp.hi); ok {
			// "منذ يومين" is two days ago, not a start.
			if back, next, ok := durationAt(ts, ann, end, sp.hi); ok {
				if back >= 0 && back <= maxAgo {
					out = append(out, dayRef{at: i, end: next, day: article.AddDate(0, 0, -back)})
				}
				i = next
				continue
			}
			sinceUntil = end + sinceReach
			i = end
			continue
		}
		// "two days ago".
		if back, next, ok := agoAt(ts, ann, i, sp.hi); ok {
			if back >= 0 && back <= maxAgo {
				out = append(out, dayRef{at: i, end: next + 1, day: article.AddDate(0, 0, -back)})
			}
			i = next + 1
			continue
		}
		since := i <= sinceUntil
		r, ok := dayAt(ts, ann, i, sp.hi, article, since)
		if !ok {
			if i == sinceUntil {
				// "منذ بدء الحرب على غزة": a start with no day.
				out = append(out, dayRef{at: i, end: i, since: true})
			}
			i++
			continue
		}
		if !r.day.After(article) {
			r.since = since || rangeStart(ts, r, sp)
			r.said = saidOn(ts, ann, r.at, sp.lo)
			out = append(out, r)
		}
		if since {
			sinceUntil = -1
		}
		i = r.end
	}
	return out
}

// dayAt reads one day expression at token i.
func dayAt(ts []token, ann []word, i, hi int, article time.Time, since bool) (dayRef, bool) {
	r := dayRef{at: i}
	// "منذ مطلع الشهر", "since the start of the month", "منذ مطلع العام".
	if since {
		if _, end, ok := monthStart.at(ts, ann, i, hi); ok {
			r.end, r.day = end, time.Date(article.Year(), article.Month(), 1, 0, 0, 0, 0, time.UTC)
			return r, true
		}
		if _, end, ok := yearStart.at(ts, ann, i, hi); ok {
			r.end, r.day = end, time.Date(article.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			return r, true
		}
		// "منذ عام 2023", "since 2020", "النصف الأول من 2024": the
		// year's start.
		j := i
		if n := stripClitics(ts[j].norm); j+1 < hi && (n == "عام" || n == "عامه" || n == "سنه" || n == "year") {
			j++
		}
		if t := ts[j]; t.kind == tkNum && t.num >= 1990 && int(t.num) <= article.Year() {
			r.end, r.day = j+1, time.Date(int(t.num), 1, 1, 0, 0, 0, 0, time.UTC)
			return r, true
		}
	}
	// "17/10/2023", "2023-10-17": the tokenizer drops the slashes.
	if t, end, ok := numericDate(ts, i, hi); ok {
		r.end, r.day = end, t
		return r, !t.After(article)
	}
	// "1 November", "8 كانون الثاني 2020", "5th of December".
	if d, next, ok := dayNumber(ts, ann, i, hi); ok {
		j := next
		if j < hi && (ts[j].norm == "من" || ts[j].norm == "of") {
			j++
		}
		if m, end, ok := months.at(ts, ann, j, hi); ok {
			r.end = end
			r.day, r.end = dateOf(ts, ann, d, m, end, hi, article)
			return r, validDay(r.day, d)
		}
	}
	// "November 1", "Jan. 8, 2020"; a month alone only after since.
	if m, end, ok := months.at(ts, ann, i, hi); ok {
		j := end
		if j < hi && ts[j].norm == "." {
			j++
		}
		if d, next, ok := dayNumber(ts, ann, j, hi); ok {
			r.day, r.end = dateOf(ts, ann, d, m, next, hi, article)
			return r, validDay(r.day, d)
		}
		if since {
			y := article.Year()
			if time.Month(m) > article.Month() {
				y--
			}
			r.end, r.day = end, time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			return r, true
		}
		return r, false
	}
	// "الحادي عشر من الشهر الجاري", "في الخامس من تشرين الثاني".
	if d, next, ok := ordinalDay(ts, ann, i, hi); ok && next < hi && (ts[next].norm == "من" || ts[next].norm == "of") {
		if _, end, ok := thisMonth.at(ts, ann, next+1, hi); ok {
			r.end, r.day = end, time.Date(article.Year(), article.Month(), d, 0, 0, 0, 0, time.UTC)
			return r, validDay(r.day, d)
		}
		if m, end, ok := months.at(ts, ann, next+1, hi); ok {
			r.day, r.end = dateOf(ts, ann, d, m, end, hi, article)
			return r, validDay(r.day, d)
		}
	}
	if md, end, ok := holidays.at(ts, ann, i, hi); ok {
		t := time.Date(article.Year(), time.Month(md/100), md%100, 0, 0, 0, 0, time.UTC)
		if t.After(article) {
			t = t.AddDate(-1, 0, 0)
		}
		r.end, r.day = end, t
		return r, true
	}
	if wd, end, ok := weekdays.at(ts, ann, i, hi); ok {
		back := (int(article.Weekday()) - (wd - 1) + 7) % 7
		// "الثلاثاء الماضي", "last Tuesday" on a Tuesday: a week ago.
		if back == 0 && (end < hi && lastWords[ts[end].norm] || i > 0 && ts[i-1].norm == "last") {
			back = 7
		}
		// "next Tuesday", "الثلاثاء المقبل": not a day of attacks.
		if end < hi && nextWords[ts[end].norm] || i > 0 && ts[i-1].norm == "next" {
			return r, false
		}
		r.end, r.day = end, article.AddDate(0, 0, -back)
		return r, true
	}
	if back, end, ok := dayWords.at(ts, ann, i, hi); ok {
		r.end, r.day = end, article.AddDate(0, 0, -back)
		return r, true
	}
	return r, false
}

// dayNumber reads a day of the month at i: 1 to 31 in digits ("8",
// "8th").
func dayNumber(ts []token, ann []word, i, hi int) (int, int, bool) {
	if i >= hi || ts[i].kind != tkNum || ts[i].num < 1 || ts[i].num > 31 {
		return 0, i, false
	}
	next := i + 1
	if next < hi && !ts[next].gapBefore {
		switch ts[next].norm {
		case "st", "nd", "rd", "th":
			next++
		}
	}
	return int(ts[i].num), next, true
}

// dateOf is day d of month m, in the year written after it ("8 January
// 2020", "January 8, 2020") or else the latest such day not after the
// article's. It returns the day and the index after the expression.
func dateOf(ts []token, ann []word, d, m, next, hi int, article time.Time) (time.Time, int) {
	j := next
	// "31 كانون الأول/ديسمبر 2019", "5 كانون الثاني (يناير) 2020": the
	// month's other name between the month and the year.
	// (The tokenizer drops "/" and the brackets.)
	if j < hi && ts[j].kind == tkPunct && ts[j].norm == "-" {
		j++
	}
	if _, end, ok := months.at(ts, ann, j, hi); ok {
		j = end
	} else {
		j = next
	}
	if j < hi && ts[j].norm == "," {
		j++
	}
	if j < hi && ts[j].kind == tkNum && ts[j].num >= 1990 && ts[j].num <= 2100 {
		return time.Date(int(ts[j].num), time.Month(m), d, 0, 0, 0, 0, time.UTC), j + 1
	}
	t := time.Date(article.Year(), time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.After(article) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, next
}

// numericDate reads a date in digits: day, month, year ("17/10/2023", the
// order of Arabic and British writing; in English text only when the day
// cannot be a month) or year, month, day ("2023-10-17").
func numericDate(ts []token, i, hi int) (time.Time, int, bool) {
	var n [3]int
	k := 0
	j := i
	for ; j < hi && k < 3; j++ {
		switch {
		case ts[j].kind == tkNum:
			n[k] = int(ts[j].num)
			k++
		case ts[j].norm == "-" || ts[j].norm == ".":
			if k == 0 {
				return time.Time{}, i, false
			}
		default:
			return time.Time{}, i, false
		}
	}
	if k < 3 {
		return time.Time{}, i, false
	}
	year := func(y int) bool { return y >= 1990 && y <= 2100 }
	var d, m, y int
	switch {
	case year(n[0]):
		y, m, d = n[0], n[1], n[2]
	case year(n[2]) && (n[0] > 12 || i > 0 && ts[i-1].arabic):
		d, m, y = n[0], n[1], n[2]
	default:
		return time.Time{}, i, false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, i, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, i, false // 31/02
	}
	return t, j, true
}

// ordinalDay reads a day of the month written as an ordinal word: "الخامس",
// "الحادي عشر", "الخامس والعشرين", "العشرين".
func ordinalDay(ts []token, ann []word, i, hi int) (int, int, bool) {
	if i >= hi || ts[i].kind != tkWord {
		return 0, i, false
	}
	if t := int(ann[i].tens); t == 20 || t == 30 {
		return t, i + 1, true
	}
	u := int(ann[i].ord)
	if u < 1 || u > 10 {
		return 0, i, false
	}
	if i+1 < hi && (ts[i+1].norm == "عشر" || ts[i+1].norm == "عشره") && u < 10 {
		return u + 10, i + 2, true
	}
	if i+1 < hi && strings.HasPrefix(ts[i+1].norm, "و") && ann[i+1].tens > 0 && u < 10 {
		return u + int(ann[i+1].tens), i + 2, true
	}
	return u, i + 1, true
}

// validDay: "31 February" does not roll over into March.
func validDay(t time.Time, d int) bool { return t.Day() == d }

// durationAt reads a span of time at i ("يومين", "ثلاثة أيام", "ساعات",
// "two days") and returns it in days (0 for hours), or -1 when it is longer
// than a day can be told from (weeks, months).
func durationAt(ts []token, ann []word, i, hi int) (back, next int, ok bool) {
	if _, end, ok := hours.at(ts, ann, i, hi); ok {
		return 0, end, true
	}
	n := 1
	j := i
	if v, after, ok := numberAt(ts, ann, i); ok {
		n, j = v, after
	}
	per, end, ok := durations.at(ts, ann, j, hi)
	if ok && j == i && end < hi {
		// "منذ يوم السبت", "since the day ...": a start, not a span.
		if _, ok := dayAt(ts, ann, end, hi, time.Time{}, true); ok {
			return 0, i, false
		}
	}
	if !ok {
		if _, end, ok := hours.at(ts, ann, j, hi); ok && j > i {
			return 0, end, true
		}
		return 0, i, false
	}
	if end < hi && ts[end].kind == tkNum {
		return 0, i, false // "منذ عام 2020": a year, not a span
	}
	if per >= 7 {
		return -1, end, true
	}
	// "منذ أيام", "قبل أيام", "days ago": a few days, no one day.
	if j == i && (ann[end-1].core == "ايام" || ts[end-1].norm == "days") {
		return -1, end, true
	}
	return n * per, end, true
}

// rangeStart: the day opens a span ("من 19 تشرين الأول حتى اليوم",
// "between Oct. 17 and Nov. 13"): the start of a running tally.
func rangeStart(ts []token, r dayRef, sp span) bool {
	if r.at == sp.lo {
		return false
	}
	switch ts[r.at-1].norm {
	case "من", "from", "between":
	default:
		return false
	}
	for j := r.end; j < sp.hi && j <= r.end+2; j++ {
		if rangeEnds[ts[j].norm] {
			return true
		}
		if ts[j].kind == tkPunct && ts[j].norm != "," {
			return false
		}
	}
	return false
}

// dayFollows: a day expression at i ("مساء الأربعاء", "صباح اليوم").
func dayFollows(ts []token, ann []word, i, hi int, article time.Time) bool {
	_, ok := dayAt(ts, ann, i, hi, article, false)
	return ok
}

// agoAt reads "two days ago", "hours ago" at i.
func agoAt(ts []token, ann []word, i, hi int) (back, next int, ok bool) {
	if ts[i].arabic || ts[i].kind != tkNum && ann[i].card == 0 && ann[i].seqs&(durations.bit|hours.bit) == 0 {
		return 0, i, false
	}
	back, next, ok = durationAt(ts, ann, i, hi)
	return back, next, ok && next < hi && ts[next].norm == "ago"
}

// dayBits are the seqTables a day expression may open with.
func dayBits() uint32 {
	return sameDay.bit | dayBefore.bit | timeOfDay.bit | nightOf.bit | sinceWords.bit | months.bit | holidays.bit |
		weekdays.bit | dayWords.bit | durations.bit | hours.bit | monthStart.bit | yearStart.bit
}

// saidOn reports whether the day expression at i dates a statement: a
// speech verb right before it ("said on Saturday", "told reporters on
// Tuesday", "في بيان صدر مساء أمس").
func saidOn(ts []token, ann []word, i, lo int) bool {
	for j := i - 1; j >= lo && j >= i-saidReach; j-- {
		if ts[j].kind == tkPunct {
			return false
		}
		if ann[j].flags&fSpeech != 0 || statementWords[ts[j].norm] || statementWords[ann[j].core] {
			return true
		}
	}
	return false
}

// daysBefore reads "بعد يوم (واحد) من", "بعد يومين من", "a day after", "two
// days after", "hours after" at i: how many days the event after it came
// before the one the sentence tells.
func daysBefore(ts []token, ann []word, i, hi int) (back, next int, ok bool) {
	if n := ts[i].norm; n != "بعد" && n != "وبعد" && n != "a" && n != "one" && ts[i].kind != tkNum && ann[i].card == 0 {
		return 0, i, false // most words open no such phrase
	}
	if ts[i].arabic {
		if n := ts[i].norm; n != "بعد" && n != "وبعد" { // its core strips a ب that is not a clitic
			return 0, i, false
		}
		back, next, ok = durationAt(ts, ann, i+1, hi)
		if ok && next < hi && ann[next].card == 1 {
			next++ // "بعد يوم واحد من"
		}
		if !ok || back < 0 || back > maxAgo || next >= hi || ts[next].norm != "من" {
			return 0, i, false
		}
		return back, next + 1, true
	}
	j := i
	if ts[j].norm == "a" || ts[j].norm == "one" {
		j++ // "a day after"
	}
	back, next, ok = durationAt(ts, ann, j, hi)
	if !ok || back < 0 || back > maxAgo || next >= hi || ts[next].norm != "after" {
		return 0, i, false
	}
	return back, next + 1, true
}

// relativeOpener: the word may open "قبل يومين", "بعد يوم من" or "a day
// after", which no day word starts. Lengths first: most words are none.
func relativeOpener(ts []token, w *word, i, hi int) bool {
	switch n := ts[i].norm; len(n) {
	case 1:
		return n == "a" && i+1 < hi && ts[i+1].norm == "day"
	case 6, 8:
		return n == "بعد" || n == "وبعد" || w.core == "قبل"
	}
	return false
}
