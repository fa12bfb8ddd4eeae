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
		{"\uFEFFtitle\u200B with\u2060 invisibles\u180E", "title with invisibles"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"\uFEFFعنوان\u200b الخبر\u2060": "عنوان الخبر",
		"می\u200cخواهم\u200d":           "می\u200cخواهم\u200d",
		"plain  text\n":                 "plain  text\n",
	} {
		if got := StripInvisible(in); got != want {
			t.Errorf("StripInvisible(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer line of text", 10, "a longer…"},
		{"قاعدة عين الأسد", 7, "قاعدة…"},
		{"anything", 0, ""},
	}
	for _, tt := range tests {
		if got := Cut(tt.in, tt.max); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
