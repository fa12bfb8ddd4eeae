package extract

import "sort"

// Mentions on a line: the gazetteer matches that survive the traps, the
// anaphors resolved to them, and the heads of tally lines.

// lineMentions finds the sites named on a line, drops traps and zones that
// are never targets, and resolves "the base"/"القاعدة" to the latest site.
func (e *Extractor) lineMentions(ts []token, ann []word, ln span, out []mention, prior []int) []mention {
	raw := e.matchLine(ts, ann, ln.lo, ln.hi, nil)
	var kept []mention
	for _, m := range raw {
		if c := e.consulateCity(ts, m, ln.hi); c >= 0 {
			m.site, m.end = c, m.end+2
		}
		if e.trap(ts, ann, m, ln.lo, ln.hi) || e.sites[m.site].NotUSSite {
			continue
		}
		kept = append(kept, m)
	}
	// Anaphora: walk the line, remembering the latest named site. Before
	// the line names one, an article that has named exactly one site so
	// far gives the antecedent ("يشار إلى أن القاعدة كانت قد تعرضت ...").
	ante := -1
	if len(prior) == 1 {
		ante = prior[0]
	}
	k := 0
	for i := ln.lo; i < ln.hi; i++ {
		if k < len(kept) && kept[k].start == i {
			out = append(out, kept[k])
			ante = kept[k].site
			i = kept[k].end - 1
			k++
			continue
		}
		if inRaw(raw, i) {
			continue
		}
		// "the base at al-Shaddadi", "القاعدة في حقل العمر": the name that
		// follows says which base it is.
		if k < len(kept) && kept[k].start <= i+3 {
			continue
		}
		if a, ok := e.resolveAnaphor(ts, ann, i, ante); ok {
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
