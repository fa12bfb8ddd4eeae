package discord

import (
	"context"
	"testing"

	"github.com/raqib/raqib/internal/discordtest"
)

func TestAnnounce(t *testing.T) {
	srv := discordtest.New(t)
	for _, cfg := range []Config{
		{WebhookURL: srv.WebhookURL()},
		{Token: srv.BotToken(), ChannelID: srv.ChannelID(), APIURL: srv.URL},
	} {
		n, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Announce(context.Background(), "source news-ar is failing: @everyone [x](http://evil)"); err != nil {
			t.Fatalf("%s: %v", n.Name(), err)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	for _, m := range msgs {
		if m.PingedEveryone || len(m.PingedRoles) > 0 || m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
			t.Errorf("%s: message pings or lacks allowed_mentions: %+v", m.Mode, m)
		}
		if m.Content == "" || len(m.Embeds) != 0 {
			t.Errorf("%s: content %q, %d embeds", m.Mode, m.Content, len(m.Embeds))
		}
	}
}
