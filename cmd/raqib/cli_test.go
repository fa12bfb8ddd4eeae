package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
)

func runMain(t *testing.T, ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(ctx, args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidate(t *testing.T) {
	code, _, stderr := runMain(t, context.Background(), "", "validate", "-config", "testdata/invalid.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"testdata/invalid.yaml: timezone (line 2): ",
		"testdata/invalid.yaml: sources[0].url (line 5): ",
		"testdata/invalid.yaml: sources[0].schedule (line 6): ",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 3 {
		t.Errorf("%d lines on stderr, want one per problem (3):\n%s", n, stderr)
	}

	// The repository's own config.yaml must stay valid, once the variable
	// it reads the webhook from is set.
	t.Setenv("DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/123/abc")
	code, stdout, stderr := runMain(t, context.Background(), "", "--validate", "--config", "../../config.yaml")
	if code != 0 || !strings.Contains(stdout, "valid") || !strings.Contains(stdout, "discord webhook") {
		t.Errorf("config.yaml: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// A copy of it serves /healthz and /metrics, on loopback only.
	cfg, err := config.Load("../../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:9180" {
		t.Errorf("config.yaml: listen %q, want 127.0.0.1:9180", cfg.Listen)
	}
}

// An unset variable under discord: is a config error naming it, not a
// silent switch to console mode: validate exits 1, and run refuses to
// start (it opens no database). Leaving the keys out is console mode.
func TestUnsetDiscordVariable(t *testing.T) {
	path := writeConfig(t, "database: raqib.db\ndiscord:\n  webhook_url: ${RAQIB_TEST_UNSET_HOOK}\nsources:\n  - name: a\n    url: http://127.0.0.1:9/\n")
	want := path + ": discord.webhook_url (line 3): environment variable RAQIB_TEST_UNSET_HOOK is not set: "
	for _, cmd := range []string{"validate", "run", "once"} {
		// A run that did start would stop here, its database created.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		code, stdout, stderr := runMain(t, ctx, "", cmd, "-config", path)
		cancel()
		if code != 1 || !strings.HasPrefix(stderr, want) || strings.Contains(stdout, "valid") {
			t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant 1 and a line starting %q", cmd, code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "raqib.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused config opened the database: %v", err)
	}

	path = writeConfig(t, "discord:\n  webhook_url: \"\"\nsources:\n  - name: a\n    url: https://example.com/\n")
	if code, stdout, stderr := runMain(t, context.Background(), "", "validate", "-config", path); code != 0 || !strings.Contains(stdout, "discord none (alerts go to stdout)") {
		t.Errorf("webhook_url written empty: exit %d, stdout %q, stderr %s; want console mode", code, stdout, stderr)
	}
}

// `raqib extract` on the seed article prints exactly the sites and counts
// of its label. The date is pinned to the Friday the article was written:
// without -date the article's day is today in Baghdad, and on any other day
// its "today" tally and its "Friday" paragraph are two days, whose counts add.
func TestExtractSeed(t *testing.T) {
	code, stdout, stderr := runMain(t, context.Background(), "", "extract", "-date", "2023-12-08", "testdata/seed-01.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got raqib.Extraction
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not the JSON of the spec: %v\n%s", err, stdout)
	}
	var sites []string
	for _, f := range got.Sites {
		sites = append(sites, fmt.Sprintf("%s:%d:%v", f.Site, f.Attacks, f.Exact))
	}
	slices.Sort(sites)
	want := []string{"ain-al-asad:3:true", "al-omar:1:true", "conoco:1:true", "erbil-airbase:1:true",
		"kharab-al-jir:2:true", "shaddadi:2:true", "us-embassy-baghdad:1:false"} // "the first attack on the embassy in over a year": first in a while, no count
	if !slices.Equal(sites, want) || !got.EmbassyTargeted || got.Lang != "ar" {
		t.Errorf("extract 01.txt:\n got %v embassy=%v lang=%s\nwant %v embassy=true lang=ar", sites, got.EmbassyTargeted, got.Lang, want)
	}

	// Read a day later, "today" is Saturday and Friday's two attacks on Ain
	// al-Asad are another day's: they add to the tally, each on its own day.
	code, stdout, stderr = runMain(t, context.Background(), "", "extract", "-date", "2023-12-09", "testdata/seed-01.txt")
	got = raqib.Extraction{}
	if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	var days []string
	for _, f := range got.Sites {
		if f.Site == "ain-al-asad" {
			for _, d := range f.Days {
				days = append(days, fmt.Sprintf("%s:%d", d.Day, d.Attacks))
			}
			days = append(days, fmt.Sprint("total:", f.Attacks))
		}
	}
	if want := []string{"2023-12-08:2", "2023-12-09:3", "total:5"}; !slices.Equal(days, want) {
		t.Errorf("Ain al-Asad read on Saturday: got %v, want %v", days, want)
	}

	// The same from stdin, and an HTML page is detected.
	data, _ := os.ReadFile("testdata/seed-01.txt")
	if code, stdout, _ := runMain(t, context.Background(), string(data), "extract", "-lang", "ar"); code != 0 || !strings.Contains(stdout, `"embassy_targeted": true`) {
		t.Errorf("stdin: exit %d\n%s", code, stdout)
	}
	page := "<!doctype html><html><head><title>t</title></head><body><nav>عين الأسد</nav><article><p>سقطت قذائف هاون على مجمع السفارة الأمريكية في بغداد فجر اليوم.</p></article></body></html>"
	code, stdout, _ = runMain(t, context.Background(), page, "extract")
	if code != 0 || !strings.Contains(stdout, `"site": "us-embassy-baghdad"`) || strings.Contains(stdout, "ain-al-asad") {
		t.Errorf("HTML from stdin: exit %d\n%s", code, stdout)
	}

	if code, _, _ := runMain(t, context.Background(), "", "extract", "testdata/no-such-file.txt"); code != 1 {
		t.Errorf("unreadable input: exit %d, want 1", code)
	}
	// No site: "sites" is an empty list, not null.
	if _, stdout, _ := runMain(t, context.Background(), "Nothing happened today.", "extract"); !strings.Contains(stdout, `"sites": []`) {
		t.Errorf("empty result: %s", stdout)
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOnceExitStatus(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()

	// A source that fails (a closed port) does not fail the pass: the
	// other source is read and its alerts go out.
	path := writeConfig(t, fmt.Sprintf(`
scraper: {delay: 1ms, timeout: 2s}
sources:
  - name: broken
    url: http://127.0.0.1:1/news/
  - name: news-ar
    url: %s/ar/
    links: a.headline
`, news.URL))
	code, stdout, stderr := runMain(t, context.Background(), "", "once", "-config", path)
	if code != 0 {
		t.Errorf("once with a broken source: exit %d, want 0\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `source=broken`) {
		t.Errorf("the failure is not logged with the source's name:\n%s", stderr)
	}
	if !strings.Contains(stdout, "Ain al-Asad Air Base: 2 attacks") {
		t.Errorf("no console alert for the working source:\n%s", stdout)
	}
	// A second run finds nothing new.
	if code, stdout, _ := runMain(t, context.Background(), "", "once", "-config", path); code != 0 || stdout != "" {
		t.Errorf("second once: exit %d, printed %q", code, stdout)
	}

	// An unusable database is exit 1.
	path = writeConfig(t, "database: /nonexistent/dir/raqib.db\nsources:\n  - name: a\n    url: http://127.0.0.1:1/\n")
	if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 1 {
		t.Errorf("unusable database: exit %d, want 1\n%s", code, stderr)
	}
	// So is an invalid config.
	if code, _, _ := runMain(t, context.Background(), "", "once", "-config", "testdata/invalid.yaml"); code != 1 {
		t.Errorf("invalid config: exit %d, want 1", code)
	}
}

func TestDemo(t *testing.T) {
	dc := discordtest.New(t)
	t.Setenv("DISCORD_WEBHOOK_URL", dc.WebhookURL())
	t.Setenv("DISCORD_EMBASSY_ROLE_ID", "")
	code, stdout, stderr := runMain(t, context.Background(), "", "demo")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"== Pass 1", "Ain al-Asad Air Base: 2 attacks", "Erbil Air Base: 2 attacks",
		"== Pass 2", "[URGENT] U.S. Embassy Baghdad", "Ain al-Asad Air Base: 3 attacks", "was 2",
		"== Pass 3", "-- 0 new alerts",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout)
		}
	}
	if n := len(dc.Messages()); n < 3 {
		t.Errorf("with DISCORD_WEBHOOK_URL set, Discord got %d messages, want the alerts of both passes", n)
	}
}

// The demo's discord: block names only the variables that are set, so that
// an unset one means console mode there, as the demo promises, rather than
// the config error it is in a config.yaml.
func TestDemoDiscord(t *testing.T) {
	for _, tt := range []struct {
		vars map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"DISCORD_WEBHOOK_URL": "", "DISCORD_EMBASSY_ROLE_ID": ""}, ""},
		{map[string]string{"DISCORD_WEBHOOK_URL": "https://h/api/webhooks/1/x"}, "discord:\n  webhook_url: ${DISCORD_WEBHOOK_URL}\n"},
		{map[string]string{"DISCORD_WEBHOOK_URL": "https://h/api/webhooks/1/x", "DISCORD_EMBASSY_ROLE_ID": "5"},
			"discord:\n  webhook_url: ${DISCORD_WEBHOOK_URL}\n  embassy_role_id: ${DISCORD_EMBASSY_ROLE_ID}\n"},
	} {
		got := demoDiscord(func(k string) (string, bool) { v, ok := tt.vars[k]; return v, ok })
		if got != tt.want {
			t.Errorf("%v: %q, want %q", tt.vars, got, tt.want)
		}
	}
}

// TestDaemonStopsCleanly: a stop lets the pass in flight finish and its
// alerts go out, each once. The stop always meets a message under way: the
// news site answers the pass's second article only once the first
// article's alerts are posted, and the Discord stand-in holds its answer to
// that post until the daemon says it is finishing the delivery in flight
// (its last step before it stops the dispatcher). A stop that cut the
// request short left a message Discord had posted recorded as unsent, and
// the flush posted it again.
func TestDaemonStopsCleanly(t *testing.T) {
	dc := discordtest.New(t)
	release := make(chan struct{})
	dc.HoldNextUntil(1, release)
	started := make(chan struct{}, 1)
	site := httptest.NewServer(gatedArticles(demo.New(nil), "/ar/news/101.html", started, "/ar/news/102.html", func() {
		dc.WaitMessages(1, 10*time.Second)
	}))
	defer site.Close()
	path := writeConfig(t, fmt.Sprintf(`
discord:
  webhook_url: %s
scraper: {delay: 1ms}
sources:
  - name: news-ar
    url: %s/ar/
    links: a.headline
    schedule: "@every 1h"
`, dc.WebhookURL(), site.URL))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := newLogWatch()
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"run", "-config", path}, strings.NewReader(""), io.Discard, logs) }()
	select {
	case <-started: // the start-up pass is reading the article with the alerts
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon made no start-up pass")
	}
	cancel()
	go func() {
		logs.Wait("finishing the delivery in flight", 30*time.Second)
		close(release)
	}()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d, want 0\n%s", code, logs)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the daemon did not stop")
	}
	// The article in flight was finished and its alerts delivered, once.
	msgs := dc.Messages()
	if got := summary(t, msgs); len(msgs) != 1 || len(got) != 3 {
		t.Errorf("messages posted: %d with %q, want 1 with the 3 alerts of the article in flight\n%s", len(msgs), got, logs)
	}
	if n := len(dc.Requests()); n != 1 {
		t.Errorf("%d requests to Discord, want 1\n%s", n, logs)
	}
}

// Sites and aliases added in config.yaml reach the extractor.
func TestConfigSites(t *testing.T) {
	path := writeConfig(t, `sources:
  - name: a
    url: https://example.com/
sites:
  - id: harir
    aliases_ar: ["قاعدة بشور الجوية"]
  - id: camp-example
    name_en: Camp Example
    name_ar: معسكر المثال
`)
	text := "استهدفت طائرة مسيرة قاعدة بشور الجوية فجر اليوم. وقصفت صواريخ معسكر المثال مساء."
	code, stdout, stderr := runMain(t, context.Background(), text, "extract", "-config", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{`"site": "harir"`, `"site": "camp-example"`, `"name": "Camp Example"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("extract with config sites lacks %s:\n%s", want, stdout)
		}
	}
	// Without the config, neither is known.
	if _, stdout, _ := runMain(t, context.Background(), text, "extract"); strings.Contains(stdout, "camp-example") || strings.Contains(stdout, "harir") {
		t.Errorf("extract without config found config sites:\n%s", stdout)
	}
}

func TestVersionAndLogFormat(t *testing.T) {
	code, stdout, _ := runMain(t, context.Background(), "", "version")
	if code != 0 || !strings.HasPrefix(stdout, "raqib ") || !strings.Contains(stdout, "go1.") || !strings.Contains(stdout, "commit ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	// -log-format json: every log line is a JSON object.
	code, _, stderr := runMain(t, context.Background(), "", "validate", "-config", "testdata/invalid.yaml", "-log-format", "json")
	if code != 1 {
		t.Errorf("validate: exit %d", code)
	}
	path := writeConfig(t, "scraper:\n  user_agent: raqib/${RAQIB_TEST_UNSET_VARIABLE}\nsources:\n  - name: a\n    url: https://example.com/\n")
	code, _, stderr = runMain(t, context.Background(), "", "validate", "-config", path, "-log-format", "json")
	if code != 0 || stderr == "" {
		t.Fatalf("validate with an unset variable: exit %d, no warning logged", code)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["level"] != "WARN" {
			t.Errorf("not a JSON warning line: %q", line)
		}
	}
	if code, _, _ := runMain(t, context.Background(), "", "version", "-log-format", "xml"); code != 2 {
		t.Errorf("bad -log-format: exit %d, want 2", code)
	}
}

// A config that validates is one that runs: a webhook URL the Discord
// notifier would refuse fails validate, without printing the secret.
func TestValidateAsksDiscord(t *testing.T) {
	t.Setenv("RAQIB_TEST_WEBHOOK", "https://example.com/hooks/s3cr3t-t0ken")
	path := writeConfig(t, "discord:\n  webhook_url: ${RAQIB_TEST_WEBHOOK}\nsources:\n  - name: a\n    url: https://example.com/\n")
	code, _, stderr := runMain(t, context.Background(), "", "validate", "-config", path)
	// Named with its key and line, as the config's own problems are.
	want := path + ": discord.webhook_url (line 2): must look like https://discord.com/api/webhooks/ID/TOKEN\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and:\n%s", code, stderr, want)
	}
	if strings.Contains(stderr, "s3cr3t") {
		t.Errorf("the secret is printed:\n%s", stderr)
	}
}
