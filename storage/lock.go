package storage

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// LockSuffix names a database's lock file: the database's path with it
// added, beside the database (raqib.db.lock).
const LockSuffix = ".lock"

// Roles of the process that holds a database's lock.
const (
	// RoleRun is the daemon: it holds the lock for its whole life, so a
	// second daemon on the same database refuses to start, and it delivers
	// every alert.
	RoleRun = "run"
	// RoleOnce is `raqib once` while it delivers alerts.
	RoleOnce = "once"
)

// Holder is the process that holds a database's lock, as it wrote itself
// into the lock file.
type Holder struct {
	Role  string // RoleRun or RoleOnce; "" when the file says nothing
	PID   int    // in the holder's own PID namespace (its container's)
	Host  string // the holder's host name (a container's id, in Docker)
	Since time.Time
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "another process (its lock file does not say which)"
	}
	return fmt.Sprintf("raqib %s (pid %d on host %s, since %s)", h.Role, h.PID, h.Host, h.Since.Format(time.RFC3339))
}

// LockedError is the error of TryLock on a database whose lock another
// process holds.
type LockedError struct {
	Database string
	Holder   Holder
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("storage: database %s is in use by %s", e.Database, e.Holder)
}

// Lock is a database's lock, held. It is the kernel's lock on an open file
// (flock), so it dies with its process, by a crash or a SIGKILL too: a lock
// left behind never blocks a restart. Processes that share the file share
// the lock, also across containers that mount the same volume on one host.
// On a network file system it is only as good as that file system's locks
// (and SQLite itself wants a local disk there).
type Lock struct {
	f    *os.File
	path string
}

// TryLock takes the lock of the database at path for role, without
// waiting, and writes this process into the lock file (created as needed).
// When another process holds it, the error is a *LockedError naming that
// process.
func TryLock(path, role string) (*Lock, error) {
	lp := path + LockSuffix
	f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("storage: lock %s: %w", path, err)
	}
	held, err := flock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("storage: lock %s: %w", path, err)
	}
	if !held {
		h := readHolder(f)
		f.Close()
		return nil, &LockedError{Database: path, Holder: h}
	}
	host, _ := os.Hostname()
	line := fmt.Sprintf("role=%s pid=%d host=%s since=%s\n", role, os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(line), 0)
	}
	if err != nil {
		f.Close() // and with it the lock
		return nil, fmt.Errorf("storage: lock %s: %w", path, err)
	}
	return &Lock{f: f, path: lp}, nil
}

// readHolder reads who holds the lock of f. The holder writes itself just
// after it takes the lock, so an empty file is read again a few times.
func readHolder(f *os.File) Holder {
	for range 5 {
		buf := make([]byte, 512)
		n, _ := f.ReadAt(buf, 0)
		if h, ok := parseHolder(string(buf[:n])); ok {
			return h
		}
		time.Sleep(10 * time.Millisecond)
	}
	return Holder{}
}

func parseHolder(s string) (Holder, bool) {
	var h Holder
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "role":
			h.Role = v
		case "pid":
			h.PID, _ = strconv.Atoi(v)
		case "host":
			h.Host = v
		case "since":
			h.Since, _ = time.Parse(time.RFC3339, v)
		}
	}
	return h, h.PID != 0
}

// Release lets the lock go (it also goes with the process). The lock file
// stays: removing it could let a process that opened it meanwhile hold a
// lock on a file that no longer has a name, next to one that does.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// Stolen reports whether the lock file is no longer the one this lock holds
// (deleted or replaced), in which case another process could take a lock
// of its own on the new file.
func (l *Lock) Stolen() bool {
	if l == nil || l.f == nil {
		return false
	}
	held, err := l.f.Stat()
	if err != nil {
		return false
	}
	named, err := os.Stat(l.path)
	if err != nil {
		return errors.Is(err, os.ErrNotExist)
	}
	return !os.SameFile(held, named)
}
