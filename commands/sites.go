package commands

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts/discord"
)

// siteIndex finds sites by what a person types: an id, or part of a name
// or alias, in English (any case) or Arabic (any hamza, ta marbuta, alef
// maqsura, diacritics or tatweel).
type siteIndex struct {
	sites []indexed
	byID  map[string]int
}

type indexed struct {
	site  raqib.Site
	names []string // folded: id, names, aliases
}

func newSiteIndex(sites []raqib.Site) *siteIndex {
	x := &siteIndex{byID: map[string]int{}}
	for _, s := range sites {
		if s.NotUSSite {
			continue // launch points and regions: never a target
		}
		names := []string{fold(s.ID), fold(s.NameEN), fold(s.NameAR)}
		for _, a := range append(slices.Clone(s.AliasesEN), s.AliasesAR...) {
			names = append(names, fold(a))
		}
		x.byID[s.ID] = len(x.sites)
		x.sites = append(x.sites, indexed{site: s, names: slices.DeleteFunc(names, func(n string) bool { return n == "" })})
	}
	return x
}

// fold is the form names are compared in.
func fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // harakat, dagger alef, tatweel
			continue
		case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case r == 'ؤ':
			r = 'و'
		case r == 'ئ':
			r = 'ي'
		case unicode.IsLetter(r), unicode.IsDigit(r):
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// match ranks how well q (folded) names s: 0 the id or a whole name, 1 the
// start of a name or of a word in it, 2 anywhere; -1 not at all.
func (s indexed) match(q string) int {
	best := -1
	for _, n := range s.names {
		r := -1
		switch {
		case n == q:
			r = 0
		case strings.HasPrefix(n, q) || strings.Contains(n, " "+q) || strings.HasPrefix(strings.TrimPrefix(n, "ال"), q):
			r = 1
		case strings.Contains(n, q):
			r = 2
		}
		if r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// find returns the sites q names, best first.
func (x *siteIndex) find(q string) []raqib.Site {
	q = fold(q)
	if q == "" {
		return nil
	}
	type hit struct {
		site raqib.Site
		rank int
	}
	var hits []hit
	for _, s := range x.sites {
		if r := s.match(q); r >= 0 {
			hits = append(hits, hit{s.site, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.site.NameEN, b.site.NameEN))
	})
	out := make([]raqib.Site, len(hits))
	for i, h := range hits {
		out[i] = h.site
	}
	return out
}

// resolve is the site a `site` option names: the id an autocomplete
// choice sends, else the only site whose name it is or best matches.
func (x *siteIndex) resolve(v string) (raqib.Site, []raqib.Site, bool) {
	v = strings.TrimSpace(v)
	if i, ok := x.byID[v]; ok {
		return x.sites[i].site, nil, true
	}
	found := x.find(v)
	if len(found) == 1 || (len(found) > 1 && x.sites[x.byID[found[0].ID]].match(fold(v)) == 0 &&
		x.sites[x.byID[found[1].ID]].match(fold(v)) != 0) {
		return found[0], nil, true
	}
	return raqib.Site{}, found, false
}

// label is a site as a choice shows it: English name · Arabic name.
func label(s raqib.Site) string {
	name := s.NameEN
	if name == "" {
		name = s.ID
	}
	if s.NameAR != "" {
		name += " · " + s.NameAR
	}
	return name
}

// completeSite suggests sites for what was typed; with nothing typed, the
// sites attacked in the last two weeks, most first, then the others.
func (h *Handler) completeSite(ctx context.Context, typed string) []discord.Choice {
	var sites []raqib.Site
	if strings.TrimSpace(typed) != "" {
		sites = h.sites.find(typed)
	} else {
		sites = h.recentSites(ctx)
	}
	out := make([]discord.Choice, 0, min(len(sites), discord.MaxChoices))
	for _, s := range sites {
		out = append(out, discord.Choice{Name: discord.Cut(label(s), discord.MaxChoiceChars), Value: s.ID})
		if len(out) == discord.MaxChoices {
			break
		}
	}
	return out
}

// recentSites is every site, those attacked in the last ChartDays days
// first (most attacks first), then by name. A slow or failing database
// leaves the order by name.
func (h *Handler) recentSites(ctx context.Context) []raqib.Site {
	attacks := map[string]int{}
	if days, err := window(h.now(), chartDays); err == nil {
		if ts, err := h.cfg.Store.Tallies(ctx, days[0], days[len(days)-1]); err == nil {
			for _, t := range ts {
				attacks[t.Site] += t.Attacks
			}
		}
	}
	out := make([]raqib.Site, len(h.sites.sites))
	for i, s := range h.sites.sites {
		out[i] = s.site
	}
	slices.SortStableFunc(out, func(a, b raqib.Site) int {
		return cmp.Or(cmp.Compare(attacks[b.ID], attacks[a.ID]), cmp.Compare(a.NameEN, b.NameEN))
	})
	return out
}

// unknownSite is the answer to a site that names nothing, or several.
func unknownSite(typed string, near []raqib.Site) discord.Answer {
	typed = discord.Cut(discord.Escape(typed), 100)
	if typed == "" {
		return oops("Which site? Type a few letters of its name, in Arabic or English, and pick it from the list.")
	}
	var b strings.Builder
	if len(near) > 1 {
		b.WriteString("“" + typed + "” could be several sites:")
		for i, s := range near {
			if i == 5 {
				b.WriteString("\n…")
				break
			}
			b.WriteString("\n• " + discord.Escape(label(s)))
		}
		b.WriteString("\nPick one from the list as you type.")
		return oops(b.String())
	}
	return oops("No site I know matches “" + typed + "”. Type a few letters of its name, in Arabic or English (عين الأسد, Ain al-Asad), and pick it from the list. " +
		"A site missing from raqib's gazetteer can be added under `sites:` in config.yaml.")
}
