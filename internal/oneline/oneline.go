// Package oneline makes scraped text safe to show on one line, wherever
// raqib shows it: Discord messages, the digest's table, the console.
package oneline

import (
	"strings"
	"unicode"
)

// Clean returns s on one line: invalid UTF-8 becomes U+FFFD (what JSON
// encoding would do anyway, so counts match), control characters (terminal
// escapes included) and runs of white space become one space, and bidi
// embedding, override and isolate controls go, so that an article cannot
// reverse how a line reads. Marks that Arabic needs (LRM, RLM, ALM, ZWJ,
// ZWNJ) stay.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
