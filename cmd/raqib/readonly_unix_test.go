//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/raqib/raqib/storage"
)

// TestReadOnlyDatabaseRefused: `raqib run` (and `raqib once`) on a database
// file it may only read refuse to start, naming the database, instead of
// starting and failing every pass with "attempt to write a readonly
// database". Root writes whatever a file's mode says, so under root the
// real binary runs as nobody.
func TestReadOnlyDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "raqib.db")
	d, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	// The source is never read: no pass may start.
	if err := os.WriteFile(path, []byte(fmt.Sprintf("database: %s\nsources:\n  - name: a\n    url: http://127.0.0.1:1/news/\n", db)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if os.Geteuid() != 0 {
			code, _, stderr := runMain(t, ctx, "", args...)
			return code, stderr
		}
		if testing.Short() {
			t.Skip("under root: builds the binary to run it as nobody")
		}
		bin, err := buildRaqib()
		if err != nil {
			t.Fatal(err)
		}
		// nobody must reach the binary, the config and the database's
		// folder (writable, as the daemon's folder is: the WAL, the lock).
		for _, p := range []string{filepath.Dir(bin), filepath.Dir(dir)} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), string(out)
	}
	for _, command := range []string{"run", "once"} {
		code, stderr := run(command, "-config", path)
		if code != 1 || !strings.Contains(stderr, "the database "+db+" cannot be written") {
			t.Errorf("%s on a read-only database: exit %d, want 1 and why:\n%s", command, code, stderr)
		}
	}
}
