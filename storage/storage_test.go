package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "raqib.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenSetsPragmasAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raqib.db")
	for i := 0; i < 2; i++ { // the second Open must find nothing to do
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var mode string
		var fk, busy, n, cache int
		if err := db.db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := db.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := db.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := db.db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || busy != 10000 || cache != -cacheKiB {
			t.Errorf("pragmas: journal_mode=%s foreign_keys=%d busy_timeout=%d cache_size=%d", mode, fk, busy, cache)
		}
		// One row per embedded migration, however often Open ran.
		if want, _ := fs.Glob(migrations, "migrations/*.sql"); n != len(want) {
			t.Errorf("schema_migrations has %d rows, want %d", n, len(want))
		}
		db.Close()
	}
}

func article(url string) raqib.Article {
	return raqib.Article{URL: url, Source: "test", Title: "t", Fetched: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), Text: "x"}
}

// saveReports saves an article of source at url reporting one attack on
// each site on 2026-11-27, and returns the alerts it queued.
func saveReports(t *testing.T, db *DB, url, source string, sites ...string) []raqib.Alert {
	t.Helper()
	a := article(url)
	a.Source = source
	var reports []raqib.Report
	for _, site := range sites {
		reports = append(reports, report(site, 1))
	}
	got, err := db.SaveArticle(context.Background(), Save{Article: a, Day: "2026-11-27", Hash: "h-" + url, Reports: reports, Alertable: true})
	if err != nil {
		t.Fatalf("save %s: %v", url, err)
	}
	return got
}

func report(site string, n int) raqib.Report {
	return raqib.Report{Site: site, SiteName: site + " name", Day: "2026-11-27", Attacks: n, Exact: true, Urgent: site == "us-embassy-baghdad"}
}

func TestSaveArticleAlertsOnRisesOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	type step struct {
		url       string
		reports   []raqib.Report
		alertable bool
		want      []string // "site prev->new"
	}
	steps := []step{
		{"https://a/1", []raqib.Report{report("ain-al-asad", 2), report("harir", 1)}, true, []string{"ain-al-asad 0->2", "harir 0->1"}},
		// Another outlet repeats the same counts: nothing new.
		{"https://b/1", []raqib.Report{report("ain-al-asad", 2), report("harir", 1)}, true, nil},
		// A lower count changes nothing; a higher one is a rise.
		{"https://b/2", []raqib.Report{report("ain-al-asad", 1), report("harir", 3)}, true, []string{"harir 1->3"}},
		// An old article raises the tally silently.
		{"https://c/1", []raqib.Report{report("shaddadi", 2)}, false, nil},
		{"https://c/2", []raqib.Report{report("shaddadi", 2)}, true, nil},
		// The first article, updated, reports the embassy.
		{"https://a/1", []raqib.Report{report("ain-al-asad", 3), report("us-embassy-baghdad", 1)}, true, []string{"ain-al-asad 2->3", "us-embassy-baghdad 0->1"}},
	}
	for i, s := range steps {
		got, err := db.SaveArticle(ctx, Save{Article: article(s.url), Day: "2026-11-27", Hash: "h", Reports: s.reports, Alertable: s.alertable})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		var gs []string
		for _, a := range got {
			gs = append(gs, fmt.Sprintf("%s %d->%d", a.Site, a.Previous, a.Attacks))
			if a.ID == 0 || a.URL != s.url {
				t.Errorf("step %d: alert %+v lacks id or url", i, a)
			}
		}
		if !equal(gs, s.want) {
			t.Errorf("step %d: alerts %v, want %v", i, gs, s.want)
		}
	}
	tallies, err := db.Tallies(ctx, "2026-11-27", "2026-11-27")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ain-al-asad": 3, "harir": 3, "shaddadi": 2, "us-embassy-baghdad": 1}
	for _, tl := range tallies {
		if want[tl.Site] != tl.Attacks {
			t.Errorf("tally %s = %d, want %d", tl.Site, tl.Attacks, want[tl.Site])
		}
		delete(want, tl.Site)
	}
	if len(want) != 0 {
		t.Errorf("missing tallies: %v", want)
	}

	pending, err := dflt(db).Pending(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 5 || pending[0].Site != "us-embassy-baghdad" || !pending[0].Urgent {
		t.Fatalf("pending = %+v, want 5 with the embassy first", pending)
	}
	for i := 2; i < len(pending); i++ {
		if pending[i].ID < pending[i-1].ID {
			t.Errorf("non-urgent alerts out of order: %d before %d", pending[i-1].ID, pending[i].ID)
		}
	}
}

func TestOutboxMarks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got := saveReports(t, db, "https://a/1", "test", "ain-al-asad", "harir", "balad")
	if len(got) != 3 {
		t.Fatalf("%d alerts queued, want 3", len(got))
	}
	if err := dflt(db).MarkAttempt(ctx, []int64{got[0].ID}, "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	if err := dflt(db).MarkSent(ctx, []int64{got[0].ID, got[1].ID}, "discord-bot", "m1"); err != nil {
		t.Fatal(err)
	}
	if err := dflt(db).MarkFailed(ctx, []int64{got[2].ID}, "rejected"); err != nil {
		t.Fatal(err)
	}
	// A late mark must not move a sent alert back.
	if err := dflt(db).MarkFailed(ctx, []int64{got[0].ID}, "late"); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Alerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantState := []string{"sent", "sent", "failed"}
	for i, r := range recs {
		if r.State != wantState[i] {
			t.Errorf("alert %d state %s, want %s", i, r.State, wantState[i])
		}
	}
	if recs[0].Attempts != 2 || recs[0].MessageID != "m1" || recs[0].Channel != "discord-bot" || recs[0].Sent.IsZero() {
		t.Errorf("first alert: %+v", recs[0])
	}
	if n, _ := db.PendingCount(ctx); n != 0 {
		t.Errorf("pending = %d, want 0", n)
	}
}

// Each sent alert records the destination that took it, and a message
// gets its corroboration edits only from that destination: the console
// edits nothing, and a bot does not try to edit a webhook's message.
func TestAlertChannel(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got := saveReports(t, db, "https://a/1", "test", "ain-al-asad", "harir", "balad")
	if len(got) != 3 {
		t.Fatalf("%d alerts queued, want 3", len(got))
	}
	if err := dflt(db).MarkSent(ctx, []int64{got[0].ID}, "console", ""); err != nil {
		t.Fatal(err)
	}
	if err := dflt(db).MarkSent(ctx, []int64{got[1].ID}, "discord-webhook", "m1"); err != nil {
		t.Fatal(err)
	}
	// Another outlet reports all three counts: corroborations of each.
	saveReports(t, db, "https://b/1", "other", "ain-al-asad", "harir", "balad")
	recs, err := db.Alerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ch := []string{recs[0].Channel, recs[1].Channel, recs[2].Channel}; !slices.Equal(ch, []string{"console", "discord-webhook", ""}) {
		t.Errorf("channels %q, want console, discord-webhook and none (pending)", ch)
	}
	for channel, want := range map[string][]string{"discord-webhook": {"m1"}, "discord-bot": nil, "console": nil} {
		ids, err := dflt(db).PendingEdits(ctx, channel, 10)
		if err != nil || !slices.Equal(ids, want) {
			t.Errorf("PendingEdits(%s) = %q, %v; want %q", channel, ids, err, want)
		}
	}
}

// A database from before channels were recorded: its alerts sent without a
// message id went to the console, those with one to Discord in a mode not
// recorded, which either Discord mode may edit.
func TestAlertChannelMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raqib.db")
	// The schema before 0005, with what an older raqib wrote: a message
	// printed on the console, one posted to Discord, one pending, and a
	// corroboration of the Discord one.
	oldDB(t, path, 4,
		`INSERT INTO articles (id, url, source, title, fetched, day, content_hash, body)
		 VALUES (1, 'https://a/1', 'test', 't', '2026-11-27T08:00:00.000Z', '2026-11-27', 'h1', 'x')`,
		`INSERT INTO alerts (id, site, site_name, day, attacks, previous, url, source, created, state, message_id)
		 VALUES (1, 'ain-al-asad', 'Ain al-Asad', '2026-11-27', 1, 0, 'https://a/1', 'test', '2026-11-27T08:00:00.000Z', 'sent', '')`,
		`INSERT INTO alerts (id, site, site_name, day, attacks, previous, url, source, created, state, message_id)
		 VALUES (2, 'harir', 'Harir', '2026-11-27', 1, 0, 'https://a/1', 'test', '2026-11-27T08:00:00.000Z', 'sent', 'm1')`,
		`INSERT INTO alerts (id, site, site_name, day, attacks, previous, url, source, created)
		 VALUES (3, 'balad', 'Balad', '2026-11-27', 1, 0, 'https://a/1', 'test', '2026-11-27T08:00:00.000Z')`,
		`INSERT INTO corroborations (alert_id, source, url, title, created) VALUES (2, 'other', 'https://b/1', 't', '2026-11-27T09:00:00.000Z')`,
	)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	recs, err := db.Alerts(ctx)
	if err != nil || len(recs) != 3 {
		t.Fatalf("alerts after the migration: %+v, %v", recs, err)
	}
	if ch := []string{recs[0].Channel, recs[1].Channel, recs[2].Channel}; !slices.Equal(ch, []string{"console", "", ""}) {
		t.Errorf("channels after the migration %q, want console, unrecorded Discord, none (pending)", ch)
	}
	for _, channel := range []string{"discord-webhook", "discord-bot"} {
		if ids, err := dflt(db).PendingEdits(ctx, channel, 10); err != nil || !slices.Equal(ids, []string{"m1"}) {
			t.Errorf("PendingEdits(%s) = %q, %v; want the old Discord message", channel, ids, err)
		}
	}
}

// oldDB makes at path the database of an older raqib: the schema up to
// migration last, holding what the statements insert.
func oldDB(t *testing.T, path string, last int, inserts ...string) {
	t.Helper()
	ctx := context.Background()
	sqlDB, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	old := &DB{db: sqlDB, Now: time.Now}
	if err := old.migrateTo(ctx, last); err != nil {
		t.Fatal(err)
	}
	for _, q := range inserts {
		if _, err := sqlDB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestArticleHash(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, ok, err := db.ArticleHash(ctx, "https://a/1"); ok || err != nil {
		t.Fatalf("unknown article: ok=%v err=%v", ok, err)
	}
	if _, err := db.SaveArticle(ctx, Save{Article: article("https://a/1"), Day: "2026-11-27", Hash: "abc"}); err != nil {
		t.Fatal(err)
	}
	if h, ok, err := db.ArticleHash(ctx, "https://a/1"); !ok || err != nil || h != "abc" {
		t.Fatalf("hash = %q ok=%v err=%v", h, ok, err)
	}
}

// OpenReadOnly reads what is there, writes nothing, migrates nothing and
// creates no file.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "raqib.db")

	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Error("OpenReadOnly of a missing file succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly of a missing file created it: %v", err)
	}

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveArticle(ctx, Save{Article: article("https://a/1"), Day: "2026-11-27", Hash: "abc",
		Reports: []raqib.Report{report("ain-al-asad", 2)}, Alertable: true}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if h, ok, err := ro.ArticleHash(ctx, "https://a/1"); !ok || err != nil || h != "abc" {
		t.Errorf("read-only hash = %q ok=%v err=%v", h, ok, err)
	}
	if n, err := ro.TallyOf(ctx, "ain-al-asad", "2026-11-27"); err != nil || n != 2 {
		t.Errorf("read-only tally = %d, %v; want 2", n, err)
	}
	if _, err := ro.SaveArticle(ctx, Save{Article: article("https://a/2"), Day: "2026-11-27", Hash: "def"}); err == nil {
		t.Error("a save through the read-only database succeeded")
	}
	ro.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok, _ := db.ArticleHash(ctx, "https://a/2"); ok {
		t.Error("the read-only save reached the file")
	}

	// A database from an older raqib is refused, not migrated.
	if _, err := db.db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(ctx, path); err == nil || !strings.Contains(err.Error(), "older raqib") {
		t.Errorf("OpenReadOnly of an old schema: %v, want a refusal saying so", err)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if want, _ := fs.Glob(migrations, "migrations/*.sql"); n != len(want)-1 {
		t.Errorf("OpenReadOnly migrated: %d rows in schema_migrations, want %d", n, len(want)-1)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPruneBodiesKeepsRowsAndTallies(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	old := article("https://a/old")
	old.Fetched = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := db.SaveArticle(ctx, Save{Article: old, Day: "2026-01-01", Hash: "h", Reports: []raqib.Report{report("harir", 2)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveArticle(ctx, Save{Article: article("https://a/new"), Day: "2026-11-27", Hash: "h"}); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneBodies(ctx, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	var bodies int
	if err := db.db.QueryRowContext(ctx, `SELECT count(body) FROM articles`).Scan(&bodies); err != nil || bodies != 1 {
		t.Fatalf("bodies left %d, %v; want 1", bodies, err)
	}
	if h, ok, _ := db.ArticleHash(ctx, "https://a/old"); !ok || h != "h" {
		t.Errorf("pruned article row lost")
	}
	if tl, _ := db.Tallies(ctx, "2026-11-27", "2026-11-27"); len(tl) != 1 || tl[0].Attacks != 2 {
		t.Errorf("tallies after prune: %+v", tl)
	}
}

// A writer that panics hands its role back and fails the saves queued
// behind it, so that later saves do not wait forever.
func TestAbandonAfterPanic(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	db.wmu.Lock()
	db.writing = true
	waiting := &saveReq{ctx: ctx, s: Save{Article: article("https://a/queued")}, done: make(chan struct{})}
	db.queue = append(db.queue, waiting)
	db.wmu.Unlock()
	func() {
		defer func() { recover() }()
		defer db.abandon()
		panic("boom")
	}()
	select {
	case <-waiting.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the queued save was left waiting")
	}
	if waiting.err == nil {
		t.Error("the queued save reports success, but nothing wrote it")
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.SaveArticle(ctx, Save{Article: article("https://a/after"), Day: "2026-11-27", Hash: "h"})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("save after the panic: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a save after the panic waits forever")
	}
}

// raqib check reads the database while raqib run has it open: rows still in
// the WAL are seen, and a write transaction in progress neither blocks the
// reader nor shows it uncommitted data.
func TestOpenReadOnlyBesideWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raqib.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SaveArticle(ctx, Save{Article: article("https://a/1"), Day: "2026-11-27", Hash: "abc"}); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if h, ok, err := ro.ArticleHash(ctx, "https://a/1"); !ok || err != nil || h != "abc" {
		t.Errorf("a row not yet checkpointed: %q ok=%v err=%v", h, ok, err)
	}

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET content_hash = 'new' WHERE url = 'https://a/1'`); err != nil {
		t.Fatal(err)
	}
	readCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if h, _, err := ro.ArticleHash(readCtx, "https://a/1"); err != nil || h != "abc" {
		t.Errorf("read during the writer's transaction: %q, %v; want the committed %q at once", h, err, "abc")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if h, _, err := ro.ArticleHash(ctx, "https://a/1"); err != nil || h != "new" {
		t.Errorf("read after the commit: %q, %v; want %q", h, err, "new")
	}
}

// dflt is the default route's outbox, which every alert is queued in.
func dflt(db *DB) *Outbox { return db.Outbox(raqib.DefaultRoute) }
