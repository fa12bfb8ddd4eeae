package discord

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/digest"
	"github.com/raqib/raqib/internal/discordtest"
)

// testDigest is a real digest with its chart, rendered once.
func testDigest(t *testing.T) digest.Digest {
	t.Helper()
	d, err := sharedDigest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var sharedDigest = sync.OnceValues(func() (digest.Digest, error) {
	return digest.New("2026-11-27", []digest.Tally{
		{Site: "ain-al-asad", Day: "2026-11-27", Attacks: 3},
		{Site: "ain-al-asad", Day: "2026-11-26", Attacks: 1},
		{Site: "harir", Day: "2026-11-25", Attacks: 2},
	}, func(id string) string { return map[string]string{"ain-al-asad": "Ain al-Asad Air Base"}[id] })
})

func digestModes() []struct {
	name     string
	newN     func(*testing.T, *discordtest.Server, string) *Notifier
	wantMode string
} {
	return []struct {
		name     string
		newN     func(*testing.T, *discordtest.Server, string) *Notifier
		wantMode string
	}{
		{NameWebhook, newWebhook, discordtest.ModeWebhook},
		{NameBot, newBot, discordtest.ModeBot},
	}
}

func TestSendDigest(t *testing.T) {
	d := testDigest(t)
	text := digest.Text(d)
	for _, mode := range digestModes() {
		t.Run(mode.name, func(t *testing.T) {
			srv := discordtest.New(t)
			n := mode.newN(t, srv, "456")
			id, err := n.SendDigest(context.Background(), text, d.Chart, "")
			if err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server holds %d messages, want 1", len(msgs))
			}
			m := msgs[0]
			if id == "" || id != m.ID || m.Mode != mode.wantMode {
				t.Errorf("id %q mode %q; server stored %q", id, m.Mode, m.ID)
			}
			if want := "```\n" + text + "\n```"; m.Content != want {
				t.Errorf("content\n%s\nwant\n%s", m.Content, want)
			}
			if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 || len(m.PingedRoles) > 0 {
				t.Errorf("allowed_mentions = %+v, pinged %v: want parse: [] and no ping", m.AllowedMentions, m.PingedRoles)
			}
			if len(m.Attachments) != 1 {
				t.Fatalf("%d attachments, want 1", len(m.Attachments))
			}
			a := m.Attachments[0]
			if a.Field != "files[0]" || a.Filename != DigestFilename || a.ContentType != "image/png" {
				t.Errorf("attachment %q %q %q", a.Field, a.Filename, a.ContentType)
			}
			if !bytes.Equal(a.Data, d.Chart) {
				t.Errorf("attachment of %d bytes differs from the %d-byte chart", len(a.Data), len(d.Chart))
			}
			img, err := png.Decode(bytes.NewReader(a.Data))
			if err != nil {
				t.Fatalf("attachment does not decode as PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != digest.ChartWidth || b.Dy() != digest.ChartHeight {
				t.Errorf("image %dx%d", b.Dx(), b.Dy())
			}
			if len(m.Embeds) != 1 || m.Embeds[0].Image == nil || m.Embeds[0].Image.URL != "attachment://"+a.Filename {
				t.Errorf("embeds %+v: want one whose image is attachment://%s", m.Embeds, a.Filename)
			}
			if mode.wantMode == discordtest.ModeBot && m.Nonce == "" {
				t.Error("bot mode: no nonce")
			}
		})
	}
}

func TestSendDigestQuietDay(t *testing.T) {
	q := digest.Build("2026-11-28", nil, nil)
	text := digest.Text(q)
	for _, mode := range digestModes() {
		t.Run(mode.name, func(t *testing.T) {
			srv := discordtest.New(t)
			n := mode.newN(t, srv, "")
			if _, err := n.SendDigest(context.Background(), text, q.Chart, ""); err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server holds %d messages, want 1", len(msgs))
			}
			m := msgs[0]
			if m.Content != text || len(m.Embeds) != 0 || len(m.Attachments) != 0 {
				t.Errorf("content %q, %d embeds, %d attachments; want %q alone", m.Content, len(m.Embeds), len(m.Attachments), text)
			}
		})
	}
}

// TestSendDigestRetryPostsOnce: in bot mode, sending the same digest again
// (a retry after a lost answer) gives back the message already posted.
func TestSendDigestRetryPostsOnce(t *testing.T) {
	d := testDigest(t)
	srv := discordtest.New(t)
	n := newBot(t, srv, "")
	first, err := n.SendDigest(context.Background(), digest.Text(d), d.Chart, "chart-2026-11-27.png")
	if err != nil {
		t.Fatal(err)
	}
	again, err := n.SendDigest(context.Background(), digest.Text(d), d.Chart, "chart-2026-11-27.png")
	if err != nil {
		t.Fatal(err)
	}
	if first != again || len(srv.Messages()) != 1 {
		t.Errorf("ids %q and %q, %d messages: want the same message once", first, again, len(srv.Messages()))
	}
}

func TestSendDigestFailures(t *testing.T) {
	d := testDigest(t)
	text := digest.Text(d)
	tests := []struct {
		name     string
		fail     int // status the fake answers, 0: none
		text     string
		png      []byte
		filename string
		want     alerts.Failure
		sent     bool // a request reached the server
	}{
		{"server error", 502, text, d.Chart, "", alerts.Temporary, true},
		{"rate limited", 429, text, d.Chart, "", alerts.RateLimited, true},
		{"refused", 400, text, d.Chart, "", alerts.Rejected, true},
		{"webhook gone", 404, text, d.Chart, "", alerts.Unauthorized, true},
		{"empty text", 0, " \n ", d.Chart, "", alerts.Rejected, false},
		{"not a png", 0, text, []byte("GIF89a..."), "", alerts.Rejected, false},
		{"bad file name", 0, text, d.Chart, `../x".png`, alerts.Rejected, false},
		{"not .png", 0, text, d.Chart, "chart.gif", alerts.Rejected, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := discordtest.New(t)
			n := newWebhook(t, srv, "")
			if tt.fail != 0 {
				srv.FailNext(1, tt.fail)
			}
			_, err := n.SendDigest(context.Background(), tt.text, tt.png, tt.filename)
			var de *alerts.DeliveryError
			if !errors.As(err, &de) || de.Failure != tt.want {
				t.Fatalf("err = %v, want a %s DeliveryError", err, tt.want)
			}
			if strings.Contains(err.Error(), srv.WebhookToken()) {
				t.Errorf("error shows the webhook token: %v", err)
			}
			if got := len(srv.Requests()) > 0; got != tt.sent {
				t.Errorf("request sent: %v, want %v", got, tt.sent)
			}
		})
	}
}

func TestDigestContent(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"one line is escaped", "quiet day @everyone *x*", "quiet day @\u200beveryone \\*x\\*"},
		{"lines go in a code block", "a\n  b  1\n", "```\na\n  b  1\n```"},
		{"the text cannot close the fence", "a\n```\n@here", "```\na\n``\u200b`\n@here\n```"},
		{"crlf and controls", "a\r\nb\tc\x00\u202e", "```\na\nb    c \n```"},
		{"blank", " \n\t", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := digestContent(tt.text); got != tt.want {
				t.Errorf("digestContent(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	long := strings.Repeat("Ain al-Asad Air Base  3  (+2)\n", 100)
	got := digestContent(long)
	if utf8.RuneCountInString(got) > MaxContent || !strings.HasPrefix(got, "```\n") || !strings.HasSuffix(got, "…\n```") {
		t.Errorf("long text: %d characters, ends %q", utf8.RuneCountInString(got), got[len(got)-20:])
	}
}
