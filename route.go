package raqib

import "slices"

// DefaultRoute names the route of the config's `discord:` block (or of the
// console, without Discord): every alert goes to it. The routes of
// `routes:` have names of their own, and each takes the alerts its filter
// keeps, in addition.
const DefaultRoute = "default"

// Filter selects the alerts a route takes. Its parts are combined with
// AND, and a part left empty (or MinAttacks 0) keeps everything, so the
// zero Filter keeps every alert.
type Filter struct {
	Countries []string // the site's country (IQ, SY, JO)
	Sites     []string // the site's id
	Kinds     []string // the site's kind (base, embassy, consulate, airport, oilfield)
	// MinAttacks is the least tally of the day that the route hears of: an
	// alert whose tally (Alert.Attacks, the day's count after the rise) is
	// below it is not the route's. 0 or 1: every alert.
	MinAttacks int
}

// Keeps reports whether an attack on site that brings its day's tally to
// attacks passes the filter.
func (f Filter) Keeps(site Site, attacks int) bool {
	return f.KeepsSite(site) && attacks >= f.MinAttacks
}

// KeepsSite reports whether the filter lets the site through, whatever the
// count: the sites a route's digest lists.
func (f Filter) KeepsSite(site Site) bool {
	return within(f.Countries, site.Country) && within(f.Sites, site.ID) && within(f.Kinds, site.Kind)
}

// within reports whether v is in set, an empty set holding everything.
func within(set []string, v string) bool {
	return len(set) == 0 || slices.Contains(set, v)
}
