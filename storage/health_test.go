package storage

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestHealthy(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	path := db.path
	if err := db.Healthy(ctx); err != nil {
		t.Fatalf("a fresh database: %v", err)
	}

	// A database that takes no write (opened read-only here; a file
	// SQLite could open only for reading fails the same way).
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.Healthy(ctx); err == nil || !strings.Contains(err.Error(), "cannot be written") || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("read-only database: %v, want it cannot be written", err)
	}

	// The file deleted, then another put in its place.
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	if err := db.Healthy(ctx); err == nil || !strings.Contains(err.Error(), "was deleted") {
		t.Errorf("database file deleted: %v", err)
	}
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := db.Healthy(ctx); err == nil || !strings.Contains(err.Error(), "was replaced") {
		t.Errorf("database file replaced: %v", err)
	}
	if err := other.Healthy(ctx); err != nil {
		t.Errorf("the new file's own database: %v", err)
	}
}
