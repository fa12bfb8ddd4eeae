package extract

import (
	"strings"
)

// Weapons and projectiles are detail for the alert: what hit the site and
// how many rounds, when the clause that ties the attack to the site says so.

// weapons lists the weapons named in the clause, in order, and the largest
// number of projectiles stated for them ("سبع قذائف", "two rockets").
func weapons(ts []token, ann []word, sp span) ([]string, int) {
	var out []string
	seen := map[string]bool{}
	proj := 0
	for i := sp.lo; i < sp.hi; i++ {
		t := ts[i]
		if t.kind != tkWord {
			continue
		}
		n := t.norm
		if t.arabic {
			n = ann[i].core
		}
		canon, ok := weaponNames[n]
		if !ok {
			canon, ok = weaponNames[t.norm]
		}
		if !ok {
			// قذائف/قذيفة (shells) are counted but named by the next word
			// (هاون) when there is one.
			if n == "قذائف" || n == "قذيفه" || n == "rounds" || n == "shells" {
				if c := numberBefore(ts, ann, i, sp.lo); c > proj {
					proj = c
				}
			}
			continue
		}
		if !seen[canon] {
			seen[canon] = true
			out = append(out, canon)
		}
		switch n {
		case "صاروخان", "صاروخين", "مسيرتين", "مسيرتان":
			if proj < 2 {
				proj = 2
			}
		}
		if c := numberBefore(ts, ann, i, sp.lo); c > proj {
			proj = c
		}
	}
	return out, proj
}

// numberBefore reads a number written just before token i ("7 صواريخ",
// "بثلاثة صواريخ", "five mortar rounds").
func numberBefore(ts []token, ann []word, i, lo int) int {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if v, next, ok := numberAt(ts, ann, j); ok && next <= i && v < 1000 {
			return v
		}
	}
	return 0
}

func mergeWeapons(a, b []string) []string {
	for _, w := range b {
		found := false
		for _, x := range a {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			a = append(a, w)
		}
	}
	return a
}

// group is an armed group that claims attacks: a spelling of its name,
// normalized, and the name reported in claimed_by. The groups are in the
// lexicon's [groups] section, longest spelling first.
type group struct {
	words []string
	name  string
}

// claimedBy names the group that the sentence says claimed the attack.
func claimedBy(ts []token, ann []word, sp span) string {
	claim := false
	for i := sp.lo; i < sp.hi; i++ {
		if ann[i].flags&fClaim != 0 {
			claim = true
			break
		}
	}
	if !claim {
		return ""
	}
	for i := sp.lo; i < sp.hi; i++ {
		for _, g := range groups {
			if matchWords(ts, ann, i, sp.hi, g.words) {
				// "denied any role": a denial is no claim.
				for j := sp.lo; j < sp.hi; j++ {
					if ann[j].flags&fDeny != 0 {
						return ""
					}
				}
				return g.name
			}
		}
	}
	return ""
}

func matchWords(ts []token, ann []word, i, hi int, ws []string) bool {
	if i+len(ws) > hi {
		return false
	}
	for k, w := range ws {
		t := ts[i+k]
		if t.norm != w && !(k == 0 && ann[i+k].core == w) {
			return false
		}
	}
	return true
}

// casualties quotes what the sentence says of the wounded and the dead:
// "none reported" when it says there were none ("no injuries", "دون
// إصابات"), else a few words of the source around the casualty word.
func casualties(src string, ts []token, ann []word, sp span) string {
	for i := sp.lo; i < sp.hi; i++ {
		if !casualtyWords[ts[i].norm] && !casualtyWords[ann[i].core] {
			continue
		}
		for j := i - 1; j >= sp.lo && j >= i-6; j-- {
			if ann[j].flags&fNeg != 0 {
				return "none reported"
			}
		}
		lo, hi := max(sp.lo, i-2), min(sp.hi, i+4)
		for lo < i && ts[lo].kind == tkPunct {
			lo++
		}
		for hi > i+1 && ts[hi-1].kind == tkPunct {
			hi--
		}
		return strings.Join(strings.Fields(strings.ToValidUTF8(src[ts[lo].start:ts[hi-1].end], "")), " ")
	}
	return ""
}
