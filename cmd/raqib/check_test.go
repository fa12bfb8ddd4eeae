package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// check shows what a pass would extract and alert, against the tallies in
// the database, and neither stores nor sends anything.
func TestCheck(t *testing.T) {
	site := demo.New(nil)
	news := httptest.NewServer(site)
	defer news.Close()
	dc := discordtest.New(t)
	path := writeConfig(t, fmt.Sprintf(`discord:
  webhook_url: %s
scraper: {delay: 1ms}
sources:
  - name: news-ar
    url: %s/ar/
    links: a.headline
  - name: news-en
    feed: %s/en/rss.xml
`, dc.WebhookURL(), news.URL, news.URL))

	code, stdout, stderr := runMain(t, context.Background(), "", "check", "-config", path, "-source", "news-ar")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"== news-ar", news.URL + "/ar/news/101.html", "title: الفصائل",
		"site: Ain al-Asad Air Base (ain-al-asad) 2, exact: قاعدة عين الأسد الجوية: عمليتان",
		"would alert: Ain al-Asad Air Base, 2 on", "(was 0)",
		news.URL + "/ar/news/102.html", "sites: none attacked",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "news-en") {
		t.Errorf("-source news-ar also checked news-en")
	}
	if n := len(dc.Messages()); n != 0 {
		t.Errorf("check sent %d messages", n)
	}

	// After a real pass, check sees the tallies: only the new attacks
	// would alert.
	if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 0 {
		t.Fatalf("once: %d\n%s", code, stderr)
	}
	sent := len(dc.Messages())
	site.Advance()
	_, stdout, _ = runMain(t, context.Background(), "", "check", "-config", path)
	for _, want := range []string{"would alert: Ain al-Asad Air Base, 3 on", "(was 2)", "would alert: U.S. Embassy Baghdad, 1", "== news-en"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check after a pass lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "would alert: Harir") {
		t.Errorf("check would alert Harir again:\n%s", stdout)
	}
	if n := len(dc.Messages()); n != sent {
		t.Errorf("check sent %d messages", n-sent)
	}
	db, err := storage.Open(context.Background(), filepath.Join(filepath.Dir(path), "raqib.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if recs, _ := db.Alerts(context.Background()); len(recs) != 4 {
		t.Errorf("%d alerts in the database after check, want the 4 of the pass", len(recs))
	}

	if code, _, stderr := runMain(t, context.Background(), "", "check", "-config", path, "-source", "nope"); code != 1 || !strings.Contains(stderr, "news-ar, news-en") {
		t.Errorf("unknown source: exit %d\n%s", code, stderr)
	}
}

func TestReport(t *testing.T) {
	news := httptest.NewServer(demo.New(nil))
	defer news.Close()
	path := writeConfig(t, fmt.Sprintf("scraper: {delay: 1ms}\nsources:\n  - name: news-ar\n    url: %s/ar/\n    links: a.headline\n", news.URL))
	if code, stdout, stderr := runMain(t, context.Background(), "", "report", "-config", path, "-format", "json"); code != 0 || strings.TrimSpace(stdout) != "[]" || !strings.Contains(stderr, "no database yet") {
		t.Errorf("report without a database: exit %d, %q, %q; want 0, [] and a warning", code, stdout, stderr)
	}
	if code, _, stderr := runMain(t, context.Background(), "", "once", "-config", path); code != 0 {
		t.Fatalf("once: %d\n%s", code, stderr)
	}
	today := time.Now().In(mustLoc(t, "Asia/Baghdad")).Format(time.DateOnly)

	_, stdout, _ := runMain(t, context.Background(), "", "report", "-config", path)
	for _, want := range []string{`DAY\s+SITE\s+ATTACKS`, today + `\s+Ain al-Asad Air Base\s+2\n`, today + `\s+Al-Tanf Garrison\s+3\n`, `total.*\s6\n`} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = runMain(t, context.Background(), "", "report", "-config", path, "-format", "csv", "-day", today)
	if !strings.HasPrefix(stdout, "day,site,name,attacks\n") || !strings.Contains(stdout, today+",al-tanf,Al-Tanf Garrison,3\n") {
		t.Errorf("csv:\n%s", stdout)
	}
	_, stdout, _ = runMain(t, context.Background(), "", "report", "-config", path, "-format", "json", "-since", "2d")
	var rows []reportRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) != 3 {
		t.Errorf("json: %v %+v\n%s", err, rows, stdout)
	}
	_, stdout, _ = runMain(t, context.Background(), "", "report", "-config", path, "-format", "json", "-day", "2020-01-01")
	if strings.TrimSpace(stdout) != "[]" {
		t.Errorf("a day without attacks: %s", stdout)
	}
	if code, _, _ := runMain(t, context.Background(), "", "report", "-config", path, "-format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d, want 2", code)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
