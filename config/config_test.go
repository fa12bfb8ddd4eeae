package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/invalid-*.err from the current output")

// env returns a lookupEnv over the given variables.
func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

func parseFile(t *testing.T, path string, vars map[string]string) (*Config, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(data, path, env(vars))
}

func TestValid(t *testing.T) {
	path := filepath.Join("testdata", "valid.yaml")
	c, err := parseFile(t, path, map[string]string{"DISCORD_WEBHOOK_URL": "https://discord.com/api/webhooks/1/secret"})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	f := false
	baghdad, _ := time.LoadLocation("Asia/Baghdad")
	want := &Config{
		Path:      path,
		Database:  filepath.Join("testdata", "data", "raqib.db"),
		Timezone:  "Asia/Baghdad",
		Location:  baghdad,
		MaxAge:    Duration(48 * time.Hour),
		Retention: Duration(30 * 24 * time.Hour),
		Listen:    "127.0.0.1:9180",
		Digest:    Digest{Schedule: "0 21 * * *"},
		Discord: Discord{
			WebhookURL:    "https://discord.com/api/webhooks/1/secret",
			APIURL:        "https://discord.com/api/v10",
			EmbassyRoleID: "112233445566778899",
		},
		Scraper: Scraper{
			UserAgent:   "raqib/1.0 (+https://github.com/raqib/raqib)",
			Timeout:     Duration(20 * time.Second),
			MaxBodySize: 5 << 20,
			Parallelism: 2,
			Delay:       Duration(1500 * time.Millisecond),
			MaxArticles: 40,
		},
		Sources: []Source{
			{
				Name:     "shafaq-ar",
				URL:      "https://shafaq.example/ar/أمن",
				Links:    "h2.title a, .news-list a[href*='/ar/']",
				Follow:   `^https://shafaq\.example/ar/\d+-[^/]+$`, // $$ in the file
				Article:  "article .entry-content",
				Exclude:  []string{".related", "aside", "figure figcaption"},
				Lang:     "ar",
				Schedule: "*/5 * * * *",
			},
			{
				Name:     "wire-en",
				Feed:     "https://wire.example/world/rss.xml",
				Follow:   `^https://wire\.example/world/`,
				Exclude:  []string{".newsletter-signup"},
				Lang:     "en",
				Schedule: "@every 15m",
				Robots:   &f,
			},
			{
				Name:     "defaults-only",
				URL:      "http://localhost:8080/news/",
				Lang:     "auto",
				Schedule: "@every 10m",
			},
		},
	}
	if c.Discord.Mode() != ModeWebhook {
		t.Errorf("Discord.Mode() = %q, want %q", c.Discord.Mode(), ModeWebhook)
	}
	for i, s := range c.Sources {
		if (s.Follow == "") != (s.FollowRE == nil) || s.FollowRE != nil && s.FollowRE.String() != s.Follow {
			t.Errorf("sources[%d].FollowRE = %v, want %q compiled", i, s.FollowRE, s.Follow)
		}
		c.Sources[i].FollowRE = nil // compared above
	}
	if got, want := []bool{c.Sources[0].HonourRobots(), c.Sources[1].HonourRobots()}, []bool{true, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("HonourRobots() = %v, want %v", got, want)
	}
	if c.Location == nil || c.Location.String() != "Asia/Baghdad" {
		t.Errorf("Location = %v, want Asia/Baghdad", c.Location)
	}
	c.Location = baghdad
	// Line gives a key's line, or its block's when the key is not written.
	for path, line := range map[string]int{"discord.api_url": 11, "sources[2].schedule": 36, "nope": 0} {
		if got := c.Line(path); got != line {
			t.Errorf("Line(%q) = %d, want %d", path, got, line)
		}
	}
	c.lines = nil // compared through Line
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", c.Warnings)
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse(valid.yaml):\n got %+v\nwant %+v", c, want)
	}
	if s, ok := c.Source("wire-en"); !ok || s.Feed != want.Sources[1].Feed {
		t.Errorf("Source(wire-en) = %+v, %v", s, ok)
	}
	if _, ok := c.Source("nope"); ok {
		t.Error("Source(nope) found")
	}
}

func TestDefaults(t *testing.T) {
	c, err := Parse([]byte("sources:\n  - name: a\n    url: https://example.com/\n"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []any{c.Path, c.Database, c.Timezone, c.MaxAge, c.Retention, c.Listen, c.Digest.Schedule,
		c.Discord.APIURL, c.Discord.Mode(), c.Scraper, c.Sources[0].Lang, c.Sources[0].Schedule, c.Sources[0].HonourRobots()}
	want := []any{"", "raqib.db", "Asia/Baghdad", Duration(72 * time.Hour), Duration(90 * 24 * time.Hour), "", "",
		"https://discord.com/api/v10", "", Scraper{}, "auto", "@every 10m", true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("defaults:\n got %v\nwant %v", got, want)
	}
}

func TestInvalid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid-*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/invalid-*.yaml: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			c, err := parseFile(t, file, nil)
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", c)
			}
			if c != nil {
				t.Errorf("Parse returned a Config with its error")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error is %T, want Errors", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, rerr := os.ReadFile(golden)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if got != string(want) {
				t.Errorf("errors:\n%s\nwant (%s):\n%s", got, golden, want)
			}
			for _, secret := range []string{"SECRET"} {
				if strings.Contains(got, secret) {
					t.Errorf("the errors show a secret:\n%s", got)
				}
			}
		})
	}
}

// TestManyErrors checks that one file reports every problem, each with its line.
func TestManyErrors(t *testing.T) {
	_, err := parseFile(t, filepath.Join("testdata", "invalid-many.yaml"), nil)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is not Errors", err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%s@%d", e.Path, e.Line))
	}
	want := []string{
		"timezone@2", "listen@4", "digest.schedule@6", "discord.webhook_url@8", "discord.channel@9",
		"sources[1].name@13", "sources[1].url@14", "sources[1].follow@16",
		"sources[2]@17", "sources[2].name@17", "sources[2].lang@20", "sources[2].robots@21",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %v\nwant %v", got, want)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "timezone" {
		t.Errorf("errors.As(*FieldError) = %v", fe)
	}
}

func TestEnv(t *testing.T) {
	const head = "sources:\n  - name: a\n    url: https://example.com/\n"
	tests := []struct {
		name  string
		yaml  string
		vars  map[string]string
		check func(*Config) any
		want  any
		err   string
		warns []string
	}{
		{
			name:  "braces",
			yaml:  head + "discord:\n  token: ${TOKEN}\n  channel_id: \"1\"\n",
			vars:  map[string]string{"TOKEN": "abc.def"},
			check: func(c *Config) any { return c.Discord.Token },
			want:  "abc.def",
		},
		{
			name:  "bare name inside a value",
			yaml:  head + "database: $DIR/raqib.db\n",
			vars:  map[string]string{"DIR": "/var/lib/raqib"},
			check: func(c *Config) any { return c.Database },
			want:  "/var/lib/raqib/raqib.db",
		},
		{
			name:  "$$ is a literal $, a lone $ stays",
			yaml:  head + "    follow: \"^https://example\\\\.com/(a|b)$$\"\n    links: \"a[href$='.html']\"\n",
			vars:  map[string]string{"b": "NO"},
			check: func(c *Config) any { return c.Sources[0].Follow + " " + c.Sources[0].Links },
			want:  `^https://example\.com/(a|b)$ a[href$='.html']`,
		},
		{
			// An unset variable under discord: would turn Discord off
			// without a word; console mode is chosen by leaving the keys
			// out or empty, never by accident.
			name: "unset webhook: an error naming the variable",
			yaml: head + "discord:\n  webhook_url: ${DISCORD_WEBHOOK_URL}\n",
			err:  `discord.webhook_url (line 5): environment variable DISCORD_WEBHOOK_URL is not set: in the discord: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, "") to mean none`,
		},
		{
			name: "set but empty: an error too",
			yaml: head + "discord:\n  token: ${TOKEN}\n  channel_id: \"1\"\n  embassy_role_id: $ROLE\n",
			vars: map[string]string{"TOKEN": "abc", "ROLE": ""},
			err:  `discord.embassy_role_id (line 7): environment variable ROLE is set but empty: in the discord: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, "") to mean none`,
		},
		{
			name: "part of a value",
			yaml: head + "discord:\n  webhook_url: https://discord.com/api/webhooks/1/${HOOK_TOKEN}\n",
			err:  `discord.webhook_url (line 5): environment variable HOOK_TOKEN is not set: in the discord: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, "") to mean none`,
		},
		{
			name:  "keys written empty: console mode, no warning",
			yaml:  head + "discord:\n  webhook_url: \"\"\n  token:\n",
			check: func(c *Config) any { return c.Discord.Mode() },
			want:  ModeConsole,
		},
		{
			name:  "set: webhook mode",
			yaml:  head + "discord:\n  webhook_url: ${DISCORD_WEBHOOK_URL}\n",
			vars:  map[string]string{"DISCORD_WEBHOOK_URL": "https://discord.com/api/webhooks/1/abc"},
			check: func(c *Config) any { return c.Discord.Mode() },
			want:  ModeWebhook,
		},
		{
			name:  "a plain value is typed after expansion",
			yaml:  head + "    robots: ${ROBOTS}\nscraper:\n  parallelism: $N\n",
			vars:  map[string]string{"ROBOTS": "false", "N": "3"},
			check: func(c *Config) any { return fmt.Sprint(c.Sources[0].HonourRobots(), c.Scraper.Parallelism) },
			want:  "false 3",
		},
		{
			name:  "a value with YAML syntax stays one value",
			yaml:  head + "    article: ${SEL}\n",
			vars:  map[string]string{"SEL": "main #body, a[href*='x: y']"},
			check: func(c *Config) any { return c.Sources[0].Article },
			want:  "main #body, a[href*='x: y']",
		},
		{
			name:  "unset duration: default",
			yaml:  head + "max_age: ${MAX_AGE}\n",
			check: func(c *Config) any { return c.MaxAge },
			want:  DefaultMaxAge,
			warns: []string{`max_age (line 4): environment variable MAX_AGE is not set, so it expands to ""`},
		},
		{
			name:  "an alias is expanded once",
			yaml:  "sources:\n  - name: a\n    url: &u https://example.com/$$x\n  - name: b\n    url: *u\n",
			check: func(c *Config) any { return c.Sources[0].URL + " " + c.Sources[1].URL },
			want:  "https://example.com/$x https://example.com/$x",
		},
		{
			name: "a line break in a variable",
			yaml: head + "discord:\n  token: ${TOKEN}\n  channel_id: \"1\"\n",
			vars: map[string]string{"TOKEN": "abc\nsources: []"},
			err:  "discord.token (line 5): environment variable TOKEN holds a line break: a value must stay on one line",
		},
		{
			name: "line numbers after expansion",
			yaml: "listen: ${ADDR}\nsources:\n  - name: a\n    url: ${URL}\n",
			vars: map[string]string{"ADDR": "a\tb", "URL": "relative/path"},
			err: `listen (line 1): "a\tb" is not host:port: write an address such as "127.0.0.1:9180", or ":9180" for every interface` + "\n" +
				`sources[0].url (line 4): "relative/path" is not an absolute URL: write it in full, starting with https:// or http://, such as "https://example.com/news/"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml), "", env(tt.vars))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error:\n%v\nwant:\n%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			var warns []string
			for _, w := range c.Warnings {
				warns = append(warns, w.Error())
			}
			if !reflect.DeepEqual(warns, tt.warns) {
				t.Errorf("warnings %q, want %q", warns, tt.warns)
			}
		})
	}
}

// deliveryBlock is what makes an empty variable an error: every key of
// discord: and routes:, whatever its depth, and no other.
func TestDeliveryBlock(t *testing.T) {
	for path, want := range map[string]string{
		"discord": "discord:", "discord.webhook_url": "discord:", "routes": "routes:",
		"routes[0].webhook_url": "routes:", "routes[2].countries[0]": "routes:",
		"scraper.user_agent": "", "sources[0].url": "", "discordant": "", "database": "",
	} {
		if got := deliveryBlock(path); got != want {
			t.Errorf("deliveryBlock(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestDatabasePath(t *testing.T) {
	tests := []struct{ path, db, want string }{
		{"/etc/raqib/config.yaml", "", "/etc/raqib/raqib.db"},
		{"/etc/raqib/config.yaml", "data/r.db", "/etc/raqib/data/r.db"},
		{"/etc/raqib/config.yaml", "../r.db", "/etc/r.db"},
		{"/etc/raqib/config.yaml", "/var/lib/raqib/r.db", "/var/lib/raqib/r.db"},
		{"config.yaml", "r.db", "r.db"},
		{"conf/config.yaml", "r.db", filepath.Join("conf", "r.db")},
		{"", "r.db", "r.db"},
	}
	for _, tt := range tests {
		yaml := "sources:\n  - name: a\n    url: https://example.com/\n"
		if tt.db != "" {
			yaml += "database: \"" + tt.db + "\"\n"
		}
		c, err := Parse([]byte(yaml), tt.path, nil)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.path, tt.db, err)
		}
		if c.Database != tt.want {
			t.Errorf("config %q, database %q: Database = %q, want %q", tt.path, tt.db, c.Database, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("sources:\n  - name: a\n    url: https://example.com/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != path || c.Database != filepath.Join(dir, "raqib.db") {
		t.Errorf("Path %q, Database %q", c.Path, c.Database)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func TestRedaction(t *testing.T) {
	const webhook = "https://discord.com/api/webhooks/123/WEBHOOK-SECRET-xyz"
	const token = "BOT-SECRET-abc.def.ghi"
	configs := map[string]string{
		"webhook": "discord:\n  webhook_url: ${HOOK}\n",
		"bot":     "discord:\n  token: ${TOKEN}\n  channel_id: \"123\"\n",
	}
	vars := map[string]string{"HOOK": webhook, "TOKEN": token}
	for mode, block := range configs {
		c, err := Parse([]byte(block+"sources:\n  - name: a\n    url: https://example.com/\n"), "", env(vars))
		if err != nil {
			t.Fatal(err)
		}
		if c.Discord.Mode() != mode {
			t.Errorf("Mode() = %q, want %q", c.Discord.Mode(), mode)
		}
		var logged bytes.Buffer
		slog.New(slog.NewJSONHandler(&logged, nil)).Info("loaded", "config", c, "discord", c.Discord)
		slog.New(slog.NewTextHandler(&logged, nil)).Info("loaded", "config", c, "discord", c.Discord)
		js, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		shown := map[string]string{
			"%v":    fmt.Sprintf("%v", c),
			"%+v":   fmt.Sprintf("%+v", c),
			"%#v":   fmt.Sprintf("%#v", c),
			"%v *":  fmt.Sprintf("%v", *c),
			"%s":    fmt.Sprintf("%s", c.Discord),
			"%#v D": fmt.Sprintf("%#v", c.Discord),
			"slog":  logged.String(),
			"json":  string(js),
		}
		for how, s := range shown {
			if strings.Contains(s, "SECRET") {
				t.Errorf("%s mode, %s shows a secret: %s", mode, how, s)
			}
			if !strings.Contains(s, "redacted") {
				t.Errorf("%s mode, %s does not say %s: %s", mode, how, redacted, s)
			}
		}
	}

	// Problems elsewhere in a file never show the secrets, even when one is
	// pasted under the wrong key.
	bad := []string{
		"discord:\n  webhook_url: ${HOOK}\n  token: ${TOKEN}\n  channel_id: ${TOKEN}\n  api_url: ${HOOK}x\n  embassy_role_id: ${HOOK}\n",
		"discord:\n  webhook_url: ${TOKEN}\n  token: ${TOKEN} ${TOKEN}\n",
		"discord:\n  webhook_url: x${HOOK}\n",
		"discord: ${HOOK}\n",
		"discord:\n  webhook_url: [${HOOK}]\n",
		"discord:\n  webhook_url: ${HOOK}\nlisten: ${HOOK}\ntimezone: ${HOOK}\n",
	}
	for _, yaml := range bad {
		_, err := Parse([]byte(yaml+"sources:\n  - name: a\n    url: https://example.com/\n"), "", env(vars))
		if err == nil {
			t.Errorf("no error for\n%s", yaml)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the errors show a secret:\n%v", err)
		}
	}
}

func TestValidateAndSetDefaults(t *testing.T) {
	c := &Config{Sources: []Source{{Name: "demo", URL: "http://127.0.0.1:8080/", Follow: "/news/"}}}
	if err := c.ValidateAndSetDefaults(); err != nil {
		t.Fatal(err)
	}
	if c.Database != DefaultDatabase || c.Location == nil || c.MaxAge != DefaultMaxAge || c.Sources[0].FollowRE == nil || c.Sources[0].Schedule != DefaultSchedule {
		t.Errorf("defaults not set: %+v", c)
	}
	c = &Config{MaxAge: Duration(-time.Hour), Sources: []Source{{Name: "x", Feed: "rss.xml"}}}
	err := c.ValidateAndSetDefaults()
	want := "max_age: must be positive, such as \"72h\"\n" +
		`sources[0].feed: "rss.xml" is not an absolute URL: write it in full, starting with https:// or http://, such as "https://example.com/rss.xml"`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestFieldError(t *testing.T) {
	tests := []struct {
		e    FieldError
		want string
	}{
		{FieldError{"sources[1].schedule", 14, "bad"}, "sources[1].schedule (line 14): bad"},
		{FieldError{"discord.token", 0, "bad"}, "discord.token: bad"},
		{FieldError{"", 3, "bad"}, "line 3: bad"},
		{FieldError{"", 0, "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TestSpecSample parses the sample config.yaml of the interface spec. It
// shows both modes' keys, each from a variable, so it runs only with one of
// them removed; with a variable unset it is an error naming the variable,
// never console mode by accident.
func TestSpecSample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "spec-sample.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const tokenLine = "  token: ${DISCORD_BOT_TOKEN}           # bot mode, with channel_id\n"
	if !bytes.Contains(data, []byte(tokenLine)) {
		t.Fatalf("spec-sample.yaml lacks %q", tokenLine)
	}
	webhookOnly := bytes.Replace(data, []byte(tokenLine), nil, 1)
	const hook = "https://discord.com/api/webhooks/1/x"
	const desk = "https://discord.com/api/webhooks/2/y"
	tests := []struct {
		name string
		data []byte
		vars map[string]string
		mode string
		err  string
	}{
		{name: "no variable set", data: data, err: "discord.webhook_url (line 10): environment variable DISCORD_WEBHOOK_URL is not set: " +
			"in the discord: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, \"\") to mean none\n" +
			"discord.token (line 11): environment variable DISCORD_BOT_TOKEN is not set: " +
			"in the discord: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, \"\") to mean none\n" +
			"routes[0].webhook_url (line 17): environment variable SYRIA_DESK_WEBHOOK is not set: " +
			"in the routes: block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, \"\") to mean none"},
		{name: "both set", data: data, vars: map[string]string{"DISCORD_WEBHOOK_URL": hook, "DISCORD_BOT_TOKEN": "abc.def.ghi", "SYRIA_DESK_WEBHOOK": desk},
			err: "discord (line 9): webhook_url and token are both set: keep webhook_url for webhook mode, or token and channel_id for bot mode, not both"},
		{name: "webhook mode", data: webhookOnly, vars: map[string]string{"DISCORD_WEBHOOK_URL": hook, "SYRIA_DESK_WEBHOOK": desk}, mode: ModeWebhook},
	}
	for _, tt := range tests {
		c, err := Parse(tt.data, "", env(tt.vars))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s: error\n%v\nwant\n%s", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if c.Discord.Mode() != tt.mode || len(c.Warnings) != 0 {
			t.Errorf("%s: Mode() = %q with warnings %v, want %q with none", tt.name, c.Discord.Mode(), c.Warnings, tt.mode)
		}
		if r, ok := c.Route("syria-desk"); !ok || r.RoleID != "789" || !r.Digest || len(r.Countries) != 1 || r.Countries[0] != "SY" {
			t.Errorf("%s: the spec's route: %v", tt.name, r)
		}
	}
}

// In webhook mode without api_url, the webhook's own host is the API: the
// config must not fill in discord.com, or a webhook on a Discord-compatible
// server would be posted to Discord.
func TestAPIURLDefaultsByMode(t *testing.T) {
	for _, tc := range []struct{ discord, want string }{
		{"  webhook_url: http://127.0.0.1:9/api/webhooks/1/abc\n", ""},
		{"  webhook_url: http://127.0.0.1:9/api/webhooks/1/abc\n  api_url: http://127.0.0.1:9/relay/api/v10\n", "http://127.0.0.1:9/relay/api/v10"},
		{"  token: abc\n  channel_id: \"1\"\n", DefaultAPIURL},
		{"", DefaultAPIURL},
	} {
		c, err := Parse([]byte("discord:\n"+tc.discord+"sources:\n  - name: a\n    url: https://example.com/\n"), "", nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.discord, err)
		}
		if c.Discord.APIURL != tc.want {
			t.Errorf("%q: api_url %q, want %q", tc.discord, c.Discord.APIURL, tc.want)
		}
	}
}
