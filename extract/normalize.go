package extract

import (
	"unicode"
	"unicode/utf8"
)

// Normalization happens once, while tokenizing: every rune is folded to the
// form the lexicon and the alias trie use, so that the many spellings seen in
// the news meet in one key. Arabic: diacritics and tatweel go, the alef and
// hamza seats fold to their bare letter, ى→ي, ة→ه, Persian letters to Arabic;
// Arabic-Indic and Persian digits become ASCII. Latin: lower case, common
// accents removed. Each token keeps its byte span in the source so evidence
// is quoted from the original text.

// runeClass is what a folded rune contributes to tokenization.
type runeClass uint8

const (
	clSpace  runeClass = iota // separates tokens
	clDrop                    // vanishes without separating (diacritics, tatweel, joiners)
	clArabic                  // Arabic letter
	clLatin                   // Latin letter
	clDigit                   // 0-9 after folding
	clPunct                   // a clause or sentence mark, see punctKind
	clHyphen                  // '-' : a separator inside words, a pause between spaces
	clApos                    // apostrophe: dropped inside Latin words ("Qa'im", "Baghdad's")
	clDot                     // '.' : decided in context (U.S., Oct., 1.5, end of sentence)
)

// fold maps one source rune to its normalized rune and class.
func fold(r rune) (rune, runeClass) {
	switch {
	case r >= 'a' && r <= 'z':
		return r, clLatin
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A'), clLatin
	case r >= '0' && r <= '9':
		return r, clDigit
	case r == ' ' || r == '\t' || r == '\r':
		return ' ', clSpace
	}
	if r >= 0x0600 && r <= 0x06FF {
		return foldArabic(r)
	}
	switch r {
	case ',', '\u201A':
		return ',', clPunct
	case ';':
		return ';', clPunct
	case ':':
		return ':', clPunct
	case '!':
		return '!', clPunct
	case '?':
		return '?', clPunct
	case '.':
		return '.', clDot
	case '-', '\u2010', '\u2011':
		return '-', clHyphen
	case '\u2012', '\u2013', '\u2014', '\u2015':
		return ',', clPunct // dashes set off a clause like commas
	case '\'', '\u2019', '\u2018', '`', '\u00B4':
		return '\'', clApos
	case '\u200C', '\u200D', '\u200E', '\u200F', '\u00AD', '\uFEFF', '\u2066', '\u2067', '\u2068', '\u2069', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E':
		return 0, clDrop
	case '\u00A0', '\u2009', '\u202F', '\u2002', '\u2003', '\u200A', '\u3000':
		return ' ', clSpace
	}
	if r >= 0xFB50 && r <= 0xFEFC {
		// Presentation forms: map the common ones back to base letters.
		if b, ok := presentation(r); ok {
			return foldArabic(b)
		}
	}
	if r >= 0x00C0 && r <= 0x024F {
		if b, ok := latinBase(r); ok {
			return b, clLatin
		}
	}
	if unicode.IsLetter(r) {
		return unicode.ToLower(r), clLatin // other scripts: kept as word characters
	}
	if unicode.IsDigit(r) {
		return r, clDigit
	}
	return ' ', clSpace // quotes, brackets, bullets, symbols
}

func foldArabic(r rune) (rune, runeClass) {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return '0' + (r - 0x0660), clDigit
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + (r - 0x06F0), clDigit
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED && r != 0x06D5:
		return 0, clDrop // harakat, shadda, sukun, Quranic marks
	}
	switch r {
	case 0x0640: // tatweel
		return 0, clDrop
	case 'أ', 'إ', 'آ', 'ٱ', 0x0672, 0x0673:
		return 'ا', clArabic
	case 'ى', 0x06CC, 0x06D0: // alef maqsura, Farsi yeh, Kurdish e
		return 'ي', clArabic
	case 'ة', 0x06BE, 0x06C1, 0x06D5: // ta marbuta, heh doachashmee, heh goal, ae
		return 'ه', clArabic
	case 'ؤ':
		return 'و', clArabic
	case 'ئ':
		return 'ي', clArabic
	case 0x06A9, 0x06AA: // keheh
		return 'ك', clArabic
	case 0x060C: // Arabic comma
		return ',', clPunct
	case 0x061B:
		return ';', clPunct
	case 0x061F:
		return '?', clPunct
	case 0x06D4: // Arabic full stop
		return '.', clDot
	case 0x066B, 0x066C: // decimal and thousands separators
		return ',', clPunct
	case 0x066A, 0x060D, 0x061E, 0x061D:
		return ' ', clSpace
	}
	if r >= 0x0621 && r <= 0x064A || unicode.IsLetter(r) {
		return r, clArabic
	}
	return ' ', clSpace
}

// presentation folds the Arabic presentation forms most often met in copied
// text (lam-alef ligatures are expanded by the tokenizer).
func presentation(r rune) (rune, bool) {
	switch {
	case r >= 0xFE8D && r <= 0xFE8E:
		return 'ا', true
	case r >= 0xFE81 && r <= 0xFE88:
		return 'ا', true
	case r >= 0xFE93 && r <= 0xFE94:
		return 'ه', true
	case r >= 0xFEEF && r <= 0xFEF4:
		return 'ي', true
	}
	return 0, false
}

func latinBase(r rune) (rune, bool) {
	const from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŞşĞğİıŠšŽž"
	const to = "aaaaaaaaaaaacceeeeeeeeiiiiiiiinnooooooooooouuuuuuuuyyyssggiisszz"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i]), true
		}
		i++
	}
	return 0, false
}

// tokKind tells words, numbers and marks apart.
type tokKind uint8

const (
	tkWord tokKind = iota
	tkNum
	tkPunct
)

// token is one word, number or punctuation mark of the normalized text.
type token struct {
	norm       string // normalized form; for punctuation the mark itself
	start, end int32  // byte span in the source
	num        int32  // value of a tkNum token (capped)
	nstart     int32  // span of norm in the tokenizer's buffer
	nend       int32
	kind       tokKind
	upper      bool // Latin word written in capitals in the source (acronyms)
	arabic     bool
	gapBefore  bool // whitespace or a dropped mark separates it from the previous token
	hyphen     bool // joined to the previous word by a hyphen ("two-drone", "al-Asad")
}

// tokenizer turns text into tokens, one pass, no regular expressions.
type tokenizer struct {
	src  string
	buf  []byte // normalized text of all words, sliced by token.norm
	toks []token
}

// maxNum caps digit strings so a line of digits cannot overflow.
const maxNum = 1 << 30

// tokenize splits text into tokens. Newlines produce '\n' punctuation tokens
// so that line structure (tallies, related-news blocks) stays visible.
func tokenize(src string) []token {
	toks, _ := tokenizeInto(src, nil, nil)
	return toks
}

// tokenizeInto is tokenize with the normalized bytes built in buf and the
// tokens appended to toks[:0], both reused when large enough (see scratch).
// It returns the tokens and buf, for the next call.
func tokenizeInto(src string, buf []byte, toks []token) ([]token, []byte) {
	if cap(buf) < len(src) {
		buf = make([]byte, 0, len(src))
	}
	if n := len(src)/8 + 8; cap(toks) < n {
		toks = make([]token, 0, n)
	}
	t := tokenizer{src: src, buf: buf[:0], toks: toks[:0]}
	t.run()
	// One string holds all normalized text; word tokens slice into it, so
	// tokenizing costs two allocations however long the article is.
	all := string(t.buf)
	for i := range t.toks {
		tk := &t.toks[i]
		if tk.kind != tkPunct {
			tk.norm = all[tk.nstart:tk.nend]
		}
	}
	return t.toks, t.buf[:0]
}

func (t *tokenizer) run() {
	src := t.src
	cur := -1 // index of the open word token, -1 when none
	var curClass runeClass
	wordStart := 0 // start of current word in buf
	allUpper := true
	gap := true
	joined := false // the next word follows a hyphen
	closeWord := func(end int) {
		if cur < 0 {
			return
		}
		tk := &t.toks[cur]
		tk.end = int32(end)
		tk.nstart, tk.nend = int32(wordStart), int32(len(t.buf))
		if tk.kind == tkNum {
			v := 0
			for i := wordStart; i < len(t.buf); i++ {
				if v < maxNum {
					v = v*10 + int(t.buf[i]-'0')
				}
			}
			if v > maxNum {
				v = maxNum
			}
			tk.num = int32(v)
		}
		tk.upper = tk.kind == tkWord && !tk.arabic && allUpper && len(t.buf) > wordStart
		cur = -1
		gap = false
	}
	addPunct := func(p string, start, end int) {
		t.toks = append(t.toks, token{norm: p, start: int32(start), end: int32(end), kind: tkPunct, gapBefore: gap})
		gap = false
	}
	for i := 0; i < len(src); {
		// Fast paths: ASCII, and Arabic letters that fold to themselves
		// inside an Arabic word (most of an Arabic article).
		b := src[i]
		var r rune
		var size int
		switch {
		case b < 0x80:
			if cur >= 0 && curClass == clLatin && b >= 'a' && b <= 'z' {
				t.buf = append(t.buf, b)
				allUpper = false
				i++
				continue
			}
			r, size = rune(b), 1
		case b >= 0xC2 && b <= 0xDF && i+1 < len(src) && src[i+1]&0xC0 == 0x80:
			r, size = rune(b&0x1F)<<6|rune(src[i+1]&0x3F), 2
			if cur >= 0 && curClass == clArabic && plainArabic(r) {
				t.buf = append(t.buf, b, src[i+1])
				i += 2
				continue
			}
		default:
			r, size = utf8.DecodeRuneInString(src[i:])
		}
		if r == utf8.RuneError && size <= 1 {
			closeWord(i)
			gap = true
			i += size
			if size == 0 {
				i++
			}
			continue
		}
		if r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			closeWord(i)
			addPunct("\n", i, i+size)
			gap = true
			i += size
			continue
		}
		// Lam-alef ligatures expand to two letters.
		if r >= 0xFEF5 && r <= 0xFEFC {
			if cur < 0 || curClass != clArabic {
				closeWord(i)
				t.open(i, clArabic, gap, joined)
				joined = false
				cur, curClass, wordStart, allUpper = len(t.toks)-1, clArabic, len(t.buf), true
			}
			t.buf = append(t.buf, "لا"...)
			i += size
			continue
		}
		f, cl := fold(r)
		switch cl {
		case clDrop:
			i += size
			continue
		case clSpace:
			closeWord(i)
			gap = true
		case clArabic, clLatin, clDigit:
			if cur >= 0 && curClass != cl {
				closeWord(i)
			}
			if cur < 0 {
				t.open(i, cl, gap, joined)
				joined = false
				cur, curClass, wordStart, allUpper = len(t.toks)-1, cl, len(t.buf), true
			}
			if cl == clLatin && (r >= 'a' && r <= 'z' || r > 127 && !unicode.IsUpper(r)) {
				allUpper = false
			}
			t.buf = utf8.AppendRune(t.buf, f)
		case clApos:
			// Inside a Latin word the apostrophe vanishes; a possessive 's
			// goes with it ("Baghdad's" -> "baghdad").
			if cur >= 0 && curClass == clLatin {
				j := i + size
				if j < len(src) && (src[j] == 's' || src[j] == 'S') && (j+1 >= len(src) || !isLatinLetter(src[j+1])) {
					i = j + 1
					closeWord(j + 1)
					continue
				}
				i += size
				continue
			}
			closeWord(i)
			gap = true
		case clHyphen:
			// Between word characters a hyphen joins nothing: "al-Asad" is
			// two tokens, like the alias "al Asad". Set apart by spaces it
			// is a dash and pauses the clause.
			prevSpace := cur < 0
			nextSpace := i+size >= len(src) || src[i+size] == ' ' || src[i+size] == '\n'
			closeWord(i)
			if prevSpace && nextSpace {
				addPunct(",", i, i+size)
			}
			gap = true
			joined = !prevSpace && !nextSpace
		case clDot:
			closeWord(i)
			addPunct(".", i, i+size)
		case clPunct:
			closeWord(i)
			addPunct(punctString(f), i, i+size)
		}
		i += size
	}
	closeWord(len(src))
}

func (t *tokenizer) open(start int, cl runeClass, gap, hyphen bool) {
	k := tkWord
	if cl == clDigit {
		k = tkNum
	}
	t.toks = append(t.toks, token{start: int32(start), kind: k, arabic: cl == clArabic, gapBefore: gap, hyphen: hyphen})
}

// plainArabic reports whether an Arabic letter folds to itself.
func plainArabic(r rune) bool {
	if r < 0x0621 || r > 0x064A {
		return false
	}
	switch r {
	case 'آ', 'أ', 'ؤ', 'إ', 'ئ', 'ة', 0x0640, 'ى':
		return false
	}
	return true
}

// punctString returns the token text of a mark without allocating.
func punctString(r rune) string {
	switch r {
	case ',':
		return ","
	case ';':
		return ";"
	case ':':
		return ":"
	case '!':
		return "!"
	case '?':
		return "?"
	}
	return string(r)
}

func isLatinLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// normalizeWords returns the normalized word and number tokens of s, for
// aliases and lexicon entries, so they fold exactly like article text.
func normalizeWords(s string) []string {
	var out []string
	for _, tk := range postprocess(tokenize(s), s) {
		if tk.kind != tkPunct {
			out = append(out, tk.norm)
		}
	}
	return out
}
