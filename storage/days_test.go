package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

func dayReport(site, day string, n int) raqib.Report {
	r := report(site, n)
	r.Day = day
	return r
}

func alertLines(als []raqib.Alert) []string {
	var out []string
	for _, a := range als {
		out = append(out, fmt.Sprintf("%s %s %d->%d reported %s", a.Site, a.Day, a.Previous, a.Attacks, a.Reported))
	}
	return out
}

// Tallies are kept per (site, day of the attack): an article of one day
// raises the tallies of the days it gives, each on its own, and outlets
// that report the same attack on other days raise nothing twice.
func TestSaveArticleDays(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	type step struct {
		url, day string
		reports  []raqib.Report
		want     []string
	}
	steps := []step{
		// 4 Dec: yesterday's two attacks and today's one.
		{"https://a/1", "2026-12-04", []raqib.Report{dayReport("al-omar", "2026-12-03", 2), dayReport("al-omar", "2026-12-04", 1)},
			[]string{"al-omar 2026-12-03 0->2 reported 2026-12-04", "al-omar 2026-12-04 0->1 reported 2026-12-04"}},
		// An article of 5 Dec recounts the attacks of 3 Dec: the tally of
		// 3 Dec is at 2 already, nothing rises.
		{"https://b/1", "2026-12-05", []raqib.Report{dayReport("al-omar", "2026-12-03", 2)}, nil},
		// A third attack on 3 Dec, learnt on 5 Dec, raises 3 Dec only.
		{"https://b/2", "2026-12-05", []raqib.Report{dayReport("al-omar", "2026-12-03", 3)},
			[]string{"al-omar 2026-12-03 2->3 reported 2026-12-05"}},
		// Two entries of one day in one article: the larger stands.
		{"https://c/1", "2026-12-05", []raqib.Report{dayReport("harir", "2026-12-05", 2), dayReport("harir", "2026-12-05", 1)},
			[]string{"harir 2026-12-05 0->2 reported 2026-12-05"}},
		// A report without a day is on the article's day.
		{"https://c/2", "2026-12-05", []raqib.Report{dayReport("harir", "", 3)},
			[]string{"harir 2026-12-05 2->3 reported 2026-12-05"}},
	}
	for i, s := range steps {
		got, err := db.SaveArticle(ctx, Save{Article: article(s.url), Day: s.day, Hash: "h", Reports: s.reports, Alertable: true})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if gs := alertLines(got); !equal(gs, s.want) {
			t.Errorf("step %d: alerts %q, want %q", i, gs, s.want)
		}
	}
	tallies, err := db.Tallies(ctx, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tl := range tallies {
		got = append(got, fmt.Sprintf("%s %s %d", tl.Day, tl.Site, tl.Attacks))
	}
	want := []string{"2026-12-03 al-omar 3", "2026-12-04 al-omar 1", "2026-12-05 harir 3"}
	if !equal(got, want) {
		t.Errorf("tallies %q, want %q", got, want)
	}
	var reports int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE article_id = (SELECT id FROM articles WHERE url = 'https://a/1')`).Scan(&reports); err != nil || reports != 2 {
		t.Errorf("article a/1 has %d reports (%v), want one per day: 2", reports, err)
	}
	recs, err := db.Alerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || recs[0].Day != "2026-12-03" || recs[0].Reported != "2026-12-04" {
		t.Errorf("stored alerts: %+v", recs)
	}
}

// A report at the count of an earlier day's alert, by another outlet on a
// later day, adds that outlet to the alert's message: it is keyed by the
// day of the attack, not by the article's.
func TestCorroborationOfAnEarlierDay(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	first := article("https://a/1")
	got, err := db.SaveArticle(ctx, Save{Article: first, Day: "2026-12-03", Hash: "h",
		Reports: []raqib.Report{dayReport("harir", "2026-12-03", 1)}, Alertable: true})
	if err != nil || len(got) != 1 {
		t.Fatalf("first: %v, %d alerts", err, len(got))
	}
	if err := dflt(db).MarkSent(ctx, []int64{got[0].ID}, "discord-webhook", "m1"); err != nil {
		t.Fatal(err)
	}
	later := article("https://b/1")
	later.Source = "other"
	if got, err := db.SaveArticle(ctx, Save{Article: later, Day: "2026-12-04", Hash: "h",
		Reports: []raqib.Report{dayReport("harir", "2026-12-03", 1)}, Alertable: true}); err != nil || len(got) != 0 {
		t.Fatalf("later: %v, %d alerts", err, len(got))
	}
	ids, err := dflt(db).PendingEdits(ctx, "discord-webhook", 10)
	if err != nil || len(ids) != 1 || ids[0] != "m1" {
		t.Fatalf("pending edits %v, %v; want m1", ids, err)
	}
	_, also, _, err := dflt(db).MessageAlerts(ctx, "m1")
	if err != nil || len(also[got[0].ID]) != 1 || also[got[0].ID][0].URL != "https://b/1" {
		t.Errorf("corroborations %+v, %v", also, err)
	}
}

// Running totals are context: they raise no tally and queue no alert; an
// alert shows the one its article states, else the latest of the articles
// from TotalsFrom on; a re-read article's totals replace its old ones.
func TestRunningTotals(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	total := func(n int, since string) map[string]raqib.RunningTotal {
		return map[string]raqib.RunningTotal{"al-omar": {Attacks: n, Since: since, Exact: true, Evidence: "e"}}
	}
	// 1 Dec: only a running total: no tally, no alert.
	got, err := db.SaveArticle(ctx, Save{Article: article("https://a/1"), Day: "2026-12-01", Hash: "h",
		Totals: total(20, "2026-11-01"), Alertable: true})
	if err != nil || len(got) != 0 {
		t.Fatalf("a total alone: %v, alerts %+v", err, got)
	}
	if tl, _ := db.Tallies(ctx, "2026-01-01", "2026-12-31"); len(tl) != 0 {
		t.Errorf("a running total raised tallies: %+v", tl)
	}

	// 3 Dec: an attack and a total in one article: the alert shows it.
	got, err = db.SaveArticle(ctx, Save{Article: article("https://b/1"), Day: "2026-12-03", Hash: "h",
		Reports: []raqib.Report{dayReport("al-omar", "2026-12-03", 1)}, Totals: total(23, "2026-12-01"),
		TotalsFrom: "2026-11-30", Alertable: true})
	if err != nil || len(got) != 1 {
		t.Fatalf("attack and total: %v, %d alerts", err, len(got))
	}
	if tot := got[0].Total; tot == nil || tot.Attacks != 23 || tot.Since != "2026-12-01" || !tot.Exact {
		t.Errorf("the alert's total: %+v, want 23 since 2026-12-01", tot)
	}
	// 4 Dec: an attack without a total: the latest recent total (3 Dec's
	// 23, not 1 Dec's 20).
	got, err = db.SaveArticle(ctx, Save{Article: article("https://c/1"), Day: "2026-12-04", Hash: "h",
		Reports: []raqib.Report{dayReport("al-omar", "2026-12-04", 1)}, TotalsFrom: "2026-12-01", Alertable: true})
	if err != nil || len(got) != 1 || got[0].Total == nil || got[0].Total.Attacks != 23 {
		t.Fatalf("an attack without a total: %v, %+v", err, got)
	}
	// 9 Dec: the totals of 1 and 3 Dec are older than TotalsFrom: none.
	got, err = db.SaveArticle(ctx, Save{Article: article("https://c/2"), Day: "2026-12-09", Hash: "h",
		Reports: []raqib.Report{dayReport("al-omar", "2026-12-09", 1)}, TotalsFrom: "2026-12-06", Alertable: true})
	if err != nil || len(got) != 1 || got[0].Total != nil {
		t.Fatalf("stale totals: %v, %+v", err, got)
	}
	// The stored alerts keep their totals for the dispatcher.
	pending, err := dflt(db).Pending(ctx, 10)
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending: %v, %d", err, len(pending))
	}
	for i, want := range []int{23, 23, 0} {
		n := 0
		if pending[i].Total != nil {
			n = pending[i].Total.Attacks
		}
		if n != want {
			t.Errorf("pending alert %d (%s): total %d, want %d", i, pending[i].Day, n, want)
		}
	}

	// The latest total per site, for the digest.
	rts, err := db.RunningTotals(ctx, "2026-12-01", "2026-12-04")
	if err != nil || len(rts) != 1 || rts[0].Attacks != 23 || rts[0].Day != "2026-12-03" || rts[0].URL != "https://b/1" || rts[0].Source != "test" {
		t.Errorf("running totals: %+v, %v", rts, err)
	}
	if rts, _ := db.RunningTotals(ctx, "2026-12-01", "2026-12-02"); len(rts) != 1 || rts[0].Attacks != 20 {
		t.Errorf("running totals up to 2 Dec: %+v, want 1 Dec's 20", rts)
	}
	// A re-read without the total drops it.
	if _, err := db.SaveArticle(ctx, Save{Article: article("https://b/1"), Day: "2026-12-03", Hash: "h2",
		Reports: []raqib.Report{dayReport("al-omar", "2026-12-03", 1)}, Alertable: true}); err != nil {
		t.Fatal(err)
	}
	if rts, _ := db.RunningTotals(ctx, "2026-12-01", "2026-12-04"); len(rts) != 1 || rts[0].Attacks != 20 {
		t.Errorf("running totals after the re-read: %+v, want only 1 Dec's 20", rts)
	}
}

// daysVersion is the version of the day model's migration.
func daysVersion(t *testing.T) int {
	t.Helper()
	names, err := fs.Glob(migrations, "migrations/*_days.sql")
	if err != nil || len(names) != 1 {
		t.Fatalf("the day model's migration: %v %v", names, err)
	}
	v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(names[0], "migrations/"), "_", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A database of the raqib before the day model is upgraded in place: its
// tallies, reports, alerts, delivery state and corroborations stay, and the
// tally rule goes on from them.
func TestMigrateToDays(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raqib.db")

	// The database as the raqib before the day model left it.
	sqlDB, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{db: sqlDB, Now: time.Now}
	if err := old.migrateTo(ctx, daysVersion(t)-1); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO articles (id, url, source, title, fetched, day, content_hash, body)
		 VALUES (1, 'https://a/1', 'first', 't', '2026-11-27T08:00:00.000Z', '2026-11-27', 'h1', 'x')`,
		`INSERT INTO articles (id, url, source, title, fetched, day, content_hash, body)
		 VALUES (2, 'https://b/1', 'second', 't', '2026-11-27T09:00:00.000Z', '2026-11-27', 'h2', 'x')`,
		`INSERT INTO reports (article_id, site, day, attacks, exact, evidence) VALUES (1, 'ain-al-asad', '2026-11-27', 2, 1, 'ev')`,
		`INSERT INTO reports (article_id, site, day, attacks, exact, evidence) VALUES (1, 'harir', '2026-11-27', 1, 0, '')`,
		`INSERT INTO reports (article_id, site, day, attacks, exact, evidence) VALUES (2, 'ain-al-asad', '2026-11-27', 2, 1, 'ev')`,
		`INSERT INTO tallies (site, day, attacks, article_id, updated) VALUES ('ain-al-asad', '2026-11-27', 2, 1, '2026-11-27T08:00:00.000Z')`,
		`INSERT INTO tallies (site, day, attacks, article_id, updated) VALUES ('harir', '2026-11-27', 1, 1, '2026-11-27T08:00:00.000Z')`,
		`INSERT INTO alerts (id, site, site_name, day, attacks, previous, exact, url, source, created, state, message_id, sent, batch, batch_pos)
		 VALUES (1, 'ain-al-asad', 'Ain al-Asad Air Base', '2026-11-27', 2, 0, 1, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z', 'sent', 'm1', '2026-11-27T08:00:01.000Z', 1, 0)`,
		`INSERT INTO alerts (id, site, site_name, day, attacks, previous, exact, url, source, created)
		 VALUES (2, 'harir', 'Harir Air Base', '2026-11-27', 1, 0, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z')`,
		`INSERT INTO corroborations (alert_id, source, url, title, created) VALUES (1, 'second', 'https://b/1', 't', '2026-11-27T09:00:00.000Z')`,
	} {
		if _, err := sqlDB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	sqlDB.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	var fkProblems int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil || fkProblems != 0 {
		t.Errorf("foreign key check: %d problems, %v", fkProblems, err)
	}

	// Tallies and reports as they were.
	tallies, err := db.Tallies(ctx, "2026-11-27", "2026-11-27")
	if err != nil || len(tallies) != 2 || tallies[0].Attacks != 2 || tallies[1].Attacks != 1 {
		t.Errorf("tallies after the upgrade: %+v, %v", tallies, err)
	}
	var reports int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE day = '2026-11-27'`).Scan(&reports); err != nil || reports != 3 {
		t.Errorf("%d reports after the upgrade (%v), want 3", reports, err)
	}
	// Alert history and delivery state, with the article's day as the day
	// reported (it was the alert's day), and no running total.
	recs, err := db.Alerts(ctx)
	if err != nil || len(recs) != 2 {
		t.Fatalf("alerts after the upgrade: %+v, %v", recs, err)
	}
	if r := recs[0]; r.State != "sent" || r.MessageID != "m1" || r.Batch != 1 || r.Reported != "2026-11-27" || r.Total != nil || r.Attacks != 2 {
		t.Errorf("sent alert after the upgrade: %+v", r)
	}
	if r := recs[1]; r.State != "pending" || r.Reported != "2026-11-27" {
		t.Errorf("pending alert after the upgrade: %+v", r)
	}
	if ids, err := dflt(db).PendingEdits(ctx, "discord-webhook", 10); err != nil || len(ids) != 1 || ids[0] != "m1" {
		t.Errorf("the pending corroboration after the upgrade: %v, %v", ids, err)
	}

	// The rule goes on from the old tallies: the first article re-read
	// alerts nothing again, a rise alerts once.
	a1 := article("https://a/1")
	a1.Source = "first"
	got, err := db.SaveArticle(ctx, Save{Article: a1, Day: "2026-11-27", Hash: "h1b", Alertable: true,
		Reports: []raqib.Report{dayReport("ain-al-asad", "2026-11-27", 2), dayReport("harir", "2026-11-27", 1)}})
	if err != nil || len(got) != 0 {
		t.Errorf("re-reading an alerted article: %v, alerts %q", err, alertLines(got))
	}
	got, err = db.SaveArticle(ctx, Save{Article: article("https://c/1"), Day: "2026-11-28", Hash: "h", Alertable: true,
		Reports: []raqib.Report{dayReport("ain-al-asad", "2026-11-27", 3)}, Totals: map[string]raqib.RunningTotal{"ain-al-asad": {Attacks: 40}}})
	if want := []string{"ain-al-asad 2026-11-27 2->3 reported 2026-11-28"}; err != nil || !equal(alertLines(got), want) {
		t.Errorf("a rise after the upgrade: %v, %q, want %q", err, alertLines(got), want)
	}
	if len(got) == 1 && (got[0].Total == nil || got[0].Total.Attacks != 40) {
		t.Errorf("the rise's running total: %+v", got[0].Total)
	}
}
