package storage

import (
	"context"
	"fmt"

	"github.com/raqib/raqib"
)

// Validator returns the ETag and Last-Modified stored for url. It reports false
// when there are none, or when they cannot be read: the page is then simply
// fetched in full. With SaveValidators, it makes DB the scraper's
// Validators (cmd/raqib hands it over; the compiler checks the fit there).
func (db *DB) Validator(ctx context.Context, url string) (etag, lastModified string, ok bool) {
	err := db.stmts.validator.QueryRowContext(ctx, url).Scan(&etag, &lastModified)
	if err != nil {
		return "", "", false
	}
	return etag, lastModified, true
}

// SaveValidators stores the validators of pages, replacing what each URL had, in one
// transaction.
func (db *DB) SaveValidators(ctx context.Context, vs ...raqib.Validator) error {
	if len(vs) == 0 {
		return nil
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: validators: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO http_cache (url, etag, last_modified, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated = excluded.updated`)
	if err != nil {
		return fmt.Errorf("storage: validators: %w", err)
	}
	defer stmt.Close()
	now := formatTime(db.Now())
	for _, v := range vs {
		if _, err := stmt.ExecContext(ctx, v.URL, v.ETag, v.LastModified, now); err != nil {
			return fmt.Errorf("storage: validators of %s: %w", v.URL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: validators: %w", err)
	}
	return nil
}
