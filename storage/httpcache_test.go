package storage

import (
	"context"
	"testing"

	"github.com/raqib/raqib"
)

func TestValidators(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, _, ok := db.Validator(ctx, "http://x/1"); ok {
		t.Fatal("validators of a page never read")
	}
	if err := db.SaveValidators(ctx,
		raqib.Validator{URL: "http://x/1", ETag: `"a1"`, LastModified: "Mon, 02 Mar 2026 10:00:00 GMT"},
		raqib.Validator{URL: "http://x/2", ETag: `W/"b"`},
	); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveValidators(ctx, raqib.Validator{URL: "http://x/1", ETag: `"a2"`}); err != nil {
		t.Fatal(err)
	}
	for url, want := range map[string][2]string{"http://x/1": {`"a2"`, ""}, "http://x/2": {`W/"b"`, ""}} {
		etag, lm, ok := db.Validator(ctx, url)
		if !ok || etag != want[0] || lm != want[1] {
			t.Errorf("Validator(%s) = %q, %q, %v; want %q, %q", url, etag, lm, ok, want[0], want[1])
		}
	}
	if err := db.SaveValidators(ctx); err != nil {
		t.Errorf("saving nothing: %v", err)
	}
}
