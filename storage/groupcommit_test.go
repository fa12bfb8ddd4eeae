package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

// Concurrent saves commit in shared transactions and still raise each
// tally step exactly once, with its alert.
func TestSaveArticleConcurrent(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const workers, each = 8, 25
	var mu sync.Mutex
	var alerts []raqib.Alert
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				n := w*each + i
				got, err := db.SaveArticle(ctx, Save{
					Article:   raqib.Article{URL: fmt.Sprintf("https://x.test/%d", n), Source: fmt.Sprintf("s%d", w), Title: "t", Text: "body", Fetched: time.Now()},
					Day:       "2024-01-01",
					Hash:      fmt.Sprint(n),
					Reports:   []raqib.Report{{Site: "ain-al-asad", SiteName: "Ain al-Asad", Attacks: 1 + n%10}},
					Alertable: true,
				})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				alerts = append(alerts, got...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n, err := db.TallyOf(ctx, "ain-al-asad", "2024-01-01"); err != nil || n != 10 {
		t.Fatalf("tally = %d, %v; want 10", n, err)
	}
	seen := map[int]bool{}
	for _, a := range alerts {
		if seen[a.Attacks] || a.Attacks <= a.Previous {
			t.Errorf("alert %+v repeated or not a rise", a)
		}
		seen[a.Attacks] = true
	}
	if n, err := db.PendingCount(ctx); err != nil || n != len(alerts) {
		t.Fatalf("%d alerts pending, %d returned (%v)", n, len(alerts), err)
	}
	// A canceled call is not written.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.SaveArticle(cctx, Save{Article: raqib.Article{URL: "https://x.test/canceled"}, Hash: "h"}); err == nil {
		t.Fatal("canceled save succeeded")
	}
	if _, ok, _ := db.ArticleHash(ctx, "https://x.test/canceled"); ok {
		t.Fatal("canceled save was written")
	}
}
