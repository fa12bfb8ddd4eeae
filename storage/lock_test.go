package storage

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "raqib.db")
	l, err := TryLock(db, RoleRun)
	if err != nil {
		t.Fatal(err)
	}
	// A second taker (another open file, as another process would have)
	// is refused, and told who holds the lock.
	_, err = TryLock(db, RoleOnce)
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second TryLock: %v, want a *LockedError", err)
	}
	host, _ := os.Hostname()
	if le.Database != db || le.Holder.Role != RoleRun || le.Holder.PID != os.Getpid() || le.Holder.Host != host || le.Holder.Since.IsZero() {
		t.Errorf("holder %+v of %s", le.Holder, le.Database)
	}
	for _, want := range []string{db, fmt.Sprintf("raqib run (pid %d on host %s, since ", os.Getpid(), host)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if l.Stolen() {
		t.Error("a lock in place reported stolen")
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := TryLock(db, RoleOnce)
	if err != nil {
		t.Fatalf("TryLock after Release: %v", err)
	}
	defer l2.Release()
	// A lock file removed, or replaced, is no longer this lock's.
	if err := os.Remove(db + LockSuffix); err != nil {
		t.Fatal(err)
	}
	if !l2.Stolen() {
		t.Error("lock file removed, Stolen() = false")
	}
	if err := os.WriteFile(db+LockSuffix, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !l2.Stolen() {
		t.Error("lock file replaced, Stolen() = false")
	}
}

// TestLockDiesWithHolder: the lock of a process that is killed (no chance to
// release anything) is free at once. The holder is this test binary, run
// again as TestLockHolder.
func TestLockDiesWithHolder(t *testing.T) {
	db := filepath.Join(t.TempDir(), "raqib.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHolder$")
	cmd.Env = append(os.Environ(), "RAQIB_TEST_LOCK_HOLDER="+db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("holder said %q", line)
	}
	_, err = TryLock(db, RoleRun)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != cmd.Process.Pid || le.Holder.Role != RoleRun {
		t.Fatalf("TryLock beside a live holder (pid %d): %v", cmd.Process.Pid, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	l, err := TryLock(db, RoleRun)
	if err != nil {
		t.Fatalf("TryLock after the holder was killed: %v", err)
	}
	l.Release()
}

// TestLockHolder is not a test: TestLockDiesWithHolder runs it in a process
// of its own, which takes the lock, says so and waits to be killed.
func TestLockHolder(t *testing.T) {
	db := os.Getenv("RAQIB_TEST_LOCK_HOLDER")
	if db == "" {
		t.Skip("run by TestLockDiesWithHolder")
	}
	if _, err := TryLock(db, RoleRun); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Hour) // killed long before

}
