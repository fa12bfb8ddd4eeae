package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/raqib/raqib"
)

// The labelled corpus of testdata/cases (see its README): articles written
// for this project from real reporting, labelled by labels.md, split into a
// train part (looked at case by case) and a test part (split.txt, committed
// with its labels before the extractor first ran on it, never tuned to).

// caseLabel is one line of a batch's labels.jsonl.
type caseLabel struct {
	ID              string       `json:"id"`
	Lang            string       `json:"lang"`
	Date            string       `json:"date"`
	Targets         []caseTarget `json:"targets"`
	EmbassyTargeted bool         `json:"embassy_targeted"`
	Phenomena       []string     `json:"phenomena"`
	Provenance      string       `json:"provenance"`
	dir             string
}

// caseTarget is one attacked site of a label.
type caseTarget struct {
	Site    string           `json:"site"`
	Attacks int              `json:"attacks"`
	Exact   bool             `json:"exact"`
	Days    []raqib.DayCount `json:"days"`
	Total   *struct {
		Attacks int    `json:"attacks"`
		Since   string `json:"since"`
	} `json:"total"`
}

// loadCases reads every batch of testdata/cases and the test part's ids.
func loadCases(t testing.TB) (cases []caseLabel, test map[string]bool) {
	t.Helper()
	const root = "testdata/cases"
	batches, err := filepath.Glob(filepath.Join(root, "*", "labels.jsonl"))
	if err != nil || len(batches) == 0 {
		t.Fatalf("no batches in %s: %v", root, err)
	}
	for _, b := range batches {
		f, err := os.Open(b)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var l caseLabel
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatalf("%s:%d: %v", b, n, err)
			}
			l.dir = filepath.Dir(b)
			cases = append(cases, l)
		}
		f.Close()
	}
	data, err := os.ReadFile(filepath.Join(root, "split.txt"))
	if err != nil {
		t.Fatal(err)
	}
	test = map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			test[line] = true
		}
	}
	return cases, test
}

// corpusScore extends score with counts and days.
type corpusScore struct {
	score
	countOK       int // attacks right, exact or not
	daysOK, daysN int // days right, of the matched sites
}

func (s corpusScore) counts() float64 { return ratio(s.countOK, s.exactAll) }
func (s corpusScore) days() float64   { return ratio(s.daysOK, s.daysN) }

func (s corpusScore) String() string {
	return fmt.Sprintf("articles=%d P=%.3f R=%.3f F1=%.3f counts=%.3f (%d/%d) exact=%.3f days=%.3f (%d/%d) embassy=%.3f",
		s.articles, s.precision(), s.recall(), s.f1(), s.counts(), s.countOK, s.exactAll, s.exact(),
		s.days(), s.daysOK, s.daysN, s.embassy())
}

// scoreCase scores one case into s and returns the problems found.
func scoreCase(s *corpusScore, l caseLabel, got raqib.Extraction) []string {
	var problems []string
	gotBy := map[string]raqib.Finding{}
	for _, f := range got.Sites {
		gotBy[f.Site] = f
	}
	for _, w := range l.Targets {
		g, ok := gotBy[w.Site]
		if !ok {
			s.fn++
			problems = append(problems, fmt.Sprintf("missed %s:%d%s", w.Site, w.Attacks, exactMark(w.Exact)))
			continue
		}
		delete(gotBy, w.Site)
		s.tp++
		s.exactAll++
		switch {
		case g.Attacks != w.Attacks:
			problems = append(problems, fmt.Sprintf("%s %d%s want %d%s", w.Site, g.Attacks, exactMark(g.Exact), w.Attacks, exactMark(w.Exact)))
		case g.Exact != w.Exact:
			s.countOK++
			problems = append(problems, fmt.Sprintf("%s exact %v want %v", w.Site, g.Exact, w.Exact))
		default:
			s.countOK++
			s.exactOK++
		}
		s.daysN++
		if gd, wd := fmtDays(g.Days), fmtDays(w.Days); gd == wd {
			s.daysOK++
		} else {
			problems = append(problems, fmt.Sprintf("%s days %s want %s", w.Site, gd, wd))
		}
	}
	var extra []string
	for id, f := range gotBy {
		extra = append(extra, fmt.Sprintf("%s:%d%s", id, f.Attacks, exactMark(f.Exact)))
	}
	sort.Strings(extra)
	for _, x := range extra {
		s.fp++
		problems = append(problems, "spurious "+x)
	}
	s.articles++
	if got.EmbassyTargeted == l.EmbassyTargeted {
		s.embassyOK++
	} else {
		problems = append(problems, fmt.Sprintf("embassy_targeted %v", got.EmbassyTargeted))
	}
	return problems
}

// fmtDays writes days as "2024-01-02:1,2024-01-03:2" (exactness aside:
// the count of a day is what raises a tally).
func fmtDays(ds []raqib.DayCount) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s:%d", d.Day, d.Attacks))
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ",")
}

// corpusPart scores the cases of one part (test or train), overall and per
// language, with one row per case that is not exactly right.
func corpusPart(t *testing.T, wantTest bool) (all corpusScore, byLang map[string]*corpusScore, rows []string) {
	cases, test := loadCases(t)
	e := newDefault(t)
	byLang = map[string]*corpusScore{"ar": {}, "en": {}}
	for _, l := range cases {
		if test[l.ID] != wantTest {
			continue
		}
		body, err := os.ReadFile(filepath.Join(l.dir, l.ID+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		got := e.Extract(string(body), "auto", l.Date)
		lang := byLang[l.Lang]
		if lang == nil {
			t.Fatalf("%s: lang %q", l.ID, l.Lang)
		}
		p := scoreCase(&all, l, got)
		scoreCase(lang, l, got)
		if len(p) > 0 {
			rows = append(rows, fmt.Sprintf("%s: %s", l.ID, strings.Join(p, "; ")))
		}
	}
	return all, byLang, rows
}

// TestCorpusTrain scores the train part. Its floors guard against
// regressions; -v prints every case that is not exactly right.
func TestCorpusTrain(t *testing.T) {
	all, byLang, rows := corpusPart(t, false)
	t.Logf("train: %v", all)
	t.Logf("train ar: %v", *byLang["ar"])
	t.Logf("train en: %v", *byLang["en"])
	fail := all.f1() < trainFloorF1 || all.counts() < trainFloorCounts || all.embassy() < trainFloorEmbassy
	if fail || testing.Verbose() {
		for _, r := range rows {
			t.Log(r)
		}
	}
	if fail {
		t.Errorf("train part below its floors (F1 %.2f, counts %.2f, embassy %.2f): %v", trainFloorF1, trainFloorCounts, trainFloorEmbassy, all)
	}
}

// TestCorpusTest scores the test part. Its cases are never looked at one
// by one while the extractor is tuned, so the test fails only when a score
// falls below the floor that the first blind run set; then it prints the
// per-case table, and the part, seen, must be retired for a new one
// (RAQIB_TEST_ROWS=1 prints the table for whoever retires it). Issue
// #11's bars (site F1 ≥ 0.95, counts ≥ 0.90, the embassy right on every
// article, in each language) are logged beside the scores: a bar not met
// is the state of the work, not a broken build.
func TestCorpusTest(t *testing.T) {
	all, byLang, rows := corpusPart(t, true)
	t.Logf("test: %v", all)
	fail := false
	for _, lang := range []string{"ar", "en"} {
		s := byLang[lang]
		t.Logf("test %s: %v", lang, *s)
		if s.f1() < issueBarF1 || s.counts() < issueBarCounts || s.embassy() < 1 {
			t.Logf("test %s: below issue #11's bars (F1 %.2f, counts %.2f, embassy 1.00)", lang, issueBarF1, issueBarCounts)
		}
		if s.f1() < testFloorF1 || s.counts() < testFloorCounts || s.embassy() < testFloorEmbassy {
			fail = true
		}
	}
	if fail || os.Getenv("RAQIB_TEST_ROWS") == "1" {
		for _, r := range rows {
			t.Log(r)
		}
	}
	if fail {
		t.Errorf("test part below its floors (F1 %.2f, counts %.2f, embassy %.2f in each language)", testFloorF1, testFloorCounts, testFloorEmbassy)
	}
}

const (
	// Issue #11's bars for the test part, in each language.
	issueBarF1     = 0.95
	issueBarCounts = 0.90

	// The test part's floors sit a little below its first blind run
	// (commit 29712e8: ar F1 0.917 counts 0.780 embassy 0.975, en F1 0.857
	// counts 0.863 embassy 0.925): they catch a regression on unseen
	// reporting; they are not the goal.
	testFloorF1      = 0.84
	testFloorCounts  = 0.76
	testFloorEmbassy = 0.90

	// The train part's floors keep what has been reached there (410
	// cases: F1 0.959, counts 0.906, embassy 0.988, the last four batches
	// added at their first run) from slipping.
	trainFloorF1      = 0.94
	trainFloorCounts  = 0.87
	trainFloorEmbassy = 0.98
)
