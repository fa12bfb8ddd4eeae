package digest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/raqib/raqib"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var testNames = map[string]string{
	"ain-al-asad":        "Ain al-Asad Air Base",
	"harir":              "Harir Air Base",
	"us-embassy-baghdad": "U.S. Embassy Baghdad",
	"erbil-airbase":      "Erbil Air Base",
	"al-tanf":            "Al-Tanf Garrison",
}

func names(id string) string { return testNames[id] }

func TestDays(t *testing.T) {
	got, err := Days("2026-03-02", 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Days = %v, want %v", got, want)
	}
	if _, err := Days("27/11/2026", 4); err == nil || !strings.Contains(err.Error(), `day "27/11/2026"`) {
		t.Errorf("Days of a bad day: err = %v", err)
	}
}

func TestBuild(t *testing.T) {
	tallies := []Tally{
		{"harir", "2026-11-26", 2},
		{"ain-al-asad", "2026-11-26", 1},
		{"ain-al-asad", "2026-11-27", 3},
		{"harir", "2026-11-27", 1},
		{"us-embassy-baghdad", "2026-11-27", 1},
		{"erbil-airbase", "2026-11-26", 2},
		{"al-tanf", "2026-11-20", 5}, // outside the two days
		{"unknown-site", "2026-11-25", 1},
	}
	d := Build("2026-11-27", tallies, names)
	want := Digest{
		Day: "2026-11-27", Previous: "2026-11-26",
		Rows: []Row{
			{"ain-al-asad", "Ain al-Asad Air Base", 3, 1},
			{"harir", "Harir Air Base", 1, 2},
			{"us-embassy-baghdad", "U.S. Embassy Baghdad", 1, 0},
			{"erbil-airbase", "Erbil Air Base", 0, 2},
		},
		Total: 5, PreviousTotal: 5, Sites: 3,
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("Build =\n%+v\nwant\n%+v", d, want)
	}
	if got := d.Rows[0].Change(); got != 2 {
		t.Errorf("Change = %d, want 2", got)
	}

	q := Build("2026-11-28", tallies, nil)
	if !q.Quiet || q.Total != 0 || q.PreviousTotal != 5 || len(q.Rows) != 3 {
		t.Errorf("quiet day: %+v", q)
	}
	if q.Rows[0].Name != "ain-al-asad" {
		t.Errorf("without names the id is shown: %q", q.Rows[0].Name)
	}
}

func TestText(t *testing.T) {
	var many []Tally
	for i := range 30 {
		many = append(many, Tally{fmt.Sprintf("site-%02d", i), "2026-11-27", 1 + i%3})
		if i%4 == 0 {
			many = append(many, Tally{fmt.Sprintf("site-%02d", i), "2026-11-26", 2})
		}
	}
	tests := []struct {
		name    string
		day     string
		tallies []Tally
	}{
		{"normal", "2026-11-27", []Tally{
			{"ain-al-asad", "2026-11-27", 3}, {"ain-al-asad", "2026-11-26", 1},
			{"harir", "2026-11-27", 1}, {"harir", "2026-11-26", 1},
			{"us-embassy-baghdad", "2026-11-27", 1},
			{"erbil-airbase", "2026-11-26", 2},
			{"al-tanf", "2026-11-27", 12}, {"al-tanf", "2026-11-26", 14},
		}},
		{"quiet", "2026-11-27", []Tally{{"harir", "2026-11-26", 2}, {"al-tanf", "2026-11-20", 1}}},
		{"quiet-after-quiet", "2026-11-27", nil},
		{"one-attack", "2026-11-27", []Tally{{"us-embassy-baghdad", "2026-11-27", 1}}},
		{"many-sites", "2026-11-27", many},
		{"control-characters", "2026-11-27", []Tally{{"odd\nsite\u202e\t x", "2026-11-27", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(Build(tt.day, tt.tallies, names))
			golden(t, filepath.Join("testdata", tt.name+".golden"), got)
		})
	}
	t.Run("running-totals", func(t *testing.T) {
		d := Build("2026-11-27", tests[0].tallies, names).WithTotals([]SiteTotal{
			{Site: "al-tanf", RunningTotal: raqib.RunningTotal{Attacks: 60, Since: "2026-10-17", Exact: true}},
			{Site: "harir", RunningTotal: raqib.RunningTotal{Attacks: 9}},
		})
		golden(t, filepath.Join("testdata", "running-totals.golden"), Text(d))
	})
}

// Running totals are context for the sites the digest lists, in its order,
// and change none of its figures.
func TestWithTotals(t *testing.T) {
	d := Build("2026-11-27", []Tally{{"ain-al-asad", "2026-11-27", 3}, {"harir", "2026-11-26", 1}}, names)
	w := d.WithTotals([]SiteTotal{
		{Site: "harir", RunningTotal: raqib.RunningTotal{Attacks: 9, Since: "2026-11-01"}},
		{Site: "harir", RunningTotal: raqib.RunningTotal{Attacks: 7}},    // an older one
		{Site: "al-tanf", RunningTotal: raqib.RunningTotal{Attacks: 40}}, // not in the digest
		{Site: "ain-al-asad", RunningTotal: raqib.RunningTotal{Attacks: 23, Exact: true}},
		{Site: "ain-al-asad", RunningTotal: raqib.RunningTotal{Attacks: 0}},
	})
	want := []SiteTotal{
		{Site: "ain-al-asad", Name: "Ain al-Asad Air Base", RunningTotal: raqib.RunningTotal{Attacks: 23, Exact: true}},
		{Site: "harir", Name: "Harir Air Base", RunningTotal: raqib.RunningTotal{Attacks: 9, Since: "2026-11-01"}},
	}
	if !reflect.DeepEqual(w.Totals, want) {
		t.Errorf("Totals = %+v, want %+v", w.Totals, want)
	}
	w.Totals = nil
	if !reflect.DeepEqual(w, d) {
		t.Errorf("WithTotals changed the digest's figures: %+v, want %+v", w, d)
	}
}

// However many sites and totals, the text fits MaxText, the table whole.
func TestTextBounded(t *testing.T) {
	var tallies []Tally
	var totals []SiteTotal
	long := strings.Repeat("W", 100)
	for i := range 40 {
		site := fmt.Sprintf("%s-%02d", long, i)
		tallies = append(tallies, Tally{site, "2026-11-27", 1000 + i}, Tally{site, "2026-11-26", 5000})
		totals = append(totals, SiteTotal{Site: site, RunningTotal: raqib.RunningTotal{Attacks: 99999, Since: "2026-10-17"}})
	}
	d := Build("2026-11-27", tallies, nil).WithTotals(totals)
	text := Text(d)
	if n := utf8.RuneCountInString(text); n > MaxText {
		t.Errorf("text of %d characters, limit %d", n, MaxText)
	}
	if !strings.Contains(text, "\nTotal ") || !strings.Contains(text, "Running totals:") || !regexp.MustCompile(`\(\d+ more\)$`).MatchString(text) {
		t.Errorf("want the whole table, some totals and how many were left out:\n%s", text)
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("Text differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
