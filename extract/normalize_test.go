package extract

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestNormalizeWords(t *testing.T) {
	tests := []struct {
		in   string
		want string // normalized words joined by "|"
	}{
		{"قَاعِدَةُ عَيْنِ الأَسَدِ", "قاعده|عين|الاسد"},
		{"قاعـدة الـتـنـف", "قاعده|التنف"},
		{"إربيل أربيل آمرلي ٱلقاعدة", "اربيل|اربيل|امرلي|القاعده"},
		{"الشدادى مسؤول شؤون", "الشدادي|مسوول|شوون"},
		{"٣ هجمات و۴ عمليات", "3|هجمات|و|4|عمليات"},
		{"بـ7 صواريخ", "ب|7|صواريخ"},
		{"الأمريكية الأميركية", "الامريكيه|الاميركيه"},
		{"ﻷربعة", "لاربعه"},
		{"Ain al-Asad's gate", "ain|al|asad|gate"},
		{"U.S. embassy", "us|embassy"},
		{"al-Qa'im", "al|qaim"},
		{"Dêrik Kobanî", "derik|kobani"},
		{"K-1 K1", "k|1|k|1"},
		{"منطقة الـ55 كم", "منطقه|ال|55|كم"},
		{"«السفارة» (بغداد)", "السفاره|بغداد"},
		{"\u200fحرير\u200e", "حرير"},
		{"ھەریر", "ههرير"}, // Kurdish heh, ae and yeh
	}
	for _, tt := range tests {
		if got := strings.Join(normalizeWords(tt.in), "|"); got != tt.want {
			t.Errorf("normalizeWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenSpans(t *testing.T) {
	src := "قاعدة «حرير»: 3 هجمات. U.S. base"
	var got []string
	for _, tk := range postprocess(tokenize(src), src) {
		got = append(got, src[tk.start:tk.end])
	}
	want := []string{"قاعدة", "حرير", ":", "3", "هجمات", ".", "U.S.", "base"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spans %q, want %q", got, want)
	}
}

func TestSentences(t *testing.T) {
	src := "Rockets hit the U.S. Embassy on Oct. 17 at 3.5 km. Then a drone; later more, while others fled? Yes! فيما سقط صاروخ"
	ts := postprocess(tokenize(src), src)
	ann := annotate(ts, testVocab())
	cls, sents := clauses(ts, ann, span{0, len(ts)}, nil, nil)
	var got []string
	for _, c := range cls {
		got = append(got, strings.TrimSpace(src[ts[c.lo].start:ts[c.hi-1].end]))
	}
	want := []string{
		"Rockets hit the U.S. Embassy on Oct. 17 at 3.5 km.",
		"Then a drone;",
		"later more,",
		"while others fled?",
		"Yes!",
		"فيما سقط صاروخ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clauses:\n got %q\nwant %q", got, want)
	}
	if len(sents) != len(cls) {
		t.Fatalf("%d sentences for %d clauses", len(sents), len(cls))
	}
}

func TestRelatedLines(t *testing.T) {
	src := strings.Join([]string{
		"Body sentence one.",    // 0
		"Related",               // 1 header
		"",                      // 2
		"Headline one",          // 3
		"Headline two",          // 4
		"",                      // 5
		"Body goes on here.",    // 6
		"اقرأ أيضاً: عنوان آخر", // 7 inline header
		"وتابع المصدر أن القاعدة.", // 8
	}, "\n")
	ts := tokenize(src)
	lines := splitLines(ts)
	skip := relatedLines(ts, lines)
	want := []bool{false, true, false, true, true, false, false, true, false}
	if !reflect.DeepEqual(skip, want) {
		t.Errorf("skip %v, want %v", skip, want)
	}
}

// testVocab is the vocabulary an Extractor starts from, for tests of
// annotate without one; built on first use, since package variables are
// set before init builds the lexicon.
var testVocab = sync.OnceValue(vocabulary)
