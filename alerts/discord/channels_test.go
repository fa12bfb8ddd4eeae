package discord

import (
	"context"
	"testing"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/digest"
	"github.com/raqib/raqib/internal/discordtest"
)

// Two routes in bot mode post the same alerts, as the same bot, to two
// channels. Discord keeps a bot's nonces across its channels, so the
// nonce must tell the channels apart, or the second channel would be
// answered with the first one's message and get nothing.
func TestBotNoncePerChannel(t *testing.T) {
	srv := discordtest.New(t)
	other := srv.AddChannel()
	first := newBot(t, srv, "")
	second, err := New(Config{Token: srv.BotToken(), ChannelID: other, APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	batch := []raqib.Alert{baseAlert()}
	for _, n := range []*Notifier{first, second, first} { // the third is a retry: one message
		if _, err := n.Notify(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	d := testDigest(t)
	for _, n := range []*Notifier{first, second} {
		if _, err := n.SendDigest(ctx, digest.Text(d), d.Chart, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, ch := range []string{srv.ChannelID(), other} {
		if got := srv.MessagesIn(ch); len(got) != 2 {
			t.Errorf("channel %s holds %d messages, want the alert and the digest", ch, len(got))
		}
	}
}
