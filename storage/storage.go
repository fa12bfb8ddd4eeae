// Package storage keeps raqib's state in SQLite: the articles read, the
// reports extracted from them, the tallies per site and day, and the alert
// outbox. It is the only package that knows SQL.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open raqib database. Its methods are safe for concurrent use.
type DB struct {
	db    *sql.DB
	stmts stmts // prepared once, see stmts.go

	// The group commit of SaveArticle: queue holds the calls waiting,
	// writing is true while a caller writes batches.
	wmu     sync.Mutex
	queue   []*saveReq
	writing bool
	// Now is the clock; tests replace it.
	Now func() time.Time

	// path and file are the database's path and the file it named when it
	// was opened, for CheckFile.
	path string
	file os.FileInfo
}

// cacheKiB is SQLite's page cache, in KiB (its default is 2,000). The pure-Go
// SQLite's allocator keeps what it has taken from the system for reuse, so
// the cache's high-water mark stays resident for the daemon's whole life,
// idle or not. A pass's transaction touches the tables' rightmost pages and
// a few index pages; the rest comes from the OS page cache (WAL mode), so a
// smaller cache costs no measurable throughput (scripts/bench.sh) and saves
// about 2 MiB of idle RSS (scripts/idle.sh).
const cacheKiB = 512

// Open opens (creating if needed) the SQLite database at path and applies
// any migrations it has not seen yet. Every connection gets WAL mode, a busy
// timeout and foreign keys through the DSN, because a PRAGMA run once on one
// connection of the pool would not reach the others.
func Open(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate") // writers take the lock up front: no upgrade deadlocks
	return open(ctx, path, q, (*DB).migrate)
}

// OpenReadOnly opens an existing database for reading: no migration runs and
// every write fails (PRAGMA query_only), so that a command which promises to
// store nothing (raqib check) cannot change the file. A database whose
// schema is older than this raqib's is refused with what to do.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "query_only(1)")
	q.Set("mode", "rw") // an existing file only: never create one
	return open(ctx, path, q, (*DB).checkSchema)
}

// open opens path with the DSN parameters q, a busy timeout (first, so
// that it covers the other pragmas) and the page cache, runs setup (migrate,
// or check the schema) and prepares the statements.
func open(ctx context.Context, path string, q url.Values, setup func(*DB, context.Context) error) (*DB, error) {
	q["_pragma"] = append([]string{"busy_timeout(10000)"}, q["_pragma"]...)
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
	sqlDB, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	// SQLite has one writer; one connection keeps writes serialized in Go
	// instead of in busy-wait loops, and is plenty for this load.
	sqlDB.SetMaxOpenConns(1)
	db := &DB{db: sqlDB, Now: time.Now, path: path}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db.file, _ = os.Stat(path) // SQLite has the file open now; nil: no file to watch
	if err := setup(db, ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: %s: %w", path, err)
	}
	if err := db.prepare(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: %s: %w", path, err)
	}
	return db, nil
}

// checkSchema fails unless every embedded migration has been applied.
func (db *DB) checkSchema(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	var applied int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
		return fmt.Errorf("not a raqib database, or unreadable: %w", err)
	}
	if applied < len(names) {
		return fmt.Errorf("the database is from an older raqib (%d of %d migrations applied): run `raqib once` or `raqib run` once to upgrade it", applied, len(names))
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.closeStmts()
	return db.db.Close()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

// migrate applies, in order, each embedded migration not yet recorded in
// schema_migrations, each in its own transaction together with its record.
func (db *DB) migrate(ctx context.Context) error { return db.migrateTo(ctx, 0) }

// migrateTo is migrate up to version last included (0: all). Tests build
// the databases of older raqibs with it.
func (db *DB) migrateTo(ctx context.Context, last int) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: %s: name must start with a version number", base)
		}
		if last > 0 && version > last {
			break
		}
		if err := db.apply(ctx, version, name); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, version int, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
		version, strings.TrimPrefix(name, "migrations/"), formatTime(db.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Times are stored as RFC 3339 text in UTC: readable in the sqlite3 shell,
// and ordered correctly as strings.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
