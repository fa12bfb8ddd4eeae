package extract

import "strings"

// Romanizations of Arabic names vary from outlet to outlet ("Tal Baydar",
// "Tel Beydar", "Tal Baidar"; "Ain al-Asad", "Ain al-Assad"). The gazetteer
// lists the common ones; spellings derives the rest of a kind that is
// regular, so that an article's spelling need not be listed.

// diphthongs are written for one another.
var diphthongs = []string{"ay", "ai", "ey", "ei"}

// tells are the spellings of تل (a mound), which opens many place names.
var tells = map[string]bool{"tal": true, "tel": true, "tell": true, "tall": true}

// maxSpellings bounds the variants of one alias.
const maxSpellings = 32

// spellings returns other spellings of an English alias of two or more
// words (one-word names are too short to vary safely: "Assad" is also a
// president): diphthongs for one another, a doubled s or d single and a
// single one between vowels doubled, and the four spellings of Tal. The
// alias itself is not among them.
func spellings(ws []string) [][]string {
	if len(ws) < 2 {
		return nil
	}
	alts := make([][]string, len(ws))
	for i, w := range ws {
		alts[i] = wordSpellings(w)
	}
	out := [][]string{{}}
	for _, a := range alts {
		var next [][]string
		for _, prefix := range out {
			for _, w := range a {
				if len(next) >= maxSpellings {
					break
				}
				next = append(next, append(append([]string(nil), prefix...), w))
			}
		}
		out = next
	}
	return out[1:] // the first is the alias as written
}

// wordSpellings returns w first, then its other spellings.
func wordSpellings(w string) []string {
	out := []string{w}
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	if tells[w] {
		for t := range tells {
			add(t)
		}
		return out
	}
	if len(w) < 4 {
		return out
	}
	for _, d := range diphthongs {
		if !strings.Contains(w, d) {
			continue
		}
		for _, e := range diphthongs {
			add(strings.Replace(w, d, e, 1))
		}
	}
	for _, c := range []string{"s", "d"} {
		if strings.Contains(w, c+c) {
			add(strings.Replace(w, c+c, c, 1))
			continue
		}
		// "asad" -> "assad": a single s or d between vowels.
		for i := 1; i+1 < len(w); i++ {
			if w[i:i+1] == c && isVowel(w[i-1]) && isVowel(w[i+1]) {
				add(w[:i] + c + w[i:])
				break
			}
		}
	}
	return out
}

func isVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
