package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/raqib/raqib"
)

func TestSiteArticles(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	save := func(url string, hour int, reports ...raqib.Report) {
		t.Helper()
		a := article(url)
		a.Published = time.Date(2026, 11, 27, hour, 0, 0, 0, time.UTC)
		if _, err := db.SaveArticle(ctx, Save{Article: a, Day: "2026-11-27", Hash: url, Reports: reports, Alertable: true}); err != nil {
			t.Fatal(err)
		}
	}
	save("https://a/1", 8, dayReport("harir", "2026-11-26", 1), dayReport("harir", "2026-11-27", 2))
	save("https://a/2", 10, dayReport("al-omar", "2026-11-27", 1))
	save("https://a/3", 9, dayReport("harir", "2026-11-27", 3))
	save("https://a/4", 7, dayReport("harir", "2026-11-25", 1))

	got, err := db.SiteArticles(ctx, "harir", 2)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, a := range got {
		lines = append(lines, fmt.Sprintf("%s %v %d %s", a.URL, a.Days, a.Attacks, a.Published.Format("15")))
	}
	want := []string{"https://a/3 [2026-11-27] 3 09", "https://a/1 [2026-11-26 2026-11-27] 2 08"}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("got %q\nwant %q", lines, want)
	}
	if got, err := db.SiteArticles(ctx, "nowhere", 5); err != nil || len(got) != 0 {
		t.Errorf("unknown site: %v %v", got, err)
	}
}
