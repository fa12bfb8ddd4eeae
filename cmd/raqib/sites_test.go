package main

import (
	"sync"
	"testing"

	"github.com/raqib/raqib/gazetteer"
)

// The extractor is dropped by the last pass to release it, not by the
// first: a pass that starts as another ends keeps the one it found.
func TestLazyExtractorHolds(t *testing.T) {
	l, err := newLazyExtractor(gazetteer.Default())
	if err != nil {
		t.Fatal(err)
	}
	l.hold() // pass A
	first, err := l.get()
	if err != nil {
		t.Fatal(err)
	}
	l.hold()    // pass B starts
	l.release() // pass A ends
	if again, _ := l.get(); again != first {
		t.Error("the extractor was rebuilt while pass B still held it")
	}
	l.release() // pass B ends
	l.mu.Lock()
	dropped := l.ex == nil
	l.mu.Unlock()
	if !dropped {
		t.Error("the extractor is kept after the last hold was released")
	}
	if ex, err := l.get(); err != nil || ex == nil || ex == first {
		t.Errorf("get after the drop: %p, %v; want a new extractor", ex, err)
	}
}

// Passes holding, extracting and releasing at once (run with -race).
func TestLazyExtractorConcurrent(t *testing.T) {
	l, err := newLazyExtractor(gazetteer.Default())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				l.hold()
				ex, err := l.get()
				if err != nil {
					t.Error(err)
				} else if got := ex.Extract("سقط صاروخان على قاعدة عين الأسد", "ar", ""); len(got.Sites) != 1 {
					t.Errorf("extract: %+v", got)
				}
				l.release()
			}
		})
	}
	wg.Wait()
	if l.holders != 0 {
		t.Errorf("%d holds left", l.holders)
	}
}
