package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// lockConfig is a config on the database db with the growing site as its
// one source (on its default schedule), listening on listen, with Discord
// when webhook is set.
func lockConfig(t *testing.T, db, listen, webhook, site string) string {
	t.Helper()
	d := ""
	if webhook != "" {
		d = "discord:\n  webhook_url: " + webhook + "\n"
	}
	return writeConfig(t, fmt.Sprintf("database: %s\nlisten: %s\nmax_age: 400d\n%sscraper: {delay: 1ms}\n"+growingSources,
		db, listen, d, site))
}

// TestOneDaemonPerDatabase: a second `raqib run` on a database a daemon
// holds refuses to start, naming the database and the daemon's process;
// once, check, report and digest beside the daemon work, and once leaves
// the alerts it queued to the daemon, so that each is posted once; when the
// daemon stops, another can start.
func TestOneDaemonPerDatabase(t *testing.T) {
	site := &growingSite{now: time.Now().Add(-time.Hour)}
	news := httptest.NewServer(site)
	defer news.Close()
	dc := discordtest.New(t)
	db := filepath.Join(t.TempDir(), "raqib.db")
	addrA, addrB := freeAddr(t), freeAddr(t)
	first := lockConfig(t, db, addrA, dc.WebhookURL(), news.URL)
	second := lockConfig(t, db, addrB, dc.WebhookURL(), news.URL)
	stop := daemon(t, first)
	// The daemon's start-up pass, over a site with no article yet.
	waitHealth(t, addrA, "the start-up pass", func(h healthReport) bool {
		return len(h.Sources) == 1 && !h.Sources[0].LastRun.IsZero()
	})

	// A second daemon on the same database, on another address.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	code, _, stderr := runMain(t, ctx, "", "run", "-config", second)
	if code != 1 {
		t.Errorf("second daemon: exit %d, want 1\n%s", code, stderr)
	}
	for _, want := range []string{"database " + db + " is in use by raqib run (pid " + fmt.Sprint(os.Getpid()), "one daemon per database"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("second daemon's error lacks %q:\n%s", want, stderr)
		}
	}

	// once beside the daemon: its pass stores the new article's alerts
	// and leaves them to the daemon.
	site.count.Add(1) // one article: four alerts, one of them urgent
	code, _, stderr = runMain(t, context.Background(), "", "once", "-config", second)
	if code != 0 {
		t.Errorf("once beside the daemon: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "alerts sent") || !strings.Contains(stderr, "a daemon runs on this database") ||
		!strings.Contains(stderr, fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(stderr, "pending=4") {
		t.Errorf("once beside the daemon should leave its 4 alerts to the daemon, and say so:\n%s", stderr)
	}
	// check, report and digest beside the daemon.
	console := lockConfig(t, db, "", "", news.URL)
	for _, args := range [][]string{
		{"check", "-config", second},
		{"report", "-config", second},
		{"digest", "-config", console, "-chart", "-"},
	} {
		if code, _, stderr := runMain(t, context.Background(), "", args...); code != 0 {
			t.Errorf("%s beside the daemon: exit %d\n%s", args[0], code, stderr)
		}
	}

	// The daemon delivers them (at the latest when it stops), each once.
	code, stderr = stop()
	if code != 0 || !strings.Contains(stderr, "alerts sent") {
		t.Errorf("daemon: exit %d, or it sent nothing:\n%s", code, stderr)
	}
	got := summary(t, dc.Messages())
	want := []string{"Ain al-Asad Air Base 3<-0", "Al-Shaddadi Base 2<-0", "Harir Air Base 1<-0", "URGENT U.S. Embassy Baghdad 1<-0"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("posted %q, want each of %q once", got, want)
	}

	// The daemon is gone: another starts on the database.
	stop = daemon(t, second)
	waitHealth(t, addrB, "a new daemon after the first stopped", func(h healthReport) bool { return len(h.Sources) == 1 })
	if code, stderr := stop(); code != 0 {
		t.Errorf("new daemon: exit %d\n%s", code, stderr)
	}
}

// TestKilledDaemonRestarts: a daemon killed with SIGKILL (the real binary)
// leaves nothing that blocks the next one; while it lived, a second daemon
// was refused, naming its pid.
func TestKilledDaemonRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildRaqib()
	if err != nil {
		t.Fatal(err)
	}
	news := httptest.NewServer(&growingSite{now: time.Now()})
	defer news.Close()
	db := filepath.Join(t.TempDir(), "raqib.db")
	addr := freeAddr(t)
	path := lockConfig(t, db, addr, "", news.URL)
	cmd := exec.Command(bin, "run", "-config", path)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() { cmd.Process.Kill(); <-exited }()
	waitHealth(t, addr, "the daemon up", func(h healthReport) bool { return len(h.Sources) == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	code, _, stderr := runMain(t, ctx, "", "run", "-config", path)
	if want := fmt.Sprintf("is in use by raqib run (pid %d ", cmd.Process.Pid); code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("beside a live daemon: exit %d, want 1 and %q:\n%s", code, want, stderr)
	}

	cmd.Process.Kill()
	<-exited
	stop := daemon(t, path)
	waitHealth(t, addr, "a new daemon after the kill", func(h healthReport) bool { return len(h.Sources) == 1 })
	if code, stderr := stop(); code != 0 {
		t.Errorf("new daemon after the kill: exit %d\n%s", code, stderr)
	}
}

// TestDaemonWaitsForOnce: a daemon that starts while a `raqib once`
// delivers (holding the database's lock) waits for it, then runs.
func TestDaemonWaitsForOnce(t *testing.T) {
	news := httptest.NewServer(&growingSite{now: time.Now()})
	defer news.Close()
	db := filepath.Join(t.TempDir(), "raqib.db")
	addr := freeAddr(t)
	path := lockConfig(t, db, addr, "", news.URL)
	once, err := storage.TryLock(db, storage.RoleOnce) // as raqib once holds it while it delivers
	if err != nil {
		t.Fatal(err)
	}
	defer once.Release()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := newLogWatch()
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"run", "-config", path}, strings.NewReader(""), io.Discard, logs) }()
	if !logs.Wait("waiting for raqib once to finish delivering", 10*time.Second) {
		t.Fatalf("the daemon did not wait for once:\n%s", logs)
	}
	if strings.Contains(logs.String(), "raqib running") {
		t.Fatalf("the daemon ran beside a once that delivers:\n%s", logs)
	}
	once.Release()
	waitHealth(t, addr, "the daemon after once let go", func(h healthReport) bool { return len(h.Sources) == 1 })
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d\n%s", code, logs)
	}
}
