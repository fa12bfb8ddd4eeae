package extract

import (
	"strings"
	"testing"
)

// TestLexicon keeps lexicon.txt safe to grow: every entry is written in the
// form normalization gives it (else it could never match, or would match
// something other than what it reads), once per section, in a known section.
func TestLexicon(t *testing.T) {
	secs, err := parseLexicon(lexiconFile)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range secs {
		if seen[s.name] {
			t.Errorf("lexicon.txt:%d: section [%s] written twice", s.line, s.name)
		}
		seen[s.name] = true
		inSection := map[string]int{}
		for _, e := range s.entries {
			if prev, ok := inSection[e.key+"\x00"+e.text]; ok {
				t.Errorf("lexicon.txt:%d: [%s] %q already on line %d", e.line, s.name, e.text, prev)
			}
			inSection[e.key+"\x00"+e.text] = e.line
			if rawSections[s.name] {
				continue
			}
			if norm := strings.Join(normalizeWords(e.text), " "); norm != e.text {
				t.Errorf("lexicon.txt:%d: [%s] %q normalizes to %q: write it so", e.line, s.name, e.text, norm)
			}
		}
	}
	if _, err := loadLexicon(lexiconFile); err != nil {
		t.Fatal(err)
	}
}

// TestLexiconErrors: a broken edit of lexicon.txt names its line.
func TestLexiconErrors(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"hit\n", "lexicon.txt:1: an entry before the first [section]"},
		{"[cue]\nhit\n[colours]\nred\n", `lexicon.txt:4: [colours] "red": unknown section`},
		{"[numbers]\nthree\n", `lexicon.txt:2: [numbers] wants "key: entry | entry"`},
		{"[numbers]\nthree: three\n", `lexicon.txt:2: [numbers] "three": key "three": want a positive number`},
	} {
		_, err := loadLexicon(tt.text)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.text, err, tt.want)
		}
	}
}
