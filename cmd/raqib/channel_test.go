package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/demo"
	"github.com/raqib/raqib/internal/discordtest"
)

// Alerts printed in console mode are delivered to the console: a later
// switch to Discord posts the alerts still pending, and only those. And a
// Discord message is edited by Discord alone: corroborations that arrive
// while raqib runs in console mode wait for Discord, rather than being
// marked as shown.
func TestConsoleThenDiscord(t *testing.T) {
	site := demo.New(nil)
	news := httptest.NewServer(site)
	defer news.Close()
	repeat := demo.New(nil) // another outlet that repeats the story
	second := httptest.NewServer(repeat)
	defer second.Close()
	dc := discordtest.New(t)
	db := filepath.Join(t.TempDir(), "raqib.db")
	ctx := context.Background()

	sources := fmt.Sprintf("sources:\n  - name: first\n    url: %s/ar/\n    links: a.headline\n", news.URL)
	withSecond := sources + fmt.Sprintf("  - name: second\n    url: %s/ar/\n    links: a.headline\n", second.URL)
	console := func(sources string) string {
		return fmt.Sprintf("database: %s\nscraper: {delay: 1ms}\n", db) + sources
	}
	discord := func(sources string) string {
		return fmt.Sprintf("database: %s\ndiscord:\n  webhook_url: %s\nscraper: {delay: 1ms}\n", db, dc.WebhookURL()) + sources
	}
	byState := func(app *App) (sent map[string][]int64, pending []int64) {
		t.Helper()
		recs, err := app.db.Alerts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent = map[string][]int64{}
		for _, r := range recs {
			switch r.State {
			case "sent":
				sent[r.Channel] = append(sent[r.Channel], r.ID)
			case "pending":
				pending = append(pending, r.ID)
			default:
				t.Fatalf("alert %d is %s", r.ID, r.State)
			}
		}
		return sent, pending
	}

	// Console mode: the morning's alerts are printed, then the update's
	// are queued, not yet delivered.
	out := newLogWatch()
	app := testApp(t, console(sources), nil, out)
	app.PassAll(ctx)
	app.flush(ctx, 5*time.Second)
	site.Advance()
	app.PassAll(ctx)
	sent, pending := byState(app)
	printed := strings.Count(out.String(), "[ALERT ]") + strings.Count(out.String(), "[URGENT]")
	if len(sent["console"]) == 0 || len(sent["console"]) != printed || len(sent) != 1 || len(pending) == 0 {
		t.Fatalf("console mode: sent %v, %d printed, pending %v; want the printed alerts sent to the console and the update's pending", sent, printed, pending)
	}
	onConsole := sent["console"]
	app.Close()

	// Discord: the pending alerts are posted, the printed ones are not.
	app = testApp(t, discord(sources), nil, nil)
	app.flush(ctx, 10*time.Second)
	app.PassAll(ctx)
	app.flush(ctx, 10*time.Second)
	sent, left := byState(app)
	embeds := 0
	for _, m := range dc.Messages() {
		embeds += len(m.Embeds)
	}
	if !slices.Equal(sent["console"], onConsole) || !slices.Equal(sent["discord-webhook"], pending) || len(left) != 0 || embeds != len(pending) {
		t.Fatalf("after the switch: sent %v, left %v, %d embeds posted; want %v still on the console and %v (and only they) posted",
			sent, left, embeds, onConsole, pending)
	}
	posted := len(dc.Messages())
	app.Close()

	// Console again, with an outlet that repeats the story: its reports
	// corroborate the messages posted to Discord, which the console cannot
	// edit.
	repeat.Advance()
	app = testApp(t, console(withSecond), nil, nil)
	app.PassAll(ctx)
	app.flush(ctx, 5*time.Second)
	app.Close()
	for _, m := range dc.Messages() {
		if len(m.Edits) > 0 {
			t.Fatalf("message %s edited in console mode", m.ID)
		}
	}

	// Discord again: the waiting corroborations are shown, by edits.
	app = testApp(t, discord(withSecond), nil, nil)
	app.flush(ctx, 10*time.Second)
	edited := 0
	for _, m := range dc.Messages() {
		if len(m.Edits) > 0 && strings.Contains(string(m.Edits[len(m.Edits)-1]), second.URL) {
			edited++
		}
	}
	if edited == 0 || len(dc.Messages()) != posted {
		t.Errorf("back on Discord: %d messages edited to add the second outlet, %d messages (was %d); want edits and no new message",
			edited, len(dc.Messages()), posted)
	}
}
