package scraper

import (
	"strings"
	"testing"
	"unicode"
)

// appendCollapsed and letters are the fast forms of strings.Fields and a
// unicode.IsSpace count; they must agree with them on any input.
func FuzzCollapse(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", "  قاعدة   عين\tالأسد:\n ثلاث عمليات  ",
		"no\u00a0break\u2003em\u3000ideographic\u0085next\u1680ogham\u202fnarrow",
		"bad \xff\xfe utf8 \xc2 \xe2\x80 end", "\u200bzero-width is not space",
		"x\r\ny\v\fz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		if got := string(appendCollapsed(nil, []byte(s))); got != want {
			t.Errorf("appendCollapsed(%q) = %q, want %q", s, got, want)
		}
		k := 0
		for _, r := range s {
			if !unicode.IsSpace(r) {
				k++
			}
		}
		if got := letters(s); got != k {
			t.Errorf("letters(%q) = %d, want %d", s, got, k)
		}
	})
}
