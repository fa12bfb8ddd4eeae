package alerts_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/storage"
)

// TestHostileArticle: an article whose text carries @everyone, a role
// mention, a markdown link and 10,000 Arabic characters gives a valid alert
// (the stand-in refuses over-limit payloads with a 400, as Discord does)
// that pings no one, links nowhere and is cut on character boundaries.
func TestHostileArticle(t *testing.T) {
	hostile := "@everyone @here <@&789> <@123> [click me](https://evil.example/x) **bold** # heading > quote ||spoiler|| "
	arabic := ""
	for utf8.RuneCountInString(arabic) < 10000 {
		arabic += "قصف صاروخي على قاعدة عين الأسد الجوية "
	}
	for _, tc := range []struct {
		name   string
		urgent bool
	}{{"ordinary alert", false}, {"embassy alert", true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "bot", 2*time.Second)
			_, err := r.db.SaveArticle(context.Background(), saveOf(hostile+arabic, hostile+arabic, "evil [src](https://e.example) @everyone", tc.urgent))
			if err != nil {
				t.Fatal(err)
			}
			if sent, err := r.d.Flush(context.Background(), 5*time.Second); sent != 1 || err != nil {
				t.Fatalf("Flush: sent %d, %v (the payload must be valid)", sent, err)
			}
			m := r.srv.Messages()[0]
			wantRoles := 0
			if tc.urgent {
				wantRoles = 1
			}
			if m.PingedEveryone || len(m.PingedUsers) > 0 || len(m.PingedRoles) != wantRoles ||
				(tc.urgent && m.PingedRoles[0] != "456") || m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
				t.Errorf("pings: everyone %v users %v roles %v, allowed_mentions %+v", m.PingedEveryone, m.PingedUsers, m.PingedRoles, m.AllowedMentions)
			}
			e := m.Embeds[0]
			texts := []string{e.Title, e.Description, m.Content}
			for _, f := range e.Fields {
				texts = append(texts, f.Name, f.Value)
				if n := utf8.RuneCountInString(f.Value); n > discord.MaxFieldValue {
					t.Errorf("field %s: %d characters", f.Name, n)
				}
			}
			cut := false
			for _, s := range texts {
				if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
					t.Errorf("invalid or broken UTF-8: %q", s)
				}
				for _, bad := range []string{"[click me](", "https://evil", "](https:", "**bold**", "@everyone", "@here", "<@&789>", "<@123>"} {
					if strings.Contains(s, bad) {
						t.Errorf("%q survives unescaped in %q", bad, s)
					}
				}
				cut = cut || strings.HasSuffix(strings.TrimSuffix(s, "”"), "…")
			}
			if !cut {
				t.Error("10,000 characters were not cut")
			}
			if e.URL != "https://news.example/ar/1.html" {
				t.Errorf("embed links %q, want only the article", e.URL)
			}
		})
	}
}

// TestCorroboration: other outlets reporting a count already alerted edit
// the alert's message ("also reported by", with links) instead of posting a
// new one; one line per outlet; a higher count is a new alert.
func TestCorroboration(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		t.Run(mode, func(t *testing.T) {
			r := newRig(t, mode, 2*time.Second)
			ctx := context.Background()
			const site, name, day = "harir", "Harir Air Base", "2026-11-27"
			r.save(t, site, name, day, 2, false, "news-ar", "https://a.example/1", "")
			r.queue(t, 2, false) // two more alerts in the same message
			flush := func() {
				t.Helper()
				if _, err := r.d.Flush(ctx, 5*time.Second); err != nil {
					t.Fatal(err)
				}
			}
			flush()
			if r.save(t, site, name, day, 2, false, "news-en", "https://b.example/x_(1)", "") != nil ||
				r.save(t, site, name, day, 2, false, "news-ar", "https://a.example/2", "") != nil ||
				r.save(t, site, name, day, 1, false, "wire", "https://w.example/1", "") != nil {
				t.Fatal("a report at or below the tally queued an alert")
			}
			flush()
			r.save(t, site, name, day, 2, false, "wire", "https://c.example/3", "")
			r.save(t, site, name, day, 2, false, "news-en", "https://b.example/again", "") // same outlet: nothing new
			flush()
			msgs := r.srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("%d messages, want 1 (corroboration edits, never posts)", len(msgs))
			}
			m := msgs[0]
			if len(m.Edits) != 2 {
				t.Errorf("%d edits, want 2", len(m.Edits))
			}
			if len(m.Embeds) != 3 {
				t.Fatalf("the edit dropped embeds: %d", len(m.Embeds))
			}
			var also string
			for _, f := range m.Embeds[0].Fields {
				if f.Name == discord.AlsoReportedBy {
					also = f.Value
				}
			}
			want := "[news-en](https://b.example/x_%281%29)\n[wire](https://c.example/3)"
			if also != want {
				t.Errorf("also reported by:\n got %q\nwant %q", also, want)
			}
			for _, e := range m.Embeds[1:] {
				for _, f := range e.Fields {
					if f.Name == discord.AlsoReportedBy {
						t.Errorf("embed %q got another alert's corroboration", e.Title)
					}
				}
			}
			// A higher count is a new alert, in a new message.
			if len(r.save(t, site, name, day, 3, false, "wire", "https://c.example/4", "")) != 1 {
				t.Fatal("a rise queued no alert")
			}
			flush()
			if n := len(r.srv.Messages()); n != 2 {
				t.Errorf("%d messages after a rise, want 2", n)
			}
		})
	}
}

func saveOf(title, evidence, source string, urgent bool) storage.Save {
	site, name := "ain-al-asad", "Ain al-Asad Air Base"
	if urgent {
		site, name = "us-embassy-baghdad", "U.S. Embassy Baghdad"
	}
	return storage.Save{
		Article: raqib.Article{URL: "https://news.example/ar/1.html", Source: source, Title: title, Fetched: time.Now(), Text: evidence},
		Day:     "2026-11-27", Hash: "h", Alertable: true,
		Reports: []raqib.Report{{Site: site, SiteName: name, Urgent: urgent, Day: "2026-11-27", Attacks: 1, Exact: true, Evidence: evidence}},
	}
}
