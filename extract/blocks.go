package extract

import "strings"

// Text structure: lines (the article's blocks), related-news blocks to skip,
// sentences, and clauses inside sentences. A site and an attack word are tied
// only inside one clause.

// postprocess merges dotted initialisms ("U.S.", "U.N.") into one word so
// that they match aliases and do not end sentences.
func postprocess(ts []token, src string) []token {
	out := ts[:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.kind == tkWord && !t.arabic && len(t.norm) == 1 && i+3 < len(ts)+1 {
			j := i
			var letters []byte
			upper := true
			for j+1 < len(ts) && ts[j].kind == tkWord && !ts[j].arabic && len(ts[j].norm) == 1 &&
				(j == i || !ts[j].gapBefore) && ts[j+1].norm == "." && !ts[j+1].gapBefore {
				letters = append(letters, ts[j].norm[0])
				upper = upper && ts[j].upper
				j += 2
			}
			if len(letters) >= 2 {
				t.norm = string(letters)
				t.end = ts[j-1].end
				t.upper = upper
				out = append(out, t)
				i = j - 1
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// annotate looks every word up in the lexicon and applies multi-word
// phrases to the tokens they cover. vocab is an extractor's
// vocabulary: the lexicon plus the tokens that open its aliases.
func annotate(ts []token, vocab map[string]word) []word {
	return annotateInto(ts, vocab, nil)
}

// annotateInto is annotate writing into ann, reused when large enough.
func annotateInto(ts []token, vocab map[string]word, ann []word) []word {
	if cap(ann) < len(ts) {
		ann = make([]word, len(ts))
	} else {
		ann = ann[:len(ts)]
		clear(ann)
	}
	for i, t := range ts {
		if t.kind != tkWord {
			continue
		}
		ann[i] = wordOf(vocab, t.norm, t.arabic)
	}
	applyPhrases(ts, ann)
	return ann
}

// wordOf is the annotation of one word form: its vocabulary entry (vocab
// holds the whole lexicon: a form it lacks is not there, and only its stem
// may say something), with the flags of the word sets of setFlags.
func wordOf(vocab map[string]word, key string, arabic bool) word {
	w, found := vocab[key]
	if !found {
		w = lookupStem(key, arabic)
	}
	core := key
	if arabic {
		core = stripClitics(key)
	}
	for _, sf := range setFlags {
		if (*sf.set)[key] || (*sf.set)[core] {
			w.flags |= sf.flag
		}
	}
	return w
}

// applyPhrases ORs the flags of multi-word entries into the tokens they cover.
func applyPhrases(ts []token, ann []word) {
	for i, t := range ts {
		if t.kind != tkWord {
			continue
		}
		applyPhrasesAt(ts, ann, i, phrasesOf(t, ann[i]))
	}
}

// phrasesOf returns the multi-word entries that token t, annotated w, may
// open.
func phrasesOf(t token, w word) []phrase {
	ps := phrases[t.norm]
	if ps == nil && t.arabic {
		ps = phrases[w.core]
	}
	return ps
}

// applyPhrasesAt ORs the flags of the entries ps that match at token i.
func applyPhrasesAt(ts []token, ann []word, i int, ps []phrase) {
	for _, p := range ps {
		j := i + 1
		k := 1
		for ; k < len(p.words) && j < len(ts) && ts[j].norm == p.words[k]; k, j = k+1, j+1 {
		}
		if k == len(p.words) {
			for x := i; x < j; x++ {
				ann[x].flags |= p.flags
			}
		}
	}
}

// annotation is what annotate computes for one word token, all of which
// depends on its normalized form (and script) only.
type annotation struct {
	w       word
	phrases []phrase
	arabic  bool
}

// maxMemo bounds a scratch's memo of annotations; past it the memo starts
// over.
const maxMemo = 1 << 15

// annotateMemo is annotateInto for an extractor's vocab, with the
// annotation of each distinct word form computed once and kept in memo
// (keys and strings copied out of the article, so that the memo keeps no
// article's text alive). heads is reused for the tokens that may open a
// phrase. The result is annotateInto's.
func annotateMemo(ts []token, vocab map[string]word, ann []word, memo map[string]annotation, heads []phraseHead) ([]word, []phraseHead) {
	if cap(ann) < len(ts) {
		ann = make([]word, len(ts))
	} else {
		ann = ann[:len(ts)]
		clear(ann)
	}
	heads = heads[:0]
	for i, t := range ts {
		if t.kind != tkWord {
			continue
		}
		a, ok := memo[t.norm]
		if !ok || a.arabic != t.arabic {
			if len(memo) >= maxMemo {
				clear(memo)
			}
			key := strings.Clone(t.norm)
			w := wordOf(vocab, key, t.arabic)
			ct := t
			ct.norm = key
			a = annotation{w: w, phrases: phrasesOf(ct, w), arabic: t.arabic}
			if ok {
				// The same form in another script (never seen): not memoized.
				ann[i] = a.w
				if a.phrases != nil {
					heads = append(heads, phraseHead{i, a.phrases})
				}
				continue
			}
			memo[key] = a
		}
		ann[i] = a.w
		if a.phrases != nil {
			heads = append(heads, phraseHead{i, a.phrases})
		}
	}
	for _, h := range heads {
		applyPhrasesAt(ts, ann, h.i, h.ps)
	}
	clear(heads) // no phrase lists kept past the call
	return ann, heads[:0]
}

// phraseHead is a token that may open the phrases ps.
type phraseHead struct {
	i  int
	ps []phrase
}

// span is a half-open token range.
type span struct{ lo, hi int }

// splitLines returns the token span of every line (without the '\n').
func splitLines(ts []token) []span {
	var lines []span
	lo := 0
	for i, t := range ts {
		if t.kind == tkPunct && t.norm == "\n" {
			lines = append(lines, span{lo, i})
			lo = i + 1
		}
	}
	return append(lines, span{lo, len(ts)})
}

// relatedLines marks the lines of related-news blocks: the header line and
// the headline-like lines after it (short, not ending a sentence), blank
// lines included, up to a line that reads like body text: long, or ending
// with . ? ! or the colon that opens a list.
func relatedLines(ts []token, lines []span) []bool {
	skip := make([]bool, len(lines))
	inBlock := 0
	for li, ln := range lines {
		words := 0
		for i := ln.lo; i < ln.hi; i++ {
			if ts[i].kind != tkPunct {
				words++
			}
		}
		if words == 0 {
			continue
		}
		if hdr, _ := isRelatedHeader(ts, ln); hdr {
			skip[li] = true
			inBlock = maxHeadlines
			continue
		}
		if inBlock > 0 {
			if words <= 25 && !endsSentence(ts, ln) {
				skip[li] = true
				inBlock--
				continue
			}
			inBlock = 0
		}
	}
	return skip
}

// isRelatedHeader reports whether the line is a related-news header, alone
// ("اقرأ أيضاً"), or leading a headline on the same line ("Related: Drone
// strike hits ...", "اقرأ أيضا هجوم على قاعدة التنف").
func isRelatedHeader(ts []token, ln span) (hdr, inline bool) {
	// The first words joined by spaces, built on the stack: a map index
	// by string(b) does not allocate.
	var arr [128]byte
	b := arr[:0]
	n, words := 0, 0
	for i := ln.lo; i < ln.hi; i++ {
		if ts[i].kind != tkPunct {
			words++
		}
	}
	for i := ln.lo; i < ln.hi; i++ {
		t := ts[i]
		if t.kind == tkPunct {
			if t.norm == ":" && n > 0 && relatedHeaders[string(b)] {
				return true, i+1 < ln.hi
			}
			continue
		}
		if n == 5 {
			return false, false
		}
		if n > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.norm...)
		n++
		// A header of two words or more leading a short headline.
		if n >= 2 && n < words && words-n <= 20 && relatedHeaders[string(b)] && !endsSentence(ts, ln) {
			return true, true
		}
	}
	return n > 0 && relatedHeaders[string(b)], false
}

func endsSentence(ts []token, ln span) bool {
	for i := ln.hi - 1; i >= ln.lo; i-- {
		if ts[i].kind == tkPunct {
			switch ts[i].norm {
			case ".", "?", "!", ":":
				return true
			}
			continue
		}
		return false
	}
	return false
}

// clauses splits a line into clause spans. Sentences end at . ? ! (not after
// initials, abbreviations or inside numbers); inside a sentence a semicolon,
// a contrastive conjunction (فيما, بينما, في حين, while, whereas, but) or
// "، وأن" starts a new clause. sentence[k] is the sentence of clause k.
func clauses(ts []token, ann []word, ln span, out []span, sent []span) ([]span, []span) {
	lo := ln.lo
	sLo := ln.lo
	flush := func(hi int, endSentence bool) {
		// A clause longer than maxClause (a page without punctuation, a
		// hostile input) is cut, at its last comma when it has one, so
		// that the work per clause is bounded and the whole stays linear.
		for hi-lo > maxClause {
			cut := lo + maxClause
			for j := cut - 1; j > lo+maxClause/2; j-- {
				if ts[j].norm == "," {
					cut = j + 1
					break
				}
			}
			out = append(out, span{lo, cut})
			lo = cut
		}
		if hi > lo {
			out = append(out, span{lo, hi})
		}
		lo = hi
		if endSentence {
			for k := len(sent); k < len(out); k++ {
				sent = append(sent, span{sLo, hi})
			}
			sLo = hi
		}
	}
	lastComma := -1
	for i := ln.lo; i < ln.hi; i++ {
		t := ts[i]
		if t.kind == tkPunct {
			switch t.norm {
			case "?", "!":
				flush(i+1, true)
			case ".":
				if !dotContinues(ts, i, ln.hi) {
					flush(i+1, true)
				}
			case ";":
				flush(i+1, false)
			case ",":
				// "، وأن ...", "، وسبق ...", "، وكانت القاعدة قد ...": a new
				// clause after the comma; not after the comma that closes a
				// short parenthesis ("قاعدة رميلان، بريف الحسكة، سبق أن
				// تعرضت").
				paren := lastComma >= lo && i-lastComma-1 <= 3
				lastComma = i
				if !paren && i+1 < ln.hi && (clauseOpeners[ts[i+1].norm] || ts[i+1].arabic && clauseOpeners[ann[i+1].core] && ts[i+1].norm != ann[i+1].core) {
					flush(i+1, false)
				}
				// "Earlier this month, rockets landed inside Ain al-Asad, and
				// on Dec. 9 four rockets hit ...": "and" with a time of its
				// own opens another event.
				if i+2 < ln.hi && ts[i+1].norm == "and" && (ann[i+2].flags&fTimeWord != 0 || timeOpeners[ts[i+2].norm]) {
					flush(i+1, false)
				}
			}
			continue
		}
		if ann[i].flags&fBarrier != 0 && i > lo {
			flush(i, false)
		}
	}
	flush(ln.hi, true)
	return out, sent
}

// dotContinues reports whether the '.' at i is inside a sentence.
func dotContinues(ts []token, i, hi int) bool {
	if i == 0 {
		return false
	}
	p := ts[i-1]
	if t := ts[i]; t.gapBefore {
		return false
	}
	if p.kind == tkWord && !p.arabic && (len(p.norm) == 1 || abbreviations[p.norm]) {
		return true
	}
	if i+1 < hi && !ts[i+1].gapBefore && ts[i+1].kind != tkPunct {
		return true // 1.5, example.com
	}
	return false
}
