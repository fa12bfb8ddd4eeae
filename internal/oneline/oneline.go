// Package oneline makes scraped text safe to show on one line, wherever
// raqib shows it: Discord messages, the digest's table, the console.
package oneline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s on one line: invalid UTF-8 becomes U+FFFD (what JSON
// encoding would do anyway, so counts match), control characters (terminal
// escapes included) and runs of white space become one space, bidi
// embedding, override and isolate controls go, so that an article cannot
// reverse how a line reads, and so do the invisible characters that
// StripInvisible removes. Marks that Arabic needs (LRM, RLM, ALM, ZWJ,
// ZWNJ) stay.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, invisible(r):
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

// invisible reports whether r is a character with no width and no use in
// a line of text: the zero-width space, the byte order mark (zero-width
// no-break space, often left at the start of a title copied from a file),
// the word joiner, the invisible math operators and the Mongolian vowel
// separator. The joiners and marks that Arabic and Persian need (ZWJ,
// ZWNJ, LRM, RLM, ALM) are not among them.
func invisible(r rune) bool {
	return r == 0x200B || r == 0xFEFF || r >= 0x2060 && r <= 0x2064 || r == 0x180E
}

// StripInvisible returns s without the invisible characters (see Clean),
// leaving everything else as it is.
func StripInvisible(s string) string {
	if strings.IndexFunc(s, invisible) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Cut shortens s to at most max characters (runes), ending in an ellipsis
// when it had to cut: a title or a quote shown on one line should not fill
// the screen. It cuts on rune boundaries, so an Arabic letter is never
// split.
func Cut(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n, end := 0, len(s)
	for i := range s {
		if n == max-1 { // keep room for the ellipsis
			end = i
			break
		}
		n++
	}
	return strings.TrimRight(s[:end], " ") + "…"
}
