package discord

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/oneline"
)

// Embed colours: Discord's own red for urgent (embassy) alerts, orange for
// the rest.
const (
	ColorUrgent = 0xED4245
	ColorNormal = 0xE67E22
)

// Footer is the footer text of every embed.
const Footer = "raqib"

// Limits raqib sets itself within Discord's, so that one long part cannot
// crowd out the others in a shared 6000-character message.
const (
	maxArticleTitle = 256
	maxSource       = 100
	minFieldValue   = 16 // below this a cut field says nothing: leave it out
	maxURL          = 2048
)

// Message is the JSON body of one Discord message carrying a batch. Its
// field order and tags are what Discord receives.
type Message struct {
	Content         string          `json:"content,omitempty"`
	Embeds          []Embed         `json:"embeds"`
	AllowedMentions AllowedMentions `json:"allowed_mentions"`
}

// marshal encodes v as Discord receives it: without Go's default escaping of
// <, > and &, so that a mention reads "<@&456>" in the raw JSON too.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Embed is one alert.
type Embed struct {
	Type        string       `json:"type"`
	Title       string       `json:"title"`
	URL         string       `json:"url,omitempty"`
	Description string       `json:"description"`
	Color       int          `json:"color"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
	Footer      EmbedFooter  `json:"footer"`
	// Image is shown large below the embed; alerts have none.
	Image *EmbedImage `json:"image,omitempty"`
}

// EmbedImage is an embed's image: a URL, or attachment://NAME for a file
// sent with the message.
type EmbedImage struct {
	URL string `json:"url"`
}

// EmbedField is one name/value pair of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// EmbedFooter is an embed's footer.
type EmbedFooter struct {
	Text string `json:"text"`
}

// AllowedMentions is sent on every message. Parse is always an empty,
// non-nil slice: it must serialize as "parse": [] (null or absent would let
// Discord parse every mention in content). Roles lists the embassy role on
// urgent messages only.
type AllowedMentions struct {
	Parse []string `json:"parse"`
	Roles []string `json:"roles,omitempty"`
}

// BuildMessage returns the message for a batch: one embed per alert, in
// order, at most MaxEmbeds (the rest are left out: Notify refuses such a
// batch rather than lose alerts). Urgent alerts make the content name their
// sites and mention embassyRoleID when it is set. Every text is escaped and
// cut to Discord's limits on rune boundaries. BuildMessage is pure.
func BuildMessage(batch []raqib.Alert, embassyRoleID string) Message {
	return BuildMessageAlso(batch, nil, embassyRoleID)
}

// BuildMessageAlso is BuildMessage in which each alert also lists, as
// "Also reported by", the other outlets' articles also[alert.ID]: one
// masked link per outlet, whole links only, within the embed's share of the
// message. It is what an edit sends once other outlets corroborate an alert.
func BuildMessageAlso(batch []raqib.Alert, also map[int64][]raqib.Article, embassyRoleID string) Message {
	if len(batch) > MaxEmbeds {
		batch = batch[:MaxEmbeds]
	}
	m := Message{
		Embeds:          make([]Embed, 0, len(batch)),
		AllowedMentions: AllowedMentions{Parse: []string{}},
	}
	var urgent []string
	budget := 0
	if len(batch) > 0 {
		budget = MaxEmbedTotal / len(batch)
	}
	for _, a := range batch {
		m.Embeds = append(m.Embeds, buildEmbed(a, budget, also[a.ID]))
		if a.Urgent {
			urgent = append(urgent, escape(oneline.Clean(siteName(a))))
		}
	}
	if len(urgent) > 0 {
		m.Content, m.AllowedMentions.Roles = urgentContent(urgent, embassyRoleID)
	}
	return m
}

// urgentContent is the text that pings: the role mention first, so that a
// cut never removes it, then the sites.
func urgentContent(sites []string, roleID string) (string, []string) {
	text := "URGENT: attack on " + strings.Join(sites, ", ")
	if len(sites) > 1 {
		text = "URGENT: attacks on " + strings.Join(sites, ", ")
	}
	if roleID == "" {
		return cut(text, MaxContent), nil
	}
	return cut("<@&"+roleID+"> "+text, MaxContent), []string{roleID}
}

// buildEmbed makes the embed of one alert within budget characters (its
// share of MaxEmbedTotal). The parts raqib writes come first; the running
// total, then the scraped parts (source, article title, evidence), share
// what is left, in that order.
// The fixed part (title ≤ 256, a short description, footer, Count field)
// stays under MaxEmbedTotal/MaxEmbeds = 600, so every embed of a full
// message keeps its title and counts; only scraped fields shrink.
func buildEmbed(a raqib.Alert, budget int, also []raqib.Article) Embed {
	e := Embed{
		Type:        "rich",
		Title:       cut(titleOf(a), MaxTitle),
		URL:         articleURL(a.URL),
		Description: cut(describe(a), MaxDescription),
		Color:       ColorNormal,
		Footer:      EmbedFooter{Text: Footer},
	}
	if a.Urgent {
		e.Color = ColorUrgent
	}
	if !a.Created.IsZero() {
		e.Timestamp = a.Created.UTC().Format(time.RFC3339)
	}
	count := "exact"
	if !a.Exact {
		count = "not exact: the article gives no number"
	}
	e.Fields = []EmbedField{{Name: "Count", Value: count, Inline: true}}

	left := budget - runes(e.Title) - runes(e.Description) - runes(e.Footer.Text) - fieldRunes(e.Fields)
	add := func(name, value string) {
		if value == "" {
			return
		}
		max := min(MaxFieldValue, left-runes(name))
		if max < minFieldValue {
			return
		}
		v := cut(value, max)
		e.Fields = append(e.Fields, EmbedField{Name: name, Value: v, Inline: name == "Source"})
		left -= runes(name) + runes(v)
	}
	if a.Total != nil && a.Total.Attacks > 0 {
		// Context, not the count: "23 attacks on Al-Omar Oil Field Base
		// since 2026-12-01".
		add(RunningTotal, escape(oneline.Clean(a.Total.Context(siteName(a)))))
	}
	add("Source", cut(escape(oneline.Clean(a.Source)), maxSource))
	add("Article", cut(escape(oneline.Clean(a.Title)), maxArticleTitle))
	if len(also) > 0 {
		add(AlsoReportedBy, alsoLines(also, min(MaxFieldValue, left-runes(AlsoReportedBy))))
	}
	if ev := escape(oneline.Clean(a.Evidence)); ev != "" {
		// Quotes mark the snippet as the article's words, and keep it off
		// the start of a line where markdown would read it as a heading.
		max := min(MaxFieldValue, left-runes("Evidence")) - 2
		if max >= minFieldValue {
			add("Evidence", "“"+cut(ev, max)+"”")
		}
	}
	return e
}

// titleOf is the embed title: the site's English name, which the spec
// requires there.
func titleOf(a raqib.Alert) string {
	name := escape(oneline.Clean(siteName(a)))
	if a.Urgent {
		return "URGENT: attack on " + name
	}
	return "Attack on " + name
}

func siteName(a raqib.Alert) string {
	switch {
	case strings.TrimSpace(a.SiteName) != "":
		return a.SiteName
	case strings.TrimSpace(a.Site) != "":
		return a.Site
	}
	return "an unknown site"
}

// describe states the new count and the previous one, "3 attacks on
// 2026-11-27 (was 1)", and when the attacks were reported on a later day,
// that day: "1 attack on 2026-12-03, reported 2026-12-04 (was 0)".
func describe(a raqib.Alert) string {
	s := plural(a.Attacks, "attack", "attacks")
	// The days are raqib's own YYYY-MM-DD; the cuts only bound the
	// embed's fixed part should they ever be something else.
	if day := cut(escape(oneline.Clean(a.Day)), 32); day != "" {
		s += " on " + day
		if reported := cut(escape(oneline.Clean(a.Reported)), 32); a.ReportedLater() && reported != "" {
			s += ", reported " + reported
		}
	}
	return s + " (was " + strconv.Itoa(a.Previous) + ")"
}

// RunningTotal names the field that gives the site's running total.
const RunningTotal = "Running total"

// articleURL returns u when Discord would take it as an embed URL (absolute
// http or https), and "" otherwise: a bad URL would get the whole message
// refused.
func articleURL(u string) string {
	if u == "" || len(u) > maxURL || strings.ContainsAny(u, " \t\r\n") {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

func fieldRunes(fs []EmbedField) int {
	n := 0
	for _, f := range fs {
		n += runes(f.Name) + runes(f.Value)
	}
	return n
}

// embedRunes counts an embed as Discord does toward MaxEmbedTotal.
func embedRunes(e Embed) int {
	return runes(e.Title) + runes(e.Description) + runes(e.Footer.Text) + fieldRunes(e.Fields)
}

// AlsoReportedBy names the field that lists corroborating outlets.
const AlsoReportedBy = "Also reported by"

// alsoLines lists the articles as one masked link a line, "[source](url)",
// whole lines only and at most max characters, ending "and N more" when
// they do not all fit. The outlet's name is escaped; an article whose URL
// Discord would not take as a link is named without one.
func alsoLines(arts []raqib.Article, max int) string {
	var lines []string
	used := 0
	for i, a := range arts {
		name := cut(escape(oneline.Clean(a.Source)), maxSource)
		if name == "" {
			name = "another outlet"
		}
		line := name
		if u := linkURL(a.URL); u != "" {
			line = "[" + name + "](" + u + ")"
		}
		more := ""
		if rest := len(arts) - i - 1; rest > 0 {
			more = "\nand " + strconv.Itoa(rest) + " more"
		}
		need := runes(line) + 1 // the newline
		if used+need+runes(more) > max {
			if len(lines) == 0 {
				return ""
			}
			return strings.Join(lines, "\n") + "\nand " + strconv.Itoa(len(arts)-i) + " more"
		}
		lines = append(lines, line)
		used += need
	}
	return strings.Join(lines, "\n")
}

// linkURL is articleURL made safe inside a masked link: the characters that
// would end the link or the markdown around it are percent-encoded, and it
// is left out when longer than a field could show.
func linkURL(u string) string {
	u = articleURL(u)
	if u == "" || len(u) > MaxFieldValue/2 {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", "[", "%5B", "]", "%5D", "<", "%3C", ">", "%3E").Replace(u)
}
