// Package config reads raqib's config.yaml: it expands environment variables,
// decodes strictly (unknown keys are errors), applies defaults and validates
// every value, reporting all problems at once, each with its key path and
// line. It is the only package that knows the file's format; the others take
// the values they need from a *Config.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones on machines and images without zoneinfo

	"go.yaml.in/yaml/v3"
)

// Defaults of the keys that have one.
const (
	DefaultDatabase  = "raqib.db"
	DefaultTimezone  = "Asia/Baghdad"
	DefaultMaxAge    = Duration(72 * time.Hour)
	DefaultRetention = Duration(90 * 24 * time.Hour)
	DefaultAPIURL    = "https://discord.com/api/v10"
	DefaultSchedule  = "@every 10m"
	DefaultLang      = LangAuto
	// MinInterval is the shortest "@every" schedule accepted: the finest
	// that five cron fields can say (once a minute), so that both ways of
	// writing a schedule share one floor. News pages change over minutes;
	// a faster pass only costs the site requests, and a site that
	// throttles raqib is left alone for a minute at least anyway.
	MinInterval = time.Minute
)

// Languages a source may declare.
const (
	LangArabic  = "ar"
	LangEnglish = "en"
	LangAuto    = "auto"
)

// Modes of Discord delivery, as returned by Discord.Mode.
const (
	ModeConsole = ""
	ModeWebhook = "webhook"
	ModeBot     = "bot"
)

// Config is the whole of config.yaml, validated and with defaults applied.
type Config struct {
	// Path is the file the configuration was read from: the path given to
	// Load or Parse, "" when Parse was given none.
	Path string
	// Database is the SQLite file. A relative path is relative to the folder
	// of Path (Load and Parse resolve it). It must be a file path, not a
	// "file:" URI or ":memory:". Default "raqib.db".
	Database string
	// Timezone is the IANA name of the zone whose calendar days tallies
	// belong to and the digest schedule runs in. Default "Asia/Baghdad".
	Timezone string
	// Location is Timezone loaded (time zone data is embedded in the binary).
	Location *time.Location
	// MaxAge: older articles are stored but never alerted on. Default 72h.
	MaxAge Duration
	// Retention: article bodies older than this are pruned; tallies and alert
	// history stay. Default 90d.
	Retention Duration
	// Listen is the host:port of the /healthz and /metrics listener.
	// Default "": no listener.
	Listen string
	// Digest is the daily digest; its Schedule is empty by default (no digest).
	Digest Digest
	// Discord is where alerts go: the default route, which gets every
	// alert. Default: nowhere, alerts go to stdout.
	Discord Discord
	// Routes are more destinations, each getting the alerts its filter
	// keeps (and the digest of its sites when it asks). Default: none.
	Routes []Route
	// Scraper tunes fetching; every zero field means the scraper's default.
	Scraper Scraper
	// Sources are the sites watched, at least one, in the file's order.
	Sources []Source
	// Sites add aliases to the gazetteer's sites, or new sites. Default: none.
	Sites []Site

	// Warnings are problems that do not make the file invalid, such as an
	// environment variable that is not set and so expands to "" (outside
	// discord: and routes:, where it is an error). Load and
	// Parse fill it; the caller should log them.
	Warnings []*FieldError

	lines map[string]int // key path → line, for Line
}

// Line returns the line of the key at path (such as "discord.webhook_url")
// in the file, or of the nearest block holding it when the key is not
// written; 0 when unknown (a Config built in code). Checks made outside
// this package use it to point at the line, as FieldError does.
func (c *Config) Line(path string) int {
	return (&validator{lines: c.lines}).line(path)
}

// Site is one item of `sites:`. With the id of a gazetteer site it adds
// aliases to it (the other fields must stay empty); with a new id it adds a
// site, which needs name_en and at least one name or alias to match.
type Site struct {
	ID        string
	Kind      string // new sites: base (default), embassy, consulate, airport or oilfield
	Country   string // new sites: IQ, SY or JO (ISO 3166-1 alpha-2); optional
	NameEN    string
	NameAR    string
	AliasesEN []string
	AliasesAR []string
}

// Digest is the `digest:` block.
type Digest struct {
	// Schedule is a cron spec (5 fields, or a descriptor such as "@daily"),
	// read in Config.Timezone. Default "": no digest.
	Schedule string
}

// Discord is the `discord:` block. Set WebhookURL for webhook mode, or Token
// and ChannelID for bot mode, or neither to print alerts on stdout. Its
// String, GoString, LogValue and MarshalJSON never show WebhookURL or Token.
type Discord struct {
	WebhookURL string // secret: webhook mode; default ""
	Token      string // secret: bot mode, without the "Bot " prefix; default ""
	ChannelID  string // bot mode: the channel alerts go to (a numeric snowflake); required with Token
	// APIURL is the REST base of Discord or of a Discord-compatible server
	// (a rate-limit proxy, a test server). Default: in webhook mode, the
	// webhook URL's scheme and host; otherwise "https://discord.com/api/v10".
	APIURL string
	// EmbassyRoleID is the role mentioned on embassy alerts, and only on
	// them (a numeric snowflake). Default "": no mention.
	EmbassyRoleID string
	// Commands, in bot mode, connects to Discord's gateway and registers
	// the /raqib slash commands (today, site, sources, digest); nil means
	// false. Read it with CommandsOn.
	Commands *bool
	// CommandRoles limit the commands to members holding one of these
	// roles (numeric snowflakes). Default: every member of the server.
	CommandRoles []string
	// GuildID registers the commands in that server (guild) only, where
	// they appear at once; default "": everywhere the bot is.
	GuildID string
}

// CommandsOn reports whether `commands: true` was written.
func (d Discord) CommandsOn() bool { return d.Commands != nil && *d.Commands }

// Mode reports how alerts are delivered: "webhook" (ModeWebhook) when
// WebhookURL is set, "bot" (ModeBot) when Token is, and "" (ModeConsole)
// when neither is, in which case alerts go to stdout.
func (d Discord) Mode() string {
	switch {
	case d.WebhookURL != "":
		return ModeWebhook
	case d.Token != "":
		return ModeBot
	default:
		return ModeConsole
	}
}

const redacted = "<redacted>"

func redact(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// String shows the block with the webhook URL and the token redacted.
func (d Discord) String() string {
	return fmt.Sprintf("{mode:%s webhook_url:%s token:%s channel_id:%s api_url:%s embassy_role_id:%s}",
		d.modeName(), redact(d.WebhookURL), redact(d.Token), d.ChannelID, d.APIURL, d.EmbassyRoleID)
}

// GoString is String for %#v.
func (d Discord) GoString() string { return "config.Discord" + d.String() }

// LogValue shows the block in slog with the secrets redacted.
func (d Discord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mode", d.modeName()),
		slog.String("webhook_url", redact(d.WebhookURL)),
		slog.String("token", redact(d.Token)),
		slog.String("channel_id", d.ChannelID),
		slog.String("api_url", d.APIURL),
		slog.String("embassy_role_id", d.EmbassyRoleID),
	)
}

// MarshalJSON encodes the block with the secrets redacted.
func (d Discord) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Mode          string `json:"mode"`
		WebhookURL    string `json:"webhook_url"`
		Token         string `json:"token"`
		ChannelID     string `json:"channel_id"`
		APIURL        string `json:"api_url"`
		EmbassyRoleID string `json:"embassy_role_id"`
	}{d.modeName(), redact(d.WebhookURL), redact(d.Token), d.ChannelID, d.APIURL, d.EmbassyRoleID})
}

func (d Discord) modeName() string {
	if m := d.Mode(); m != ModeConsole {
		return m
	}
	return "console"
}

// Scraper is the optional `scraper:` block. Every field left at zero means
// the scraper package's default (see scraper.Default*); values written in
// the file must be positive.
type Scraper struct {
	UserAgent   string   // user_agent: the User-Agent header
	Timeout     Duration // timeout: of one HTTP request
	MaxBodySize int      // max_body_size: bytes read from one response at most
	Parallelism int      // parallelism: requests in flight at once per host, across sources
	Delay       Duration // delay: after each request, before the next one to that host
	MaxArticles int      // max_articles: articles read from one source in one pass at most
}

// Source is one watched site, an item of `sources:`.
type Source struct {
	Name string // unique, [a-z0-9-]+; required
	URL  string // a listing page (absolute http(s)); exactly one of URL and Feed
	Feed string // an RSS or Atom feed (absolute http(s)); exactly one of URL and Feed
	// Links is the CSS selector of article links on the listing page; only
	// with URL. Default "": every link on the page (filtered by Follow).
	Links string
	// Follow is a regexp that article URLs must match. Default "": any.
	Follow string
	// Article is the CSS selector of the article text. Default "": the
	// extractor finds the text itself.
	Article string
	// Exclude are CSS selectors of elements removed before extraction.
	Exclude []string
	// Lang is "ar", "en" or "auto". Default "auto".
	Lang string
	// Schedule is a cron spec (5 fields) or a descriptor such as
	// "@every 5m" or "@hourly". Default "@every 10m".
	Schedule string
	// Robots says whether robots.txt is honoured; nil means the default,
	// true. Read it with HonourRobots.
	Robots *bool
	// FollowRE is Follow compiled; nil when Follow is empty.
	FollowRE *regexp.Regexp
}

// HonourRobots reports whether the source's robots.txt must be honoured:
// true unless `robots: false` was written.
func (s Source) HonourRobots() bool { return s.Robots == nil || *s.Robots }

// Source returns the source with the given name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// Load reads the file at path and parses it with Parse, expanding
// environment variables with os.LookupEnv. When the file is invalid the
// error is an Errors listing every problem.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(data, path, os.LookupEnv)
}

// Parse reads a configuration from data. path is where it came from: it
// becomes Config.Path and the folder a relative database is resolved
// against ("" for the current folder). lookupEnv gives environment variables
// (os.LookupEnv; nil: none is set).
//
// In every value `${NAME}` and `$NAME` are replaced by the variable NAME, ""
// when it is not set (a warning in Config.Warnings), and `$$` by a single
// `$`. Under `discord:` and `routes:` a variable that is unset or empty is
// an error: delivery is turned off by leaving the keys out, never by a
// missing variable. Replacement happens inside each YAML value after the file is parsed,
// so a variable can never add keys or lines, whatever it holds; a variable
// holding a line break is an error.
//
// When the file is invalid Parse returns a nil *Config and an Errors with
// every problem, ordered by line.
func Parse(data []byte, path string, lookupEnv func(string) (string, bool)) (*Config, error) {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	root, perr := parseYAML(data)
	if perr != nil {
		return nil, Errors{perr}
	}
	d := newDecoder(lookupEnv)
	c := &Config{Path: path}
	d.config(root, c)

	v := &validator{lines: d.lines, written: d.written, bad: d.bad}
	c.validate(v)

	errs := append(d.errs, v.errs...)
	if len(errs) > 0 {
		scrub(errs, c)
		sortByLine(errs)
		return nil, Errors(errs)
	}
	c.Database = resolveDatabase(c.Database, path)
	c.lines = d.lines
	sortByLine(d.warns)
	c.Warnings = d.warns
	return c, nil
}

// resolveDatabase makes a relative database path relative to the folder of
// the config file.
func resolveDatabase(db, configPath string) string {
	if configPath == "" || filepath.IsAbs(db) {
		return db
	}
	return filepath.Join(filepath.Dir(configPath), db)
}

// scrub replaces the secrets, and the parts of them that are secret on
// their own, in messages: in case one was pasted under another key whose
// value a message quotes. Messages about the secret keys themselves never
// quote them.
func scrub(errs []*FieldError, c *Config) {
	pieces := []string{c.Discord.Token}
	pieces = append(pieces, strings.Split(c.Discord.Token, ".")...)
	hooks := []string{c.Discord.WebhookURL}
	for _, r := range c.Routes {
		hooks = append(hooks, r.WebhookURL)
	}
	for _, hook := range hooks {
		pieces = append(pieces, hook)
		if i := strings.LastIndexByte(strings.TrimRight(hook, "/"), '/'); i >= 0 {
			pieces = append(pieces, strings.Trim(hook[i:], "/")) // the webhook's token
		}
	}
	for _, s := range pieces {
		if len(s) < 8 {
			continue
		}
		for _, e := range errs {
			e.Msg = strings.ReplaceAll(e.Msg, s, redacted)
		}
	}
}

// parseYAML parses data into the root mapping node (nil for an empty file).
// Only one YAML document is allowed.
func parseYAML(data []byte) (*yaml.Node, *FieldError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, syntaxError(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &FieldError{Line: extra.Line, Msg: "a second YAML document starts here (after ---): config.yaml must hold one document"}
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxError(data, err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

// syntaxError turns a yaml syntax error ("yaml: line 3: did not find
// expected key") into a FieldError. The line yaml gives is often that of the
// enclosing block, counted from 0, so the line is found again: the first
// line at which the file, cut there, stops parsing.
func syntaxError(data []byte, err error) *FieldError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, aerr := strconv.Atoi(n); aerr == nil {
				line, msg = l, tail
			}
		}
	}
	if l := firstBadLine(data); l > 0 {
		line = l
	}
	return &FieldError{Line: line, Msg: "the YAML does not parse: " + msg + " (check the indentation, and quote values that contain \": \" or \" #\" or start with a special character)"}
}

// firstBadLine returns the first line n such that lines 1 to n do not
// parse, or 0 when none is found.
func firstBadLine(data []byte) int {
	const maxLines = 5000 // each try parses the prefix again
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > maxLines {
		return 0
	}
	end := 0
	for i, l := range lines {
		end += len(l)
		var n yaml.Node
		if err := yaml.Unmarshal(data[:end], &n); err != nil {
			return i + 1
		}
	}
	return 0
}
