package gazetteer

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/raqib/raqib"
)

func TestDefault(t *testing.T) {
	sites := Default()
	if len(sites) < 30 {
		t.Fatalf("Default: %d sites, want the whole gazetteer", len(sites))
	}
	byID := map[string]raqib.Site{}
	for _, s := range sites {
		byID[s.ID] = s
	}
	tests := []struct {
		id        string
		kind      string
		notUS     bool
		aliasEN   string
		aliasAR   string
		nameEN    string
		countryIs string
	}{
		{"us-embassy-baghdad", raqib.KindEmbassy, false, "US embassy compound", "السفارة الأميركية", "U.S. Embassy Baghdad", "IQ"},
		{"ain-al-asad", raqib.KindBase, false, "Ain al-Assad", "عين الأسد", "Ain al-Asad Air Base", "IQ"},
		{"conoco", raqib.KindOilfield, false, "Koniko", "كونوكو", "Conoco Gas Field Base", "SY"},
		{"tower-22", raqib.KindBase, false, "Tower 22", "البرج 22", "Tower 22", "JO"},
		{"baghdad-green-zone", raqib.KindZone, false, "Green Zone", "المنطقة الخضراء", "Baghdad Green Zone", "IQ"},
		{"mayadin", raqib.KindZone, true, "Mayadeen", "الميادين", "Mayadin", "SY"},
		{"al-qaim", raqib.KindZone, true, "Al-Qaim", "القائم", "Al-Qaim", "IQ"},
		{"jazira", raqib.KindZone, true, "Jazira", "الجزيرة السورية", "Jazira Region", "SY"},
		{"hasakah", raqib.KindZone, true, "Hasakah", "الحسكة", "Al-Hasakah", "SY"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no site %q", tt.id)
			}
			if s.Kind != tt.kind || s.NotUSSite != tt.notUS || s.NameEN != tt.nameEN || s.Country != tt.countryIs {
				t.Errorf("got kind=%q notUS=%v name=%q country=%q", s.Kind, s.NotUSSite, s.NameEN, s.Country)
			}
			if !contains(s.AliasesEN, tt.aliasEN) {
				t.Errorf("aliases_en %q lack %q", s.AliasesEN, tt.aliasEN)
			}
			if !contains(s.AliasesAR, tt.aliasAR) {
				t.Errorf("aliases_ar %q lack %q", s.AliasesAR, tt.aliasAR)
			}
		})
	}
	// Every zone that is not the Green Zone is marked as never a target.
	for _, s := range sites {
		if s.Kind == raqib.KindZone && s.ID != "baghdad-green-zone" && !s.NotUSSite {
			t.Errorf("zone %s: NotUSSite false", s.ID)
		}
		if s.Lat == 0 || s.Lon == 0 {
			t.Errorf("%s: missing coordinates", s.ID)
		}
	}
	// Fresh copies: changing one result does not change the next.
	sites[0].AliasesEN[0] = "changed"
	if Default()[0].AliasesEN[0] == "changed" {
		t.Error("Default shares memory between calls")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseGood(t *testing.T) {
	f, err := os.Open("testdata/good.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []raqib.Site{
		{ID: "x-base", Kind: "base", Country: "IQ", NameEN: "X Base", NameAR: "قاعدة إكس",
			AliasesEN: []string{"X base", "Camp X|Y"}, AliasesAR: []string{"قاعدة إكس", "إكس"},
			Lat: 33.1, Lon: 44.2, Notes: `approx, a "quoted" note`},
		{ID: "z-zone", Kind: "zone", Country: "SY", NameEN: "Z Zone", NameAR: "منطقة زد",
			AliasesEN: []string{"Z"}, AliasesAR: []string{"زد"}, Lat: 35, Lon: 40,
			Notes: "Not a US site. A town.", NotUSSite: true},
		{ID: "w-zone", Kind: "zone", Country: "SY", NameEN: "W Zone", NameAR: "منطقة دبليو",
			Lat: 35, Lon: 40, Notes: "Formerly a US site."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"bad-kind.csv", `gazetteer: line 2, column 2 (kind): kind "castle": want base, embassy, consulate, airport, zone or oilfield`},
		{"bad-lat.csv", `gazetteer: line 3, column 8 (lat): lat: "north" is not a number`},
		{"dup-id.csv", `gazetteer: line 3, column 1 (id): duplicate id "x-base" (first on line 2)`},
		{"bad-header.csv", `gazetteer: line 1, column 2: header "type", want "kind"`},
		{"short-row.csv", `gazetteer: line 2: 4 columns, want 10`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, err = Parse(f)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse error:\n got %v\nwant %s", err, tt.want)
			}
		})
	}
	if _, err := Parse(strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("empty input: %v", err)
	}
	if _, err := Parse(strings.NewReader("id,kind\n\"x")); err == nil {
		t.Error("broken quoting: no error")
	}
}

func TestMerge(t *testing.T) {
	base := []raqib.Site{{ID: "harir", NameEN: "Harir Air Base", AliasesAR: []string{"حرير"}}}
	got := Merge(base, []raqib.Site{
		{ID: "harir", AliasesAR: []string{"مطار بشور"}, AliasesEN: []string{"Bashur"}},
		{ID: "new-base", Kind: raqib.KindBase, NameEN: "New Base", AliasesEN: []string{"Camp New"}},
	})
	if len(got) != 2 || got[1].ID != "new-base" {
		t.Fatalf("merged: %+v", got)
	}
	if h := got[0]; len(h.AliasesAR) != 2 || h.AliasesAR[1] != "مطار بشور" || len(h.AliasesEN) != 1 || h.NameEN != "Harir Air Base" {
		t.Errorf("harir after merge: %+v", h)
	}
	if len(base[0].AliasesAR) != 1 {
		t.Errorf("Merge modified its input: %+v", base[0])
	}
}
