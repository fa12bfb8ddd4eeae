package extract

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
func weapons(ts []token, sp span) ([]string, int) {
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
			n = stripClitics(n)
		}
		canon, ok := weaponNames[n]
		if !ok {
			canon, ok = weaponNames[t.norm]
		}
		if !ok {
			// قذائف/قذيفة (shells) are counted but named by the next word
			// (هاون) when there is one.
			if n == "قذائف" || n == "قذيفه" || n == "rounds" || n == "shells" {
				if c := numberBefore(ts, i, sp.lo); c > proj {
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
		if c := numberBefore(ts, i, sp.lo); c > proj {
			proj = c
		}
	}
	return out, proj
}

// numberBefore reads a number written just before token i ("7 صواريخ",
// "بثلاثة صواريخ", "five mortar rounds").
func numberBefore(ts []token, i, lo int) int {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if v, next, ok := numberAt(ts, j); ok && next <= i && v < 1000 {
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
