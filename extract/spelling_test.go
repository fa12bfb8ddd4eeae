package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestSpellings(t *testing.T) {
	join := func(vs [][]string) []string {
		var out []string
		for _, v := range vs {
			out = append(out, strings.Join(v, " "))
		}
		return out
	}
	tests := []struct {
		alias       string
		want, never []string
	}{
		{"tal baydar", []string{"tal baidar", "tel beydar", "tell baydar"}, []string{"tal baydar"}},
		{"ain al asad", []string{"ain al assad"}, nil},
		{"al shaddadi", []string{"al shadadi"}, nil},
		{"asad", nil, []string{"assad"}}, // one word: the president's name
	}
	for _, tc := range tests {
		got := join(spellings(strings.Fields(tc.alias)))
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("spellings(%q) lacks %q: %v", tc.alias, w, got)
			}
		}
		for _, w := range tc.never {
			if slices.Contains(got, w) {
				t.Errorf("spellings(%q) has %q", tc.alias, w)
			}
		}
		if len(got) > maxSpellings {
			t.Errorf("spellings(%q): %d variants", tc.alias, len(got))
		}
	}
}
