package discord

import (
	"context"

	"github.com/raqib/raqib/internal/oneline"
)

// Announce posts a plain message about raqib itself (a source that stopped
// working, and that it works again): no embed, and like every message,
// allowed_mentions that let nothing in it ping anyone.
func (n *Notifier) Announce(ctx context.Context, text string) error {
	msg := Message{
		Content:         cut(escape(oneline.Clean(text)), MaxContent),
		Embeds:          []Embed{},
		AllowedMentions: AllowedMentions{Parse: []string{}},
	}
	_, err := n.send(ctx, nil, msg)
	return err
}
