package extract

import (
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/raqib/raqib"
)

type siteCount struct {
	Site    string
	Attacks int
	Exact   bool
}

func counts(fs []raqib.Finding) []siteCount {
	out := []siteCount{}
	for _, f := range fs {
		out = append(out, siteCount{f.Site, f.Attacks, f.Exact})
	}
	return out
}

// TestSeed is the project's seed document: the tally list gives the
// per-site counts, seven mortar rounds on the embassy are one attack without
// a stated number, and the national totals and the related-news headline
// about the Green Zone count for nothing.
func TestSeed(t *testing.T) {
	body, err := os.ReadFile("testdata/corpus/01.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := newDefault(t).Extract(string(body), "ar", "")
	want := []siteCount{
		{"kharab-al-jir", 2, true},
		{"erbil-airbase", 1, true},
		{"ain-al-asad", 3, true},
		{"shaddadi", 2, true},
		{"al-omar", 1, true},
		{"conoco", 1, true},
		{"us-embassy-baghdad", 1, false}, // "the first attack on the embassy in more than a year": first in a while, no count
	}
	if g := counts(got.Sites); !reflect.DeepEqual(g, want) {
		t.Errorf("sites:\n got %v\nwant %v", g, want)
	}
	if !got.EmbassyTargeted {
		t.Error("embassy_targeted false")
	}
	if got.Lang != "ar" {
		t.Errorf("lang %q", got.Lang)
	}
	for _, f := range got.Sites {
		if f.Evidence == "" || f.Name == "" {
			t.Errorf("%s: empty evidence or name", f.Site)
		}
	}
	if got.Sites[2].Evidence != "قاعدة عين الأسد: ثلاث عمليات" {
		t.Errorf("ain-al-asad evidence %q", got.Sites[2].Evidence)
	}
	if len(got.Totals) == 0 {
		t.Error("no totals: 'خمس مرات على الأقل' is a campaign aggregate")
	}
	emb := got.Sites[6]
	if !reflect.DeepEqual(emb.Weapons, []string{"mortar"}) || emb.Projectiles != 7 {
		t.Errorf("embassy weapons %v projectiles %d, want [mortar] 7", emb.Weapons, emb.Projectiles)
	}
}

func TestNew(t *testing.T) {
	if _, err := New(nil); err == nil {
		t.Error("New(nil): no error")
	}
	if _, err := New([]raqib.Site{{ID: "a", NameEN: "A"}, {ID: "a", NameEN: "B"}}); err == nil {
		t.Error("duplicate ids: no error")
	}
	if _, err := New([]raqib.Site{{ID: "a"}}); err == nil {
		t.Error("site without names: no error")
	}
	// A user-added site is matched like the gazetteer's own.
	e, err := New([]raqib.Site{{ID: "camp-x", Kind: raqib.KindBase, NameEN: "Camp Xylo", NameAR: "معسكر زايلو"}})
	if err != nil {
		t.Fatal(err)
	}
	got := e.Extract("استهدفت طائرة مسيرة معسكر زايلو فجر اليوم.\nRockets hit Camp Xylo twice on Monday.", "auto", "")
	if g := counts(got.Sites); !reflect.DeepEqual(g, []siteCount{{"camp-x", 2, true}}) {
		t.Errorf("user site: %v", g)
	}
}

func TestLangDetection(t *testing.T) {
	e := newDefault(t)
	tests := []struct{ text, lang, want string }{
		{"استهدفت طائرة مسيرة قاعدة حرير", "auto", "ar"},
		{"A drone targeted Harir air base", "", "en"},
		{"A drone targeted Harir air base", "ar", "ar"},
		{"", "auto", "ar"},
		{"Rockets hit Ain al-Asad (عين الأسد) twice", "auto", "en"},
	}
	for _, tt := range tests {
		if got := e.Extract(tt.text, tt.lang, "").Lang; got != tt.want {
			t.Errorf("Extract(%q, %q).Lang = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

// TestConcurrent runs the extractor from many goroutines (with -race).
func TestConcurrent(t *testing.T) {
	e := newDefault(t)
	body, err := os.ReadFile("testdata/corpus/01.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := e.Extract(string(body), "auto", "")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if got := e.Extract(string(body), "auto", ""); !reflect.DeepEqual(got, want) {
					t.Error("concurrent result differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestNeverNotUSSite(t *testing.T) {
	e := newDefault(t)
	for _, s := range e.sites {
		if !s.NotUSSite {
			continue
		}
		for _, name := range append([]string{s.NameAR, s.NameEN}, s.AliasesEN...) {
			text := "Rockets hit " + name + " three times. استهدف هجومان " + name
			for _, f := range e.Extract(text, "auto", "").Sites {
				if f.Site == s.ID {
					t.Errorf("%s listed for %q", s.ID, name)
				}
			}
		}
	}
}
