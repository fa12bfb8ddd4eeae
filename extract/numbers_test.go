package extract

import "testing"

func TestCountPhrases(t *testing.T) {
	tests := []struct {
		text  string
		value int // 0: no count phrase
		exact bool
	}{
		{"هجوم واحد", 1, true},
		{"عملية واحدة", 1, true},
		{"مرة واحدة", 1, true},
		{"هجومان", 2, true},
		{"لهجومين", 2, true},
		{"عمليتين", 2, true},
		{"مرتين", 2, true},
		{"الهجومين", 0, false},
		{"ثلاث هجمات", 3, true},
		{"ثلاثة هجمات", 3, true},
		{"لثلاث هجمات", 3, true},
		{"بأربع عمليات", 4, true},
		{"خمسة هجمات", 5, true},
		{"ست هجمات", 6, true},
		{"سبع مرات", 7, true},
		{"ثماني هجمات", 8, true},
		{"تسع هجمات", 9, true},
		{"عشر هجمات", 10, true},
		{"عشرة هجمات", 10, true},
		{"ثلاثة عشر هجوما", 13, true},
		{"ثلاث وعشرين هجوما", 23, true},
		{"٥ هجمات", 5, true},
		{"۷ هجمات", 7, true},
		{"نحو خمس هجمات", 5, false},
		{"ما لا يقل عن أربع هجمات", 4, false},
		{"لما لا يقل عن عشر هجمات", 10, false},
		{"ثلاث مرات على الأقل", 3, false},
		{"هجومين على الأقل", 2, false},
		{"ثلاثة صواريخ", 0, false},
		{"ثلاثة جنود", 0, false},
		{"عام 2020 لهجوم", 0, false},
		{"one attack", 1, true},
		{"two attacks", 2, true},
		{"three drone attacks", 3, true},
		{"four separate rocket attacks", 4, true},
		{"twice", 2, true},
		{"once", 1, true},
		{"three times", 3, true},
		{"3 times", 3, true},
		{"twenty-one attacks", 21, true},
		{"at least two attacks", 2, false},
		{"about five attacks", 5, false},
		{"more than three attacks", 3, false},
		{"two attacks or more", 2, false},
		{"five mortar rounds", 0, false},
		{"one-way attack drone", 0, false},
		{"the two attacks", 0, false},
		{"three attack drones", 0, false},
		{"a two-drone attack", 0, false},
		{"a five-rocket attack", 0, false},
	}
	for _, tt := range tests {
		ts := postprocess(tokenize(tt.text), tt.text)
		ann := annotate(ts, testVocab())
		var got countPhrase
		found := false
		for i := range ts {
			if c, ok := countAt(ts, ann, i, 0, len(ts), false); ok && !c.ordinal {
				got, found = c, true
				break
			}
		}
		switch {
		case tt.value == 0 && found:
			t.Errorf("%q: count %d, want none", tt.text, got.value)
		case tt.value != 0 && !found:
			t.Errorf("%q: no count, want %d", tt.text, tt.value)
		case found && (got.value != tt.value || got.exact != tt.exact):
			t.Errorf("%q: %d exact=%v, want %d exact=%v", tt.text, got.value, got.exact, tt.value, tt.exact)
		}
	}
}

func TestOrdinals(t *testing.T) {
	tests := []struct {
		text   string
		value  int
		onSite bool
		ofTime bool
	}{
		{"the third attack on Harir", 3, true, false},
		{"the 7th attack on US forces", 7, true, false},
		{"for the second time", 2, false, false},
		{"الهجوم الثالث على القاعدة", 3, true, false},
		{"ثالث هجوم على قاعدة حرير", 3, true, false},
		{"لهجوم ثان", 2, false, true},
		{"لهجوم صاروخي هو الثاني", 2, false, true},
		{"للمرة الرابعة", 4, false, false},
	}
	for _, tt := range tests {
		ts := postprocess(tokenize(tt.text), tt.text)
		ann := annotate(ts, testVocab())
		found := false
		for i := range ts {
			if c, ok := countAt(ts, ann, i, 0, len(ts), false); ok && c.ordinal {
				found = true
				if c.value != tt.value || c.onSite != tt.onSite || c.ofTime != tt.ofTime || c.exact {
					t.Errorf("%q: %+v", tt.text, c)
				}
				break
			}
		}
		if !found {
			t.Errorf("%q: no ordinal", tt.text)
		}
	}
}
