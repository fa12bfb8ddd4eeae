package extract

import "testing"

// TestHeldOut scores articles written after the extractor was tuned on the
// dev corpus (testdata/heldout, 49 articles in 8 batches, labelled before
// each batch was first run), as a check that the rules generalize. First
// runs scored site F1 between 0.91 and 1.00 per batch; each miss was fixed
// by a general rule (never a sentence) and the batch kept as a regression
// test. The floor leaves room for honest relabelling; misses print with -v.
func TestHeldOut(t *testing.T) {
	s, rows := scoreDir(t, "testdata/heldout")
	t.Log(s)
	if testing.Verbose() {
		for _, r := range rows {
			t.Log(r)
		}
	}
	const floorF1, floorExact = 0.95, 0.95
	if s.f1() < floorF1 || s.exact() < floorExact {
		t.Errorf("held-out below its floor: %s", s)
		for _, r := range rows {
			t.Log(r)
		}
	}
}
