package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Healthy reports whether the database is one raqib can work with: it
// answers, its path still names the file that was opened (CheckFile), and
// it takes a write (CheckWritable). /healthz asks it, and `raqib run`
// before it starts.
func (db *DB) Healthy(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return fmt.Errorf("storage: %s does not answer: %w", db.path, err)
	}
	if err := db.CheckFile(); err != nil {
		return err
	}
	return db.CheckWritable(ctx)
}

// CheckFile reports an error when the database's path no longer names the
// file that was opened (same device and inode): the file was deleted or
// replaced under the open database. SQLite goes on writing to the file it
// has open, which no later process will ever read.
func (db *DB) CheckFile() error {
	if db.file == nil {
		return nil
	}
	now, err := os.Stat(db.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("storage: the database file %s was deleted while raqib had it open: what raqib stores now is lost; restart raqib", db.path)
	case err != nil:
		return fmt.Errorf("storage: the database file %s: %w", db.path, err)
	case !os.SameFile(now, db.file):
		return fmt.Errorf("storage: the database file %s was replaced by another file while raqib had the old one open: what raqib stores now goes to the old one; restart raqib", db.path)
	}
	return nil
}

// CheckWritable reports whether the database takes a write. It commits a
// change that changes nothing (the header's user_version, written back as
// it was read), so it fails as a pass's writes would: on a file SQLite
// could open only for reading, a read-only file system, a full disk.
func (db *DB) CheckWritable(ctx context.Context) error {
	var v int64
	err := db.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	if err == nil {
		_, err = db.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v))
	}
	if err != nil {
		return fmt.Errorf("storage: the database %s cannot be written: %w", db.path, err)
	}
	return nil
}
