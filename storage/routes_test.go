package storage

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/raqib/raqib"
)

// byCountry routes alerts on Iraqi sites to iraq-desk and every embassy
// alert to security too, as a config's filters would.
func byCountry(a raqib.Alert) []string {
	var out []string
	if slices.Contains([]string{"ain-al-asad", "harir", "us-embassy-baghdad"}, a.Site) {
		out = append(out, "iraq-desk")
	}
	if a.Urgent {
		out = append(out, "security")
	}
	return out
}

// saveRouted saves an article of source at url reporting one attack on each
// site, routed by byCountry, and returns the alerts queued.
func saveRouted(t *testing.T, db *DB, url, source string, sites ...string) []raqib.Alert {
	t.Helper()
	a := article(url)
	a.Source = source
	var reports []raqib.Report
	for _, site := range sites {
		reports = append(reports, report(site, 1))
	}
	got, err := db.SaveArticle(context.Background(), Save{Article: a, Day: "2026-11-27", Hash: "h-" + url,
		Reports: reports, Alertable: true, Routes: byCountry})
	if err != nil {
		t.Fatalf("save %s: %v", url, err)
	}
	return got
}

func pendingSites(t *testing.T, o *Outbox) []string {
	t.Helper()
	pending, err := o.Pending(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range pending {
		out = append(out, a.Site)
	}
	return out
}

// An alert is queued once on the default route and once on each route
// that takes it, in the transaction of its rise; each route's outbox then
// goes its own way.
func TestRouteDeliveries(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got := saveRouted(t, db, "https://a/1", "test", "ain-al-asad", "al-tanf", "us-embassy-baghdad")
	if len(got) != 3 {
		t.Fatalf("%d alerts queued, want 3", len(got))
	}
	iraq, security := db.Outbox("iraq-desk"), db.Outbox("security")
	// Urgent first, then oldest first, on every route.
	for _, tc := range []struct {
		o    *Outbox
		want []string
	}{
		{dflt(db), []string{"us-embassy-baghdad", "ain-al-asad", "al-tanf"}},
		{iraq, []string{"us-embassy-baghdad", "ain-al-asad"}},
		{security, []string{"us-embassy-baghdad"}},
		{db.Outbox("syria-desk"), nil},
	} {
		if got := pendingSites(t, tc.o); !slices.Equal(got, tc.want) {
			t.Errorf("%s pending %q, want %q", tc.o.Route(), got, tc.want)
		}
	}
	if n, err := db.PendingCount(ctx); err != nil || n != 6 {
		t.Errorf("PendingCount = %d, %v; want 6 deliveries", n, err)
	}

	// The embassy alert goes out on iraq-desk; on the default route it
	// fails for good; security has not tried it yet.
	embassy := []int64{got[2].ID}
	if err := iraq.MarkSending(ctx, embassy); err != nil {
		t.Fatal(err)
	}
	if err := iraq.MarkSent(ctx, embassy, "discord-webhook", "iraq-m1"); err != nil {
		t.Fatal(err)
	}
	if err := dflt(db).MarkFailed(ctx, embassy, "rejected"); err != nil {
		t.Fatal(err)
	}
	if err := security.MarkSending(ctx, embassy); err != nil {
		t.Fatal(err)
	}
	if err := security.MarkAttempt(ctx, embassy, "HTTP 502"); err != nil {
		t.Fatal(err)
	}
	if got := pendingSites(t, iraq); !slices.Equal(got, []string{"ain-al-asad"}) {
		t.Errorf("iraq-desk pending after its send: %q", got)
	}
	if groups, err := security.InFlight(ctx); err != nil || len(groups) != 1 || groups[0][0].ID != got[2].ID {
		t.Errorf("security in flight: %v, %v", groups, err)
	}
	if groups, err := iraq.InFlight(ctx); err != nil || len(groups) != 0 {
		t.Errorf("iraq-desk in flight after its send: %v, %v", groups, err)
	}
	recs, err := db.Deliveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, r := range recs {
		if r.ID == got[2].ID {
			states = append(states, r.Route+":"+r.State+":"+r.MessageID)
		}
	}
	if want := []string{"default:failed:", "iraq-desk:sent:iraq-m1", "security:pending:"}; !slices.Equal(states, want) {
		t.Errorf("the embassy alert's deliveries %q, want %q", states, want)
	}
	counts, err := db.DeliveryCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts["default"]["failed"] != 1 || counts["default"]["pending"] != 2 || counts["iraq-desk"]["sent"] != 1 ||
		counts["iraq-desk"]["pending"] != 1 || counts["security"]["pending"] != 1 {
		t.Errorf("DeliveryCounts = %v", counts)
	}
	if n, err := iraq.PendingCount(ctx); err != nil || n != 1 {
		t.Errorf("iraq-desk PendingCount = %d, %v", n, err)
	}
}

// A corroboration edits the message each route received, and its state is
// each route's own: an edit done on one route, or given up on, leaves the
// other's pending.
func TestRouteCorroborationEdits(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	got := saveRouted(t, db, "https://a/1", "first", "harir")
	id := []int64{got[0].ID}
	iraq := db.Outbox("iraq-desk")
	if err := dflt(db).MarkSent(ctx, id, "discord-webhook", "m-default"); err != nil {
		t.Fatal(err)
	}
	if err := iraq.MarkSent(ctx, id, "discord-webhook", "m-iraq"); err != nil {
		t.Fatal(err)
	}
	saveRouted(t, db, "https://b/1", "second", "harir")
	for o, want := range map[*Outbox]string{dflt(db): "m-default", iraq: "m-iraq"} {
		ids, err := o.PendingEdits(ctx, "discord-webhook", 10)
		if err != nil || !slices.Equal(ids, []string{want}) {
			t.Errorf("%s PendingEdits = %q, %v; want %s", o.Route(), ids, err, want)
		}
	}
	if ids, err := db.Outbox("security").PendingEdits(ctx, "discord-webhook", 10); err != nil || len(ids) != 0 {
		t.Errorf("security, which never had the alert, has edits: %q, %v", ids, err)
	}
	// Another route's message id means nothing here.
	if batch, _, _, err := iraq.MessageAlerts(ctx, "m-default"); err != nil || len(batch) != 0 {
		t.Errorf("iraq-desk MessageAlerts(the default's message) = %v, %v", batch, err)
	}

	batch, also, through, err := iraq.MessageAlerts(ctx, "m-iraq")
	if err != nil || len(batch) != 1 || len(also[got[0].ID]) != 1 || also[got[0].ID][0].Source != "second" {
		t.Fatalf("iraq-desk MessageAlerts = %v, %v, %v", batch, also, err)
	}
	if err := iraq.MarkEdited(ctx, "m-iraq", through); err != nil {
		t.Fatal(err)
	}
	if ids, _ := iraq.PendingEdits(ctx, "discord-webhook", 10); len(ids) != 0 {
		t.Errorf("iraq-desk still has edits after one: %q", ids)
	}
	if ids, _ := dflt(db).PendingEdits(ctx, "discord-webhook", 10); !slices.Equal(ids, []string{"m-default"}) {
		t.Errorf("the default route's edit went with iraq-desk's: %q", ids)
	}
	// The default route's message is gone: its edit is given up on there,
	// and a third outlet's corroboration shows on iraq-desk's message with
	// the second's, on the default's without the second's.
	_, _, through, _ = dflt(db).MessageAlerts(ctx, "m-default")
	if err := dflt(db).MarkEditFailed(ctx, "m-default", through, "Unknown Message"); err != nil {
		t.Fatal(err)
	}
	saveRouted(t, db, "https://c/1", "third", "harir")
	for o, want := range map[*Outbox][]string{dflt(db): {"third"}, iraq: {"second", "third"}} {
		msg := "m-" + map[string]string{"default": "default", "iraq-desk": "iraq"}[o.Route()]
		_, also, _, err := o.MessageAlerts(ctx, msg)
		var sources []string
		for _, a := range also[got[0].ID] {
			sources = append(sources, a.Source)
		}
		if err != nil || !slices.Equal(sources, want) {
			t.Errorf("%s shows %q, %v; want %q", o.Route(), sources, err, want)
		}
	}
}

// A database of the raqib before routes is upgraded in place: every alert
// keeps its delivery state, message in flight and corroborations as the
// default route's, and new alerts are routed.
func TestMigrateToRoutes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raqib.db")
	const alert = `INSERT INTO alerts (id, site, site_name, urgent, day, attacks, previous, url, source, created,
		reported, total_attacks, state, attempts, last_error, channel, message_id, sent, batch, batch_pos) VALUES `
	oldDB(t, path, routesVersion(t)-1,
		`INSERT INTO articles (id, url, source, title, fetched, day, content_hash, body)
		 VALUES (1, 'https://a/1', 'first', 't', '2026-11-27T08:00:00.000Z', '2026-11-27', 'h1', 'x')`,
		// Sent together in one message, then a corroboration shown, one
		// parked and one pending.
		alert+`(1, 'ain-al-asad', 'Ain al-Asad', 0, '2026-11-27', 2, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z',
			'2026-11-27', 23, 'sent', 1, '', 'discord-webhook', 'm1', '2026-11-27T08:00:01.000Z', 1, 0)`,
		alert+`(2, 'harir', 'Harir', 0, '2026-11-27', 1, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z',
			'2026-11-27', 0, 'sent', 1, '', 'discord-webhook', 'm1', '2026-11-27T08:00:01.000Z', 1, 1)`,
		// In flight when the old raqib stopped: two alerts of one message.
		alert+`(3, 'us-embassy-baghdad', 'U.S. Embassy Baghdad', 1, '2026-11-27', 1, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z',
			'2026-11-26', 0, 'pending', 2, 'HTTP 502', '', '', NULL, 3, 0)`,
		alert+`(4, 'balad', 'Balad', 0, '2026-11-27', 1, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z',
			'2026-11-27', 0, 'pending', 2, 'HTTP 502', '', '', NULL, 3, 1)`,
		// Refused for good.
		alert+`(5, 'taji', 'Taji', 0, '2026-11-27', 1, 0, 'https://a/1', 'first', '2026-11-27T08:00:00.000Z',
			'2026-11-27', 0, 'failed', 2, 'rejected', '', '', NULL, 5, 0)`,
		`INSERT INTO corroborations (id, alert_id, source, url, title, created, state) VALUES
			(1, 1, 'second', 'https://b/1', 't', '2026-11-27T09:00:00.000Z', 'edited'),
			(2, 2, 'third', 'https://c/1', 't', '2026-11-27T09:00:00.000Z', 'failed'),
			(3, 1, 'fourth', 'https://d/1', 't', '2026-11-27T10:00:00.000Z', 'pending')`,
	)
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

	recs, err := db.Deliveries(ctx)
	if err != nil || len(recs) != 5 {
		t.Fatalf("deliveries after the upgrade: %+v, %v", recs, err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, fmtRecord(r))
	}
	want := []string{
		`1 default sent 1 "" discord-webhook "m1" 1/0`,
		`2 default sent 1 "" discord-webhook "m1" 1/1`,
		`3 default pending 2 "HTTP 502"  "" 3/0`,
		`4 default pending 2 "HTTP 502"  "" 3/1`,
		`5 default failed 2 "rejected"  "" 5/0`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("deliveries after the upgrade:\n got %q\nwant %q", got, want)
	}
	if r := recs[0]; r.Total == nil || r.Total.Attacks != 23 || r.Sent.IsZero() || r.Reported != "2026-11-27" {
		t.Errorf("the first alert's context and time: %+v", r)
	}
	// The message in flight is resent as it was.
	groups, err := dflt(db).InFlight(ctx)
	if err != nil || len(groups) != 1 || len(groups[0]) != 2 || groups[0][0].ID != 3 || groups[0][1].ID != 4 {
		t.Errorf("in flight after the upgrade: %v, %v", groups, err)
	}
	// The pending corroboration still waits; the parked one stays out.
	if ids, err := dflt(db).PendingEdits(ctx, "discord-webhook", 10); err != nil || !slices.Equal(ids, []string{"m1"}) {
		t.Errorf("pending edits after the upgrade: %q, %v", ids, err)
	}
	_, also, through, err := dflt(db).MessageAlerts(ctx, "m1")
	if err != nil || len(also[1]) != 2 || len(also[2]) != 0 || through != 3 {
		t.Errorf("the message's corroborations after the upgrade: %v, through %d, %v", also, through, err)
	}

	// New alerts are routed.
	a := article("https://e/1")
	news, err := db.SaveArticle(ctx, Save{Article: a, Day: "2026-11-28", Hash: "h", Alertable: true, Routes: byCountry,
		Reports: []raqib.Report{dayReport("harir", "2026-11-28", 1)}})
	if err != nil || len(news) != 1 {
		t.Fatalf("a new alert: %v, %v", news, err)
	}
	if got := pendingSites(t, db.Outbox("iraq-desk")); !slices.Equal(got, []string{"harir"}) {
		t.Errorf("iraq-desk pending after the upgrade: %q", got)
	}
}

func fmtRecord(r AlertRecord) string {
	return fmt.Sprintf("%d %s %s %d %q %s %q %d/%d", r.ID, r.Route, r.State, r.Attempts, r.LastError, r.Channel, r.MessageID, r.Batch, r.BatchPos)
}

// routesVersion is the version of the migration that brings routes.
func routesVersion(t *testing.T) int {
	t.Helper()
	names, err := fs.Glob(migrations, "migrations/*_routes.sql")
	if err != nil || len(names) != 1 {
		t.Fatalf("the routes' migration: %v %v", names, err)
	}
	v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(names[0], "migrations/"), "_", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return v
}
