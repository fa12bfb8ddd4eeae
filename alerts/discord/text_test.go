package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/oneline"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@everyone look", "@\u200beveryone look"},
		{"ping @here now", "ping @\u200bhere now"},
		{"<@&123> and <@456> and <@!789>", `\<@` + "\u200b" + `&123\> and \<@` + "\u200b" + `456\> and \<@` + "\u200b" + `!789\>`},
		{"[click me](http://evil.example/x)", `\[click me\](http\://evil.example/x)`},
		{"**bold** __u__ ~~s~~ `code` ||spoiler||", `\*\*bold\*\* \_\_u\_\_ \~\~s\~\~ \` + "`code\\`" + ` \|\|spoiler\|\|`},
		{"# heading", `\# heading`},
		{"> quote", `\> quote`},
		{"- item", `\- item`},
		{"al-Asad", "al-Asad"},
		{`back\slash`, `back\\slash`},
		{"قاعدة عين الأسد: ثلاث عمليات", "قاعدة عين الأسد: ثلاث عمليات"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := escape(oneline.Clean(tt.in)); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"abcdefgh", 5, "abcd…"},
		{"عين الأسد", 4, "عين…"},
		{`ab\*cd`, 4, "ab…"}, // never a lone backslash before the ellipsis
		{`a\\bc`, 4, `a\\…`},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		got := cut(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if !utf8.ValidString(got) || runes(got) > max(tt.max, 0) {
			t.Errorf("cut(%q, %d) = %q: invalid or too long", tt.in, tt.max, got)
		}
	}
}

// TestScrapedTextCannotPing runs hostile text through every scraped part of
// an alert and checks that nothing mention- or link-shaped survives.
func TestScrapedTextCannotPing(t *testing.T) {
	hostile := "@everyone @here <@&123> <@456> [masked](http://evil.example) **x** ||y||"
	a := baseAlert()
	a.Title, a.Evidence, a.Source = hostile, hostile, hostile
	m := BuildMessage([]raqib.Alert{a}, "456")
	data, err := marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"@everyone", "@here", "<@&123>", "<@456>", "[masked]", "**x**", "||y||", "http://"} {
		if strings.Contains(string(data), bad) {
			t.Errorf("message still holds %q:\n%s", bad, data)
		}
	}
	if m.Content != "" || len(m.AllowedMentions.Roles) != 0 {
		t.Errorf("non-urgent message pings: content %q roles %v", m.Content, m.AllowedMentions.Roles)
	}
}

// TestLongArabicFitsLimits feeds 10,000 Arabic characters to every scraped
// part, for one alert and for a full batch, and checks each limit and that
// every string is valid UTF-8 (no letter cut in half).
func TestLongArabicFitsLimits(t *testing.T) {
	long := strings.Repeat("ع", 10000)
	a := baseAlert()
	a.SiteName = strings.Repeat("س", 10000)
	a.Title, a.Evidence, a.Source, a.Day = long, long, long, long
	a.Reported = strings.Repeat("ر", 10000)
	a.Total = &raqib.RunningTotal{Attacks: 999999, Since: long}
	for _, n := range []int{1, 3, 10} {
		batch := make([]raqib.Alert, n)
		for i := range batch {
			batch[i] = a
			batch[i].Urgent = i == 0
		}
		m := BuildMessage(batch, "456")
		checkLimits(t, m)
	}
}

func checkLimits(t *testing.T, m Message) {
	t.Helper()
	check := func(what, s string, limit int) {
		t.Helper()
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8", what)
		}
		if runes(s) > limit {
			t.Errorf("%s has %d characters, limit %d", what, runes(s), limit)
		}
	}
	check("content", m.Content, MaxContent)
	if len(m.Embeds) > MaxEmbeds {
		t.Errorf("%d embeds", len(m.Embeds))
	}
	total := 0
	for _, e := range m.Embeds {
		check("title", e.Title, MaxTitle)
		check("description", e.Description, MaxDescription)
		check("footer", e.Footer.Text, MaxFooter)
		for _, f := range e.Fields {
			check("field name", f.Name, MaxFieldName)
			check("field value "+f.Name, f.Value, MaxFieldValue)
			if strings.TrimSpace(f.Value) == "" {
				t.Errorf("field %s is empty", f.Name)
			}
		}
		total += embedRunes(e)
	}
	if total > MaxEmbedTotal {
		t.Errorf("embeds hold %d characters, limit %d", total, MaxEmbedTotal)
	}
}
