package main

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"
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
