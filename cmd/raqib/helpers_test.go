package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/raqib/raqib/config"
)

// gatedArticles serves h, telling started when the request for first
// arrives, and answering the request for second only once gate returns: a
// pass in flight that a test catches and holds at a point it chooses.
func gatedArticles(h http.Handler, first string, started chan<- struct{}, second string, gate func()) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case first:
			select {
			case started <- struct{}{}:
			default:
			}
		case second:
			gate()
		}
		h.ServeHTTP(w, r)
	})
}

// logWatch is a log destination that a test can wait on: the daemon's
// stderr, read while it runs.
type logWatch struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newLogWatch() *logWatch { return &logWatch{changed: make(chan struct{})} }

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.changed)
	w.changed = make(chan struct{})
	return w.buf.Write(p)
}

func (w *logWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// Wait waits until the log holds s, for at most timeout (a bound against a
// hung test, not a clock that decides anything), and reports whether it
// came.
func (w *logWatch) Wait(s string, timeout time.Duration) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		found, changed := strings.Contains(w.buf.String(), s), w.changed
		w.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// testApp builds the App of the config yaml (its database in a folder of
// its own, "raqib.db" unless yaml says otherwise) and closes it when the
// test ends. log nil logs through t; console nil discards what the console
// mode prints.
func testApp(t *testing.T, yaml string, log *slog.Logger, console io.Writer) *App {
	t.Helper()
	if log == nil {
		log = testLogger(t)
	}
	if console == nil {
		console = io.Discard
	}
	dir := t.TempDir()
	cfg, err := config.Parse([]byte(yaml), filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg, log, appOptions{console: console})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}
