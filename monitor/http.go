package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Checks are what /healthz asks besides the sources: whether the scheduler
// runs and whether the database answers.
type Checks struct {
	SchedulerRunning func() bool
	Database         func(ctx context.Context) error
	// NextRuns gives each source's next scheduled pass, read from the
	// scheduler when /healthz is asked.
	NextRuns func() map[string]time.Time
}

type healthz struct {
	Status    string         `json:"status"` // ok or unavailable
	Scheduler bool           `json:"scheduler_running"`
	Database  string         `json:"database"` // ok, or the error
	Sources   []SourceStatus `json:"sources"`
	Routes    []RouteStatus  `json:"routes"`
}

// Handler serves /healthz (200 while the scheduler runs and the database
// answers, 503 otherwise, with each source's and each route's status as
// JSON) and /metrics.
// An unhealthy source, or a failing route, does not make /healthz fail: the daemon is still
// doing its job for the others, and the source's state is in the JSON.
func (m *Monitor) Handler(c Checks) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		m.writeMetrics(r.Context(), &buf)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write(buf.Bytes())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		h := healthz{Status: "ok", Database: "ok", Sources: m.Sources(), Routes: m.Routes(ctx)}
		if c.NextRuns != nil {
			next := c.NextRuns()
			for i := range h.Sources {
				h.Sources[i].NextRun = next[h.Sources[i].Name]
			}
		}
		if c.SchedulerRunning != nil {
			h.Scheduler = c.SchedulerRunning()
		}
		if c.Database != nil {
			if err := c.Database(ctx); err != nil {
				h.Database = err.Error()
			}
		}
		code := http.StatusOK
		if !h.Scheduler || h.Database != "ok" {
			h.Status, code = "unavailable", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(h)
	})
	return mux
}
