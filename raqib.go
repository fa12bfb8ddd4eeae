// Package raqib holds the domain of the watcher: the sites it knows, the
// articles it reads, what the extractor finds in them, and the alerts that a
// rising tally causes. It imports only the standard library; every external
// dependency lives behind a package of its own (scraper, storage, alerts,
// config), and only cmd/raqib wires them together.
package raqib

import "time"

// Kinds of site in the gazetteer.
const (
	KindBase      = "base"
	KindEmbassy   = "embassy"
	KindConsulate = "consulate"
	KindAirport   = "airport"
	KindZone      = "zone"
	KindOilfield  = "oilfield"
)

// Site is one place of the gazetteer: a US or coalition site, or a zone that
// appears beside them in reports but is never a target (NotUSSite).
type Site struct {
	ID        string // stable key, e.g. "ain-al-asad"
	Kind      string // one of the Kind* constants
	Country   string // ISO 3166-1 alpha-2
	NameEN    string
	NameAR    string
	AliasesEN []string
	AliasesAR []string
	Lat, Lon  float64
	Notes     string
	// NotUSSite marks zone rows that are launch points, retaliation targets or
	// regions: the extractor never reports them as attacked.
	NotUSSite bool
}

// Urgent reports whether an attack on the site is urgent: embassies are.
func (s Site) Urgent() bool { return s.Kind == KindEmbassy }

// Article is one news article as the scraper read it.
type Article struct {
	URL       string
	Source    string // the config's source name
	Title     string
	Published time.Time // zero when the page gives no date
	Fetched   time.Time
	Lang      string // the source's lang hint: "ar", "en" or "auto"
	Text      string // the article body, blocks separated by newlines
}

// Finding is one site that an article says was attacked. Its JSON form is the
// one `raqib extract` prints (see the README and the interface spec).
type Finding struct {
	Site     string `json:"site"`
	Name     string `json:"name"`
	Attacks  int    `json:"attacks"`
	Exact    bool   `json:"exact"`
	Evidence string `json:"evidence,omitempty"`
	// Optional detail, where the text gives it.
	Weapons     []string `json:"weapons,omitempty"`
	Projectiles int      `json:"projectiles,omitempty"`
	ClaimedBy   string   `json:"claimed_by,omitempty"`
	Casualties  string   `json:"casualties,omitempty"`
	// Days are the attacks the article gives a day (labels.md rule 14), one
	// entry per day, oldest first; an attack the text gives no day is on the
	// article's own day. Attacks counts these, undated earlier attacks and a
	// running total; only Days raise tallies.
	Days []DayCount `json:"days"`
	// Total is a running per-site figure the article states ("23 attacks on
	// Al-Omar since 1 December"): context for alerts, never a tally.
	Total *RunningTotal `json:"total,omitempty"`
}

// DayCount is the number of attacks an article gives one site on one day.
type DayCount struct {
	Day      string `json:"day"` // YYYY-MM-DD
	Attacks  int    `json:"attacks"`
	Exact    bool   `json:"exact"`
	Evidence string `json:"evidence,omitempty"`
}

// RunningTotal is a cumulative count of attacks on one site ("attacked 60
// times since October"), with the day it counts from when the text gives one.
type RunningTotal struct {
	Attacks  int    `json:"attacks"`
	Since    string `json:"since,omitempty"` // YYYY-MM-DD
	Exact    bool   `json:"exact"`
	Evidence string `json:"evidence,omitempty"`
}

// Total is an aggregate the article states ("165 attacks since 17 October"):
// kept apart because it is not a per-site count.
type Total struct {
	Attacks  int    `json:"attacks"`
	Scope    string `json:"scope,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Extraction is everything the extractor found in one article.
type Extraction struct {
	Lang string `json:"lang"`
	// Date is the article's own day (YYYY-MM-DD) the extractor was told:
	// the day of attacks the text gives no day.
	Date            string    `json:"date"`
	Sites           []Finding `json:"sites"`
	EmbassyTargeted bool      `json:"embassy_targeted"`
	Totals          []Total   `json:"totals,omitempty"`
}

// Report is one article saying that a site was attacked Attacks times on Day.
type Report struct {
	Site     string
	SiteName string // the site's English name, carried into the alert
	Urgent   bool   // the site is an embassy
	Day      string // YYYY-MM-DD in the configured time zone
	Attacks  int
	Exact    bool
	Evidence string
}

// Alert is a rise of a tally: the (Site, Day) tally went from Previous to
// Attacks because of the article at URL.
type Alert struct {
	ID       int64
	Site     string
	SiteName string // the site's English name
	Urgent   bool   // an embassy: red embed and the role mention
	Day      string // the day of the attacks
	Attacks  int
	Previous int
	Exact    bool
	URL      string
	Title    string
	Source   string
	Evidence string
	Created  time.Time
	// Reported is the article's own day (YYYY-MM-DD). After Day, the alert
	// is about an attack of an earlier day and says so; "" is Day.
	Reported string
	// Total is the site's running total, as context ("23 attacks on
	// Al-Omar since 1 December"): the one the article states, else the
	// latest one of recent articles; nil when none is known.
	Total *RunningTotal
}

// Validator is what a server sent to identify the version of a page: its
// ETag and Last-Modified headers, either of which may be empty. A later
// request for the page carries them (If-None-Match, If-Modified-Since), so
// that an unchanged page costs a 304.
type Validator struct {
	URL          string
	ETag         string
	LastModified string
}
