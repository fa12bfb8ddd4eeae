package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"github.com/raqib/raqib/gazetteer"
	"github.com/robfig/cron/v3"
)

// NewCronParser returns the parser of every schedule in the file: five
// fields (minute hour day-of-month month day-of-week) or a descriptor such
// as "@every 5m", "@hourly" or "@daily". The scheduler must parse with it
// too, so that what validates also runs.
func NewCronParser() cron.Parser {
	return cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
}

// validator collects the problems found in a decoded Config. lines,
// written and bad come from the decoder; all are nil when a Config built in
// code is validated.
type validator struct {
	lines   map[string]int
	written map[string]bool
	bad     map[string]bool
	cron    cron.Parser
	errs    []*FieldError
}

// add records a problem at path, unless the decoder already reported the
// value at path, or a block holding it, as undecodable.
func (v *validator) add(path, format string, args ...any) {
	for p := path; ; p = parentPath(p) {
		if v.bad[p] {
			return
		}
		if p == "" {
			break
		}
	}
	v.errs = append(v.errs, &FieldError{Path: path, Line: v.line(path), Msg: fmt.Sprintf(format, args...)})
}

// line is the line of path, or of the nearest block holding it when path
// is not in the file (a missing key).
func (v *validator) line(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := v.lines[p]; ok {
			return l
		}
	}
	return 0
}

// parentPath strips the last key or index: "sources[1].exclude[0]" →
// "sources[1].exclude" → "sources[1]" → "sources" → "".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// ValidateAndSetDefaults checks a Config built in code (Parse and Load do
// it themselves), fills in the defaults, loads Location and compiles each
// Source's FollowRE. It returns an Errors (without lines) when something is
// wrong. Unlike Parse it leaves a relative Database as it is.
func (c *Config) ValidateAndSetDefaults() error {
	v := &validator{}
	c.validate(v)
	if len(v.errs) > 0 {
		sortByLine(v.errs)
		return Errors(v.errs)
	}
	return nil
}

func (c *Config) validate(v *validator) {
	v.cron = NewCronParser()
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	// raqib adds its own connection settings to the path, and its commands
	// look at the file: a URI or an in-memory database would break both
	// (and lose every tally at exit).
	if c.Database == ":memory:" || strings.HasPrefix(c.Database, "file:") {
		v.add("database", "%s is not a file path: write the path of the SQLite file, such as \"raqib.db\" or \"/var/lib/raqib/raqib.db\"", quote(c.Database))
	}
	if c.Timezone == "" {
		c.Timezone = DefaultTimezone
	}
	if loc, err := time.LoadLocation(c.Timezone); err != nil {
		v.add("timezone", "unknown time zone %s: use an IANA name such as \"Asia/Baghdad\", \"Europe/London\" or \"UTC\"", quote(c.Timezone))
	} else {
		c.Location = loc
	}
	c.MaxAge = v.positive("max_age", c.MaxAge, DefaultMaxAge, "72h")
	c.Retention = v.positive("retention", c.Retention, DefaultRetention, "90d")
	if c.Listen != "" {
		v.listen("listen", c.Listen)
	}
	if c.Digest.Schedule != "" {
		v.schedule("digest.schedule", c.Digest.Schedule)
	}
	c.Discord.validate(v, "discord")
	c.Discord.validateCommands(v, "discord")
	c.Scraper.validate(v, "scraper")

	if len(c.Sources) == 0 {
		v.add("sources", "at least one source is required: a list of sites to watch, each with name: and url: or feed:")
	}
	seen := map[string]int{}
	for i := range c.Sources {
		path := fmt.Sprintf("sources[%d]", i)
		c.Sources[i].validate(v, path)
		name := c.Sources[i].Name
		if name == "" {
			continue
		}
		if first, dup := seen[name]; dup {
			where := fmt.Sprintf("sources[%d]", first)
			if l := v.line(where); l > 0 {
				where += fmt.Sprintf(" (line %d)", l)
			}
			v.add(path+".name", "%s is already the name of %s: each source needs a name of its own", quote(name), where)
			continue
		}
		seen[name] = i
	}

	known := map[string]bool{}
	for _, g := range gazetteer.Default() {
		known[g.ID] = true
	}
	newSites := map[string]int{}
	for i := range c.Sites {
		path := fmt.Sprintf("sites[%d]", i)
		c.Sites[i].validate(v, path, func(id string) bool { return known[id] })
		id := c.Sites[i].ID
		if id == "" || known[id] {
			continue
		}
		if first, dup := newSites[id]; dup {
			v.add(path+".id", "%s is already added by sites[%d]: give each new site one entry", quote(id), first)
			continue
		}
		newSites[id] = i
	}
	c.validateRoutes(v) // after sites: a route may name a site added there
}

// positive returns d, or def when d was left out; a value written as zero
// or negative is a problem.
func (v *validator) positive(path string, d, def Duration, example string) Duration {
	if d == 0 && !v.written[path] {
		return def
	}
	if d <= 0 {
		v.add(path, "must be positive, such as %q", example)
	}
	return d
}

func (v *validator) listen(path, addr string) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		v.add(path, "%s is not host:port: write an address such as \"127.0.0.1:9180\", or \":9180\" for every interface", quote(addr))
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 { // 0: any free port (tests)
		v.add(path, "%s has the port %s: the port must be a number from 1 to 65535, such as \"127.0.0.1:9180\"", quote(addr), quote(port))
	}
}

// schedule checks a cron spec with the parser the scheduler uses, and
// what the parser lets through: an @every shorter than MinInterval, a step
// wider than its field (so that it fires only once per span), and a spec
// that no date matches.
func (v *validator) schedule(path, spec string) {
	sched, err := v.cron.Parse(spec)
	if err == nil {
		if problem := scheduleProblem(spec, sched); problem != "" {
			v.add(path, "%s %s", quote(spec), problem)
		}
		return
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "failed to parse duration"):
		v.add(path, "%s does not parse: the duration after @every must be written like \"10m\", \"1h30m\" or \"90m\" (no d for days here: write \"24h\")", quote(spec))
	case strings.HasPrefix(msg, "expected exactly"), strings.HasPrefix(msg, "unrecognized descriptor"), msg == "empty spec string":
		v.add(path, "%s does not parse: expected 5 fields (\"*/10 * * * *\") or a descriptor such as \"@every 5m\"", quote(spec))
	default:
		v.add(path, "%s does not parse: %s (the 5 fields are minute, hour, day of month, month and day of week, as in \"0 21 * * *\")", quote(spec), msg)
	}
}

// cronFields names the five fields of a cron spec and says how many values
// each has.
var cronFields = []struct {
	name   string
	values int
	span   string
}{{"minute", 60, "0-59"}, {"hour", 24, "0-23"}, {"day of month", 31, "1-31"}, {"month", 12, "1-12"}, {"day of week", 7, "0-6"}}

// cronReference is the time from which a schedule must fire at least once
// (robfig/cron looks five years ahead, so a 29 February is always found).
var cronReference = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// scheduleProblem says what is wrong with spec, which parsed as sched, or
// "" when nothing is.
func scheduleProblem(spec string, sched cron.Schedule) string {
	body := strings.TrimSpace(spec)
	if strings.HasPrefix(body, "TZ=") || strings.HasPrefix(body, "CRON_TZ=") {
		_, body, _ = strings.Cut(body, " ")
		body = strings.TrimSpace(body)
	}
	if d, ok := strings.CutPrefix(body, "@every "); ok {
		every, err := time.ParseDuration(strings.TrimSpace(d))
		switch {
		case err != nil: // the parser read it; nothing more to say
		case every <= 0:
			return "does not parse: the duration after @every must be positive, such as \"@every 5m\""
		case every < MinInterval:
			return fmt.Sprintf("is too often: the shortest interval is %s, as with 5 cron fields (\"* * * * *\"); news pages change over minutes, and more passes only cost the sites requests", Duration(MinInterval))
		}
		return ""
	}
	if fields := strings.Fields(body); len(fields) == len(cronFields) {
		for i, f := range fields {
			for part := range strings.SplitSeq(f, ",") {
				_, step, ok := strings.Cut(part, "/")
				if n, err := strconv.Atoi(step); ok && err == nil && n > cronFields[i].values {
					return fmt.Sprintf("has the step /%d in the %s field, which has only %d values (%s): it would fire once per %s; write a step of at most %d, or use @every (such as \"@every 2h\") for a longer interval",
						n, cronFields[i].name, cronFields[i].values, cronFields[i].span, cronPeriod[i], cronFields[i].values)
				}
			}
		}
	}
	if sched.Next(cronReference).IsZero() {
		return "never fires: no date has that day of the month in that month (such as 30 February); check the day-of-month and month fields"
	}
	return ""
}

// cronPeriod is what each field of cronFields counts within.
var cronPeriod = []string{"hour", "day", "month", "year", "week"}

func (d *Discord) validate(v *validator, path string) {
	// In webhook mode the webhook URL's own host is the API, unless api_url
	// says otherwise: a webhook on a Discord-compatible server must not be
	// posted to discord.com.
	if d.APIURL == "" && d.WebhookURL == "" {
		d.APIURL = DefaultAPIURL
	}
	// Values of this block are never quoted in messages: two are secrets,
	// and a secret may be pasted under the wrong key.
	if d.WebhookURL != "" {
		if problem := urlProblem(d.WebhookURL, "https://discord.com/api/webhooks/ID/TOKEN"); problem != "" {
			v.add(path+".webhook_url", "the webhook URL (not shown: it is secret) %s", problem)
		}
	}
	if d.Token != "" && strings.IndexFunc(d.Token, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		v.add(path+".token", "the token (not shown: it is secret) contains a space or a control character: write the bare bot token, without \"Bot \" in front")
	}
	if d.WebhookURL != "" && d.Token != "" {
		v.add(path, "webhook_url and token are both set: keep webhook_url for webhook mode, or token and channel_id for bot mode, not both")
	}
	if d.Token != "" && d.ChannelID == "" {
		v.add(path+".channel_id", "is required with token (bot mode): the numeric ID of the channel alerts go to")
	}
	if d.ChannelID != "" && !isSnowflake(d.ChannelID) {
		v.add(path+".channel_id", "must be the channel's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then Copy Channel ID)")
	}
	if d.EmbassyRoleID != "" && !isSnowflake(d.EmbassyRoleID) {
		v.add(path+".embassy_role_id", "must be the role's numeric ID, such as \"123456789012345678\" (in Discord: Developer Mode, then Copy Role ID)")
	}
	if problem := urlProblem(d.APIURL, DefaultAPIURL); d.APIURL != "" && problem != "" {
		v.add(path+".api_url", "the API URL %s", problem)
	} else if d.APIURL != "" && d.WebhookURL != "" && !sameHost(d.APIURL, d.WebhookURL) {
		// In webhook mode api_url replaces the webhook's host, and the
		// webhook's token travels in the path: to another host, the token
		// would go to whoever runs it.
		v.add(path+".api_url", "is on another host than webhook_url: raqib would send the webhook's token there; leave api_url out (the webhook's own host is the API), or give it the webhook's host")
	}
}

// sameHost reports whether two absolute URLs name the same host and port
// (a missing port is the scheme's default).
func sameHost(a, b string) bool {
	hostPort := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			return ""
		}
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
		}
		return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
	}
	ha := hostPort(a)
	return ha != "" && ha == hostPort(b)
}

// isSnowflake reports whether s is a Discord ID: a decimal uint64.
func isSnowflake(s string) bool {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// urlProblem says what is wrong with raw as the address of a web page, with
// advice ending in example, or "" when nothing is. It never quotes raw.
func urlProblem(raw, example string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("is not a valid URL: write it in full, such as %q", example)
	case u.Scheme == "":
		return fmt.Sprintf("is not an absolute URL: write it in full, starting with https:// or http://, such as %q", example)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("must start with https:// or http://, such as %q", example)
	case u.Hostname() == "":
		return fmt.Sprintf("has no host: write it in full, such as %q", example)
	}
	return ""
}

func (s *Scraper) validate(v *validator, path string) {
	if strings.IndexFunc(s.UserAgent, unicode.IsControl) >= 0 {
		v.add(path+".user_agent", "contains a line break or another control character: a User-Agent is one line of text")
	}
	durations := []struct {
		key     string
		d       Duration
		example string
	}{{"timeout", s.Timeout, "30s"}, {"delay", s.Delay, "1s"}}
	for _, f := range durations {
		if f.d < 0 || f.d == 0 && v.written[path+"."+f.key] {
			v.add(path+"."+f.key, "must be positive, such as %q (leave it out for the scraper's default)", f.example)
		}
	}
	ints := []struct {
		key     string
		n       int
		example string
	}{{"max_body_size", s.MaxBodySize, "10485760 for 10 MiB"}, {"parallelism", s.Parallelism, "4"}, {"max_articles", s.MaxArticles, "50"}}
	for _, f := range ints {
		if f.n < 0 || f.n == 0 && v.written[path+"."+f.key] {
			v.add(path+"."+f.key, "must be a positive number, such as %s (leave it out for the scraper's default)", f.example)
		}
	}
}

// validName reports whether name matches ^[a-z0-9-]+$.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// siteKinds are the kinds a site added in the config may have. A zone is
// never a target, so adding one would change nothing.
var siteKinds = []string{"base", "embassy", "consulate", "airport", "oilfield"}

func (s *Site) validate(v *validator, path string, known func(id string) bool) {
	switch {
	case s.ID == "":
		v.add(path+".id", "is required: the id of a gazetteer site to add aliases to (such as \"ain-al-asad\"), or a new id (lowercase letters a-z, digits and -)")
		return
	case !validName(s.ID):
		v.add(path+".id", "%s is not a valid id: use only lowercase letters a-z, digits 0-9 and -, such as \"ain-al-asad\"", quote(s.ID))
		return
	}
	if known(s.ID) {
		if s.Kind != "" || s.Country != "" || s.NameEN != "" || s.NameAR != "" {
			v.add(path, "%s is a gazetteer site: only aliases_en and aliases_ar can be added to it, not kind, country or names", quote(s.ID))
		}
		if len(s.AliasesEN)+len(s.AliasesAR) == 0 {
			v.add(path, "adds nothing to %s: give aliases_en or aliases_ar", quote(s.ID))
		}
	} else {
		if s.Kind == "" {
			s.Kind = "base"
		}
		if !slices.Contains(siteKinds, s.Kind) {
			v.add(path+".kind", "%s is not a kind of site raqib alerts on: use %s", quote(s.Kind), strings.Join(siteKinds, ", "))
		}
		if s.NameEN == "" {
			v.add(path+".name_en", "is required for a new site (%s is not in the gazetteer): the English name shown in alerts", quote(s.ID))
		}
		if s.NameAR == "" && len(s.AliasesEN)+len(s.AliasesAR) == 0 {
			v.add(path, "a new site needs name_ar, aliases_ar or aliases_en: the names the extractor looks for")
		}
	}
	for i, a := range append(append([]string{}, s.AliasesEN...), s.AliasesAR...) {
		if strings.TrimSpace(a) == "" {
			key := "aliases_en"
			j := i
			if i >= len(s.AliasesEN) {
				key, j = "aliases_ar", i-len(s.AliasesEN)
			}
			v.add(fmt.Sprintf("%s.%s[%d]", path, key, j), "is empty: remove it or write the alias")
		}
	}
}

func (s *Source) validate(v *validator, path string) {
	if s.Lang == "" {
		s.Lang = DefaultLang
	}
	if s.Schedule == "" {
		s.Schedule = DefaultSchedule
	}
	switch {
	case s.Name == "":
		v.add(path+".name", "is required: a short name of your choice, unique, such as \"example-ar\" (lowercase letters a-z, digits and -)")
	case !validName(s.Name):
		v.add(path+".name", "%s is not a valid name: use only lowercase letters a-z, digits 0-9 and -, such as \"example-ar\"", quote(s.Name))
	}
	switch {
	case s.URL != "" && s.Feed != "":
		v.add(path, "has both url and feed: keep exactly one, url for a listing page or feed for an RSS or Atom feed")
	case s.URL == "" && s.Feed == "":
		v.add(path, "has neither url nor feed: set exactly one, url for a listing page or feed for an RSS or Atom feed")
	}
	for _, f := range []struct{ key, val, example string }{
		{"url", s.URL, "https://example.com/news/"},
		{"feed", s.Feed, "https://example.com/rss.xml"},
	} {
		if f.val == "" {
			continue
		}
		if problem := urlProblem(f.val, f.example); problem != "" {
			v.add(path+"."+f.key, "%s %s", quote(f.val), problem)
		}
	}
	if s.Links != "" && s.URL == "" && s.Feed != "" {
		v.add(path+".links", "only applies to url (a listing page): a feed lists its articles itself; remove links, or filter the feed's links with follow")
	}
	s.FollowRE = nil
	if s.Follow != "" {
		re, err := regexp.Compile(s.Follow)
		if err != nil {
			v.add(path+".follow", "%s is not a valid regular expression: %s", quote(s.Follow), regexpProblem(s.Follow, err))
		} else {
			s.FollowRE = re
		}
	}
	for _, f := range []struct{ key, val string }{{"links", s.Links}, {"article", s.Article}} {
		if f.val != "" {
			v.selector(path+"."+f.key, f.val)
		}
	}
	for i, sel := range s.Exclude {
		p := fmt.Sprintf("%s.exclude[%d]", path, i)
		if strings.TrimSpace(sel) == "" {
			v.add(p, "is empty: write a CSS selector such as \"aside\", or remove the item")
			continue
		}
		v.selector(p, sel)
	}
	switch s.Lang {
	case LangArabic, LangEnglish, LangAuto:
	default:
		v.add(path+".lang", "%s is not a language raqib reads: use ar, en or auto", quote(s.Lang))
	}
	v.schedule(path+".schedule", s.Schedule)
}

// selector checks a CSS selector (or a group of them, "a, b") as the
// scraper compiles it.
func (v *validator) selector(path, sel string) {
	if _, err := cascadia.ParseGroup(sel); err != nil {
		v.add(path, "%s is not a valid CSS selector: %s", quote(sel), err)
	}
}

// regexpProblem words a regexp compile error without Go's "error parsing
// regexp:" prefix.
func regexpProblem(re string, err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		if se.Expr != "" && se.Expr != re {
			return fmt.Sprintf("%s in %s", se.Code, quote(se.Expr))
		}
		return string(se.Code)
	}
	return err.Error()
}

// quote puts s in double quotes for a message, escaping control characters
// but not backslashes, so that a regexp reads as it was written.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
