package commands

import (
	"fmt"
	"strings"

	"github.com/raqib/raqib/alerts/discord"
)

// Render draws an answer as text, the way Discord lays it out: what the
// golden files (and the README's examples) show.
func Render(a discord.Answer) string {
	var b strings.Builder
	if a.Ephemeral {
		b.WriteString("(only you can see this)\n")
	}
	if a.Content != "" {
		b.WriteString(a.Content + "\n")
	}
	for _, e := range a.Embeds {
		bar := "┃ "
		if e.Title != "" {
			b.WriteString(bar + "**" + e.Title + "**\n")
		}
		for _, l := range strings.Split(e.Description, "\n") {
			if l != "" {
				b.WriteString(bar + l + "\n")
			}
		}
		for _, f := range e.Fields {
			b.WriteString(bar + "▸ " + f.Name + "\n")
			for _, l := range strings.Split(f.Value, "\n") {
				b.WriteString(bar + "    " + l + "\n")
			}
		}
		if e.Image != nil {
			b.WriteString(bar + "[image: " + e.Image.URL + "]\n")
		}
		if e.Footer.Text != "" {
			b.WriteString(bar + e.Footer.Text + "\n")
		}
	}
	for _, f := range a.Files {
		fmt.Fprintf(&b, "📎 %s (%s)\n", f.Name, f.ContentType)
	}
	return b.String()
}
