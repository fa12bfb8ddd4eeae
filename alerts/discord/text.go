package discord

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/raqib/raqib/internal/oneline"
)

// Discord's limits, in characters (code points, which is what Discord
// counts).
const (
	MaxContent     = 2000
	MaxEmbeds      = 10
	MaxTitle       = 256
	MaxDescription = 4096
	MaxFieldName   = 256
	MaxFieldValue  = 1024
	MaxFooter      = 2048
	MaxEmbedTotal  = 6000 // all embeds of a message together
)

const (
	ellipsis = "…"
	zwsp     = "\u200b"
)

// escape makes text literal in Discord markdown: a backslash before every
// character that formats (* _ ~ ` | spoilers, > # - lists and quotes),
// before the brackets of masked links and the < of <...> tags, and before
// the colon of "://" so no bare URL turns into a link. A zero-width space
// after every @ keeps @everyone, @here, <@id> and <@&id> from pinging or
// rendering as mentions, allowed_mentions or not. Input must be clean.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '[', ']', '<', '>', '#':
			b.WriteByte('\\')
		case '-', '+':
			// Lists need the sign at the start of a line; text is one line.
			if i == 0 {
				b.WriteByte('\\')
			}
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
		if r == '@' {
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// runes counts characters as Discord does.
func runes(s string) int { return utf8.RuneCountInString(s) }

// cut shortens s to at most max characters, ending in an ellipsis when it
// had to cut. It cuts on rune boundaries, so Arabic (two bytes a letter) is
// never split, and never leaves a lone backslash that would escape the
// ellipsis or split an escape from the character it escapes.
func cut(s string, max int) string {
	c := oneline.Cut(s, max)
	if c == s || c == "" {
		return c
	}
	head := strings.TrimSuffix(c, ellipsis)
	// An odd run of trailing backslashes ends in half an escape: drop it.
	trailing := len(head) - len(strings.TrimRight(head, `\`))
	if trailing%2 == 1 {
		head = head[:len(head)-1]
	}
	return head + ellipsis
}

// plural writes "1 attack", "3 attacks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
