package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDebug prints the clause analysis of the file in RAQIB_DEBUG.
func TestDebug(t *testing.T) {
	file := os.Getenv("RAQIB_DEBUG")
	if file == "" {
		t.Skip("set RAQIB_DEBUG=path")
	}
	b, _ := os.ReadFile(file)
	e := newDefault(t)
	text := string(b)
	ts := postprocess(tokenize(text), text)
	ann := annotate(ts, e.vocab)
	lines := splitLines(ts)
	skip := relatedLines(ts, lines)
	for li, ln := range lines {
		if skip[li] {
			fmt.Println("SKIP line", li)
			continue
		}
		ms := e.lineMentions(ts, ann, ln, nil, nil)
		tallyLine(ts, ann, ln, ms)
		cls, _ := clauses(ts, ann, ln, nil, nil)
		for _, cl := range cls {
			info := analyzeClause(ts, ann, cl)
			var ws []string
			for i := cl.lo; i < cl.hi; i++ {
				ws = append(ws, ts[i].norm)
			}
			fmt.Printf("L%d [%s]\n   denied=%v bg=%v cues=%v counts=%+v\n", li, strings.Join(ws, " "), info.denied, info.background, info.cues, info.counts)
			for _, m := range ms {
				if m.start >= cl.lo && m.start < cl.hi {
					fmt.Printf("   mention %s %d-%d conj=%v tally=%v anaphor=%v verdict=%d\n", e.sites[m.site].ID, m.start, m.end, m.conj, m.tally, m.anaphor, e.classify(ts, ann, &info, m))
				}
			}
		}
	}
	fmt.Printf("%+v\n", e.Extract(text, "auto", os.Getenv("RAQIB_DAY")))
}
