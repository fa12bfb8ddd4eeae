package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/gazetteer"
)

// routeKeys are the keys of an item of `routes:`.
var routeKeys = []string{"name", "webhook_url", "channel_id", "role_id", "countries", "sites", "kinds", "min_attacks", "digest"}

// Countries are the countries a route may filter on (ISO 3166-1 alpha-2):
// those of the gazetteer's sites.
var Countries = []string{"IQ", "SY", "JO"}

// Route is one item of `routes:`: a destination besides the `discord:`
// block (the default route, which gets every alert) that gets the alerts
// its filter keeps. Its String, GoString, LogValue and MarshalJSON never
// show WebhookURL.
type Route struct {
	// Name is unique among routes, [a-z0-9-]+, and not "default" (the
	// discord: block's route). Required.
	Name string
	// WebhookURL (secret) sends the route's alerts to a webhook of its own;
	// ChannelID, in bot mode (discord.token), to a channel. Exactly one.
	WebhookURL string
	ChannelID  string
	// RoleID is the role mentioned on the route's embassy alerts, and only
	// on them (a numeric snowflake). Default "": no mention.
	RoleID string
	// The filter, its parts combined with AND; an empty part keeps
	// everything. Countries: IQ, SY, JO; Sites: site ids (of the gazetteer
	// or of sites:); Kinds: base, embassy, consulate, airport, oilfield;
	// MinAttacks: the least tally of the day the route hears of (0: any).
	Countries  []string
	Sites      []string
	Kinds      []string
	MinAttacks int
	// Digest: the route also gets the daily digest, of the sites its
	// filter keeps. Default false.
	Digest bool
}

// Filter is the route's filter.
func (r Route) Filter() raqib.Filter {
	return raqib.Filter{Countries: r.Countries, Sites: r.Sites, Kinds: r.Kinds, MinAttacks: r.MinAttacks}
}

// Mode is how the route's alerts go: ModeWebhook with WebhookURL, ModeBot
// with ChannelID.
func (r Route) Mode() string {
	if r.WebhookURL != "" {
		return ModeWebhook
	}
	if r.ChannelID != "" {
		return ModeBot
	}
	return ModeConsole
}

// String shows the route with the webhook URL redacted.
func (r Route) String() string {
	return fmt.Sprintf("{name:%s webhook_url:%s channel_id:%s role_id:%s countries:%v sites:%v kinds:%v min_attacks:%d digest:%t}",
		r.Name, redact(r.WebhookURL), r.ChannelID, r.RoleID, r.Countries, r.Sites, r.Kinds, r.MinAttacks, r.Digest)
}

// GoString is String for %#v.
func (r Route) GoString() string { return "config.Route" + r.String() }

// LogValue shows the route in slog with the webhook URL redacted.
func (r Route) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", r.Name),
		slog.String("webhook_url", redact(r.WebhookURL)),
		slog.String("channel_id", r.ChannelID),
		slog.String("role_id", r.RoleID),
		slog.Any("countries", r.Countries),
		slog.Any("sites", r.Sites),
		slog.Any("kinds", r.Kinds),
		slog.Int("min_attacks", r.MinAttacks),
		slog.Bool("digest", r.Digest),
	)
}

// MarshalJSON encodes the route with the webhook URL redacted.
func (r Route) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name       string   `json:"name"`
		WebhookURL string   `json:"webhook_url,omitempty"`
		ChannelID  string   `json:"channel_id,omitempty"`
		RoleID     string   `json:"role_id,omitempty"`
		Countries  []string `json:"countries,omitempty"`
		Sites      []string `json:"sites,omitempty"`
		Kinds      []string `json:"kinds,omitempty"`
		MinAttacks int      `json:"min_attacks,omitempty"`
		Digest     bool     `json:"digest,omitempty"`
	}{r.Name, redact(r.WebhookURL), r.ChannelID, r.RoleID, r.Countries, r.Sites, r.Kinds, r.MinAttacks, r.Digest})
}

// Route returns the route with the given name.
func (c *Config) Route(name string) (Route, bool) {
	for _, r := range c.Routes {
		if r.Name == name {
			return r, true
		}
	}
	return Route{}, false
}

// routes decodes the `routes:` list.
func (d *decoder) routes(n *yaml.Node, path string, out *[]Route) {
	decodeList(d, n, path, "route", "name: and webhook_url: or channel_id:", routeKeys, out, func(r *Route, key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			d.str(v, p, &r.Name)
		case "webhook_url":
			d.str(v, p, &r.WebhookURL)
		case "channel_id":
			d.str(v, p, &r.ChannelID)
		case "role_id":
			d.str(v, p, &r.RoleID)
		case "countries":
			d.strList(v, p, &r.Countries)
		case "sites":
			d.strList(v, p, &r.Sites)
		case "kinds":
			d.strList(v, p, &r.Kinds)
		case "min_attacks":
			d.integer(v, p, "3", &r.MinAttacks)
		case "digest":
			var b *bool
			d.boolean(v, p, &b)
			r.Digest = b != nil && *b
		}
	})
}

// siteIndex is what a route's filter is checked against: every site an
// alert can be about (the gazetteer's, with the config's new sites), by id.
type siteIndex map[string]raqib.Site

func newSiteIndex(extra []Site) siteIndex {
	idx := siteIndex{}
	for _, s := range gazetteer.Default() {
		idx[s.ID] = s
	}
	for _, s := range extra {
		if _, known := idx[s.ID]; !known && s.ID != "" {
			idx[s.ID] = raqib.Site{ID: s.ID, Kind: s.Kind, Country: s.Country, NameEN: s.NameEN}
		}
	}
	return idx
}

// validateRoutes checks the `routes:` list against the default route (the
// discord: block, validated already) and the sites.
func (c *Config) validateRoutes(v *validator) {
	if len(c.Routes) == 0 {
		return
	}
	sites := newSiteIndex(c.Sites)
	names := map[string]int{}
	// Where each destination is used first: two routes (or a route and the
	// discord: block) posting to one place would post every alert they
	// share twice there.
	dests := map[string]string{}
	if c.Discord.WebhookURL != "" {
		dests["webhook "+webhookKey(c.Discord.WebhookURL)] = "discord.webhook_url"
	}
	if c.Discord.Token != "" && c.Discord.ChannelID != "" {
		dests["channel "+c.Discord.ChannelID] = "discord.channel_id"
	}
	for i := range c.Routes {
		path := fmt.Sprintf("routes[%d]", i)
		r := &c.Routes[i]
		r.validate(v, path, c.Discord, sites)
		if validName(r.Name) && r.Name != raqib.DefaultRoute {
			if first, dup := names[r.Name]; dup {
				v.add(path+".name", "%s is already the name of %s: each route needs a name of its own", quote(r.Name), v.where(fmt.Sprintf("routes[%d]", first)))
			} else {
				names[r.Name] = i
			}
		}
		for _, d := range []struct{ key, id string }{
			{"webhook_url", "webhook " + webhookKey(r.WebhookURL)},
			{"channel_id", "channel " + r.ChannelID},
		} {
			if strings.HasSuffix(d.id, " ") { // not set
				continue
			}
			if first, dup := dests[d.id]; dup {
				v.add(path+"."+d.key, "is the destination of %s too: every alert both take would be posted there twice; give each route a destination of its own", v.where(first))
				continue
			}
			dests[d.id] = path + "." + d.key
		}
	}
}

// where names path for a message: "routes[1] (line 14)".
func (v *validator) where(path string) string {
	if l := v.line(path); l > 0 {
		return fmt.Sprintf("%s (line %d)", path, l)
	}
	return path
}

// webhookKey identifies a webhook URL's webhook (its host and path, without
// a query such as ?thread_id or a trailing slash), so that one webhook
// written two ways is seen as one.
func webhookKey(raw string) string {
	s, _, _ := strings.Cut(raw, "?")
	return strings.ToLower(strings.TrimRight(s, "/"))
}

func (r *Route) validate(v *validator, path string, dflt Discord, sites siteIndex) {
	switch {
	case r.Name == "":
		v.add(path+".name", "is required: a short name of your choice, unique, such as \"syria-desk\" (lowercase letters a-z, digits and -)")
	case !validName(r.Name):
		v.add(path+".name", "%s is not a valid name: use only lowercase letters a-z, digits 0-9 and -, such as \"syria-desk\"", quote(r.Name))
	case r.Name == raqib.DefaultRoute:
		v.add(path+".name", "%q is the name of the discord: block's route, which gets every alert: give this route another name", raqib.DefaultRoute)
	}

	// The destination. Its values are never quoted: a webhook URL is a
	// secret, and a secret may be pasted under the wrong key.
	undecided := v.bad[path+".webhook_url"] || v.bad[path+".channel_id"] // reported already
	switch {
	case undecided:
	case r.WebhookURL != "" && r.ChannelID != "":
		v.add(path, "has both webhook_url and channel_id: a route posts to a webhook (webhook_url) or, in bot mode, to a channel (channel_id); keep one")
	case r.WebhookURL == "" && r.ChannelID == "" && r.RoleID != "":
		v.add(path+".role_id", "has no destination to mention the role in: give the route webhook_url, or channel_id in bot mode")
	case r.WebhookURL == "" && r.ChannelID == "":
		v.add(path, "has no destination: give webhook_url (a webhook of its own), or channel_id (bot mode, with discord.token)")
	}
	if r.WebhookURL != "" {
		if problem := urlProblem(r.WebhookURL, "https://discord.com/api/webhooks/ID/TOKEN"); problem != "" {
			v.add(path+".webhook_url", "the webhook URL (not shown: it is secret) %s", problem)
		}
	}
	if r.ChannelID != "" {
		switch {
		case !isSnowflake(r.ChannelID):
			v.add(path+".channel_id", "must be the channel's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then Copy Channel ID)")
		case dflt.Token == "":
			v.add(path+".channel_id", "needs bot mode: a route posts to a channel as the bot of discord.token, which is not set; set discord.token, or give this route a webhook_url instead")
		}
	}
	if r.RoleID != "" && !isSnowflake(r.RoleID) {
		v.add(path+".role_id", "must be the role's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then Copy Role ID)")
	}

	// The filter.
	for i, country := range r.Countries {
		if !slices.Contains(Countries, country) {
			hint := ""
			if slices.Contains(Countries, strings.ToUpper(strings.TrimSpace(country))) {
				hint = fmt.Sprintf(" (write it %s)", strings.ToUpper(strings.TrimSpace(country)))
			}
			v.add(fmt.Sprintf("%s.countries[%d]", path, i), "%s is not a country raqib watches%s: use %s", quote(country), hint, strings.Join(Countries, ", "))
		}
	}
	for i, id := range r.Sites {
		p := fmt.Sprintf("%s.sites[%d]", path, i)
		s, ok := sites[id]
		switch {
		case !ok:
			v.add(p, "%s is not a site raqib knows: use an id of the gazetteer (gazetteer/sites.csv, such as \"ain-al-asad\" or \"us-embassy-baghdad\") or of a site added under sites:", quote(id))
		case s.Kind == raqib.KindZone:
			v.add(p, "%s is a zone, which raqib never reports attacked: name the sites in it instead", quote(id))
		}
	}
	for i, kind := range r.Kinds {
		if !slices.Contains(siteKinds, kind) {
			v.add(fmt.Sprintf("%s.kinds[%d]", path, i), "%s is not a kind of site raqib alerts on: use %s", quote(kind), strings.Join(siteKinds, ", "))
		}
	}
	if r.MinAttacks < 0 || r.MinAttacks == 0 && v.written[path+".min_attacks"] {
		v.add(path+".min_attacks", "must be 1 or more: the least number of attacks of a day on a site that the route hears of (leave it out for every alert)")
	}
	if !v.filterBroken(path) && !r.keepsAny(sites) {
		v.add(path, "its filter keeps no site (countries, sites and kinds are combined with AND): the route would never get an alert")
	}
}

// filterBroken reports whether a problem was reported in the filter at
// path already, in which case a filter that keeps nothing says nothing new.
func (v *validator) filterBroken(path string) bool {
	for _, e := range v.errs {
		for _, key := range []string{".countries", ".sites", ".kinds"} {
			if strings.HasPrefix(e.Path, path+key) {
				return true
			}
		}
	}
	for _, key := range []string{".countries", ".sites", ".kinds"} {
		if v.bad[path+key] {
			return true
		}
	}
	return false
}

// keepsAny reports whether the route's filter keeps at least one site that
// can be attacked.
func (r *Route) keepsAny(sites siteIndex) bool {
	f := r.Filter()
	for _, s := range sites {
		if !s.NotUSSite && s.Kind != raqib.KindZone && f.KeepsSite(s) {
			return true
		}
	}
	return false
}
