package oneline

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  two\n\nlines\t here ", "two lines here"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"\u202Eevil\u202C text", "evil text"},
		{"\u2067isolated\u2069 text", "isolated text"},
		{"nul\x00byte", "nul byte"},
		{"\x1b[31mred\x1b[0m", "[31mred [0m"},
		{"keep\u200Fmarks\u200C\u200E\u061C\u200D", "keep\u200Fmarks\u200C\u200E\u061C\u200D"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
