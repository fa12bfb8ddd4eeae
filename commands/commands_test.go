package commands

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/gazetteer"
	"github.com/raqib/raqib/monitor"
	"github.com/raqib/raqib/storage"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txt from the current answers")

var baghdad, _ = time.LoadLocation("Asia/Baghdad")

// clock is 27 November 2026, 14:30 in Baghdad.
var clock = time.Date(2026, 11, 27, 14, 30, 0, 0, baghdad)

// fixture is a database with a fortnight of attacks, a monitor with three
// sources, and the handler over them.
func fixture(t *testing.T) (*Handler, *storage.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "raqib.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	save := func(url, source, title, day string, hour int, totals map[string]raqib.RunningTotal, reports ...raqib.Report) {
		t.Helper()
		pub, _ := time.ParseInLocation(time.DateOnly, day, baghdad)
		a := raqib.Article{URL: url, Source: source, Title: title, Published: pub.Add(time.Duration(hour) * time.Hour), Fetched: clock, Text: "x"}
		if _, err := db.SaveArticle(ctx, storage.Save{Article: a, Day: day, Hash: url, Reports: reports, Alertable: true, Totals: totals}); err != nil {
			t.Fatal(err)
		}
	}
	r := func(site, day string, n int) raqib.Report {
		return raqib.Report{Site: site, SiteName: site, Day: day, Attacks: n, Exact: true}
	}
	save("https://news.example/ar/1", "news-ar", "هجومان على قاعدة عين الأسد", "2026-11-20", 9, nil, r("ain-al-asad", "2026-11-20", 2))
	save("https://news.example/ar/2", "news-ar", "Rockets on Harir [and] *Erbil*", "2026-11-26", 22, nil, r("harir", "2026-11-26", 1), r("erbil-airbase", "2026-11-26", 2))
	save("https://news.example/en/3", "news-en", "Three attacks on Ain al-Asad (update)", "2026-11-27", 8,
		map[string]raqib.RunningTotal{"ain-al-asad": {Attacks: 23, Since: "2026-11-01", Exact: true}},
		r("ain-al-asad", "2026-11-27", 3), r("ain-al-asad", "2026-11-26", 1))
	save("https://news.example/en/4", "news-en", "Drone on the embassy @everyone", "2026-11-27", 11, nil, r("us-embassy-baghdad", "2026-11-27", 1))

	mon := monitor.New(3, nil)
	mon.Track([]string{"news-ar", "news-en", "news-new"})
	start := clock.Add(-10 * time.Minute)
	mon.RecordPass(monitor.Pass{Source: "news-ar", Start: start, Listed: 10, Fetched: 10, Articles: 10})
	mon.RecordPass(monitor.Pass{Source: "news-en", Start: start.Add(-time.Hour), Listed: 5, Fetched: 5, Articles: 5})
	for range 3 {
		mon.RecordPass(monitor.Pass{Source: "news-en", Start: start, Err: errors.New("GET https://news.example/en/rss.xml: 503 Service Unavailable")})
	}
	h := New(Config{Store: db, Health: mon, Sites: gazetteer.Default(), Location: baghdad, Now: func() time.Time { return clock }})
	return h, db
}

func ask(h *Handler, sub string, opts ...string) discord.Answer {
	r := discord.Request{Command: Name, Subcommand: sub, Options: map[string]string{}}
	for i := 0; i+1 < len(opts); i += 2 {
		r.Options[opts[i]] = opts[i+1]
	}
	return discord.Fit(h.Answer(context.Background(), r))
}

// golden compares the answer's rendering with testdata/name.txt: these
// files are the examples the README shows.
func golden(t *testing.T, name string, a discord.Answer) {
	t.Helper()
	got := Render(a)
	path := filepath.Join("testdata", name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestToday(t *testing.T) {
	h, _ := fixture(t)
	a := ask(h, Today)
	golden(t, "today", a)
	if a.Ephemeral || len(a.Embeds) != 1 {
		t.Fatalf("answer %+v", a)
	}
	// Ain al-Asad 3 (+2: 1 yesterday), the embassy 1, Erbil and Harir
	// down to 0 from yesterday.
	if got := len(a.Embeds[0].Fields); got != 4 {
		t.Errorf("%d fields, want 4 sites", got)
	}
}

func TestTodayQuiet(t *testing.T) {
	h, _ := fixture(t)
	h.cfg.Now = func() time.Time { return clock.AddDate(0, 0, 2) }
	a := ask(h, Today)
	if len(a.Embeds) != 1 || !strings.Contains(a.Embeds[0].Description, "No attack reported today") {
		t.Errorf("quiet day: %s", Render(a))
	}
}

func TestSite(t *testing.T) {
	h, _ := fixture(t)
	for _, typed := range []string{"ain-al-asad", "عين الاسد", "Ain al-Asad", "قاعدة عين الأسد"} {
		a := ask(h, Site, "site", typed)
		if a.Ephemeral || len(a.Embeds) != 1 || !strings.Contains(a.Embeds[0].Title, "Ain al-Asad") {
			t.Errorf("%q: %s", typed, Render(a))
		}
	}
	a := ask(h, Site, "site", "ain-al-asad")
	golden(t, "site", a)
	if len(a.Files) != 1 || !bytes.HasPrefix(a.Files[0].Data, []byte("\x89PNG")) || a.Embeds[0].Image == nil ||
		a.Embeds[0].Image.URL != "attachment://"+a.Files[0].Name {
		t.Errorf("the chart is not attached and shown: %+v", a.Files)
	}
	// A site without attacks: no chart, and says so.
	a = ask(h, Site, "site", "al-tanf")
	if len(a.Files) != 0 || !strings.Contains(a.Embeds[0].Description, "No attack reported in the last 14 days") {
		t.Errorf("quiet site: %s", Render(a))
	}
}

func TestSiteUnknown(t *testing.T) {
	h, _ := fixture(t)
	for _, tt := range []struct{ typed, want string }{
		{"Camp Nowhere", "No site I know matches “Camp Nowhere”"},
		{"", "Which site?"},
		{"air base", "could be several sites"},
		{"<@&1> @everyone", "No site I know matches"},
	} {
		a := ask(h, Site, "site", tt.typed)
		if !a.Ephemeral || !strings.Contains(a.Content, tt.want) || strings.Contains(a.Content, "@everyone") {
			t.Errorf("%q: %s", tt.typed, Render(a))
		}
	}
	golden(t, "site-unknown", ask(h, Site, "site", "Camp Nowhere"))
}

func TestSources(t *testing.T) {
	h, _ := fixture(t)
	a := ask(h, Sources)
	golden(t, "sources", a)
	if a.Embeds[0].Description != "2 healthy, 1 failing" || len(a.Embeds[0].Fields) != 3 {
		t.Errorf("sources: %s", Render(a))
	}
}

func TestDigest(t *testing.T) {
	h, _ := fixture(t)
	a := ask(h, Digest)
	golden(t, "digest", a)
	if !strings.HasPrefix(a.Content, "```\nDigest for 2026-11-27: 4 attacks on 2 sites") || len(a.Files) != 1 || a.Files[0].Name != "digest-2026-11-27.png" {
		t.Errorf("digest: %s", Render(a))
	}
	if a := ask(h, Digest, "day", "yesterday"); !strings.Contains(a.Content, "Digest for 2026-11-26") {
		t.Errorf("yesterday: %s", Render(a))
	}
	if a := ask(h, Digest, "day", "2026-11-10"); len(a.Files) != 0 || !strings.Contains(a.Content, "quiet day") {
		t.Errorf("a quiet day: %s", Render(a))
	}
	for _, bad := range []string{"2026-11-28", "27/11/2026", "tomorrow"} {
		if a := ask(h, Digest, "day", bad); !a.Ephemeral || a.Files != nil {
			t.Errorf("%q: %s", bad, Render(a))
		}
	}
}

func TestComplete(t *testing.T) {
	h, _ := fixture(t)
	complete := func(sub, opt, typed string) []discord.Choice {
		return h.Complete(context.Background(), discord.Request{Command: Name, Subcommand: sub, Focused: opt, Options: map[string]string{opt: typed}})
	}
	tests := []struct {
		typed string
		first string // id of the first choice
	}{
		{"harir", "harir"},
		{"حرير", "harir"},
		{"عين الأ", "ain-al-asad"},
		{"EMBASSY", "us-embassy-baghdad"},
		{"", "ain-al-asad"}, // nothing typed: the most attacked of the last two weeks first
	}
	for _, tt := range tests {
		got := complete(Site, "site", tt.typed)
		if len(got) == 0 || got[0].Value != tt.first || len(got) > discord.MaxChoices {
			t.Errorf("%q: %+v", tt.typed, got)
		}
		for _, c := range got {
			if len([]rune(c.Name)) > discord.MaxChoiceChars {
				t.Errorf("%q: choice %q too long", tt.typed, c.Name)
			}
		}
	}
	if got := complete(Site, "site", "nothing like it"); len(got) != 0 {
		t.Errorf("no match: %+v", got)
	}
	if got := complete(Site, "site", "al-qaim"); len(got) != 0 {
		t.Errorf("a zone that is never a target is suggested: %+v", got)
	}
	days := complete(Digest, "day", "")
	if len(days) != 7 || days[0].Value != "2026-11-27" || days[1].Name != "Thu 26 Nov 2026 (yesterday)" {
		t.Errorf("days: %+v", days)
	}
	if days := complete(Digest, "day", "2026-11-2"); len(days) != 7 {
		t.Errorf("days by prefix: %+v", days)
	}
}

// A database that does not answer in time gives a short answer only the
// asker sees, not an error dump.
func TestDatabaseTooSlow(t *testing.T) {
	h, _ := fixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := h.Answer(ctx, discord.Request{Command: Name, Subcommand: Today})
	if !a.Ephemeral || !strings.Contains(a.Content, "took too long") {
		t.Errorf("answer %+v", a)
	}
}

// The answers never carry anything that pings: scraped titles are escaped.
func TestNoMentionsInAnswers(t *testing.T) {
	h, _ := fixture(t)
	for _, a := range []discord.Answer{ask(h, Site, "site", "us-embassy-baghdad"), ask(h, Today), ask(h, Sources)} {
		text := Render(a)
		if strings.Contains(text, "@everyone") {
			t.Errorf("a mention survives:\n%s", text)
		}
	}
}

func TestCommandsFitDiscord(t *testing.T) {
	h, _ := fixture(t)
	cmds := h.Commands()
	if len(cmds) != 1 || len(cmds[0].Options) != 4 {
		t.Fatalf("%+v", cmds)
	}
	for _, o := range cmds[0].Options {
		if n := len([]rune(o.Description)); n == 0 || n > 100 {
			t.Errorf("%s: description of %d characters", o.Name, n)
		}
	}
	if n := len([]rune(cmds[0].Description)); n > 100 {
		t.Errorf("description of %d characters", n)
	}
}
