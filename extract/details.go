package extract

import (
	"sort"
	"strings"
)

// Weapons and projectiles are detail for the alert: what hit the site and
// how many rounds, when the clause that ties the attack to the site says so.

var weaponNames = map[string]string{}

func init() {
	for w, canon := range map[string]string{
		"rocket": "rocket", "rockets": "rocket", "katyusha": "rocket", "katyushas": "rocket", "grad": "rocket",
		"صاروخ": "rocket", "صواريخ": "rocket", "صاروخا": "rocket", "صاروخان": "rocket", "صاروخين": "rocket", "صاروخيه": "rocket", "صاروخي": "rocket", "كاتيوشا": "rocket", "غراد": "rocket", "كراد": "rocket",
		"mortar": "mortar", "mortars": "mortar", "هاون": "mortar", "مورتر": "mortar",
		"drone": "drone", "drones": "drone", "uav": "drone", "uavs": "drone", "مسيره": "drone", "مسيرات": "drone", "مسيرتين": "drone", "مسيرتان": "drone", "درون": "drone",
		"missile": "missile", "missiles": "missile",
	} {
		for _, n := range normalizeWords(w) {
			weaponNames[n] = canon
		}
	}
}

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

// groups are the armed groups that claim attacks, by their normalized
// names in both languages, with the name reported in claimed_by.
var groups []group

type group struct {
	words []string
	name  string
}

func init() {
	for name, spellings := range map[string]string{
		"Islamic Resistance in Iraq": "Islamic Resistance in Iraq|المقاومة الإسلامية في العراق",
		"Kataib Hezbollah":           "Kataib Hezbollah|Kataib Hizbollah|Kata'ib Hezbollah|كتائب حزب الله",
		"Harakat al-Nujaba":          "Harakat al-Nujaba|Nujaba|حركة النجباء|النجباء",
		"Kataib Sayyid al-Shuhada":   "Kataib Sayyid al-Shuhada|كتائب سيد الشهداء",
		"Ashab al-Kahf":              "Ashab al-Kahf|أصحاب الكهف",
		"Saraya Awliya al-Dam":       "Saraya Awliya al-Dam|سرايا أولياء الدم",
		"Tashkil al-Waritheen":       "Tashkil al-Waritheen|تشكيل الوارثين",
	} {
		for _, sp := range strings.Split(spellings, "|") {
			groups = append(groups, group{normalizeWords(sp), name})
		}
	}
	// Longest spelling first, so "المقاومة الإسلامية في العراق" wins.
	sort.Slice(groups, func(a, b int) bool {
		if len(groups[a].words) != len(groups[b].words) {
			return len(groups[a].words) > len(groups[b].words)
		}
		return groups[a].name < groups[b].name
	})
}

// claimVerbs show that a group named in the sentence claims the attack.
var claimVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Split("claimed|claims|claim|claiming|responsibility|announced|said|تبنت|تبنى|يتبنى|تتبنى|مسؤوليتها|مسؤوليته|اعلنت|اعلن|تعلن|يعلن|استهدف|استهدفت|استهداف|قالت", "|") {
		for _, n := range normalizeWords(w) {
			claimVerbs[n] = true
		}
	}
}

// claimedBy names the group that the sentence says claimed the attack.
func claimedBy(ts []token, ann []word, sp span) string {
	claim := false
	for i := sp.lo; i < sp.hi; i++ {
		if claimVerbs[ts[i].norm] || claimVerbs[ann[i].core] {
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

// casualtyWords name the wounded and the dead.
var casualtyWords = map[string]bool{}

func init() {
	for _, w := range strings.Split("casualties|casualty|injuries|injured|injuring|wounded|wounding|killed|killing|dead|deaths|hurt|اصابات|اصابه|جرحي|جريح|جرحا|مقتل|قتلي|قتل|قتيل|مصابين|اصيب|اصيبوا|اصيبا|خسائر", "|") {
		for _, n := range normalizeWords(w) {
			casualtyWords[n] = true
		}
	}
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
