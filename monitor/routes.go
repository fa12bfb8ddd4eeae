package monitor

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"
)

// DefaultRoute names the route of the discord: block in /healthz and the
// metrics (raqib.DefaultRoute; monitor imports nothing of raqib's).
const DefaultRoute = "default"

// RouteStatus is what /healthz says about one route: its deliveries in the
// outbox by state (read from the database when asked), and how its last
// attempts went.
type RouteStatus struct {
	Name                string    `json:"name"`
	Pending             int       `json:"pending"`
	Sent                int       `json:"sent"`
	Failed              int       `json:"failed"`
	LastSent            time.Time `json:"last_sent,omitzero"`
	LastError           string    `json:"last_error,omitempty"`
	LastErrorAt         time.Time `json:"last_error_at,omitzero"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
}

// routeMetrics are one route's delivery counters and status. Like a
// source's, they outlive the route's removal by a reload.
type routeMetrics struct {
	ok, failed uint64
	latency    histogram
	status     RouteStatus
}

// TrackRoutes declares the routes alerts go out by (the default one among
// them): /healthz lists them in this order, and their series appear, at
// zero, before their first delivery. Removed ones leave /healthz.
func (m *Monitor) TrackRoutes(names []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.routeOrder = slices.Clone(names)
	for _, n := range names {
		m.routeLocked(n)
	}
}

func (m *Monitor) routeLocked(name string) *routeMetrics {
	r := m.perRoute[name]
	if r == nil {
		r = &routeMetrics{latency: newHistogram(latencyBuckets), status: RouteStatus{Name: name}}
		m.perRoute[name] = r
	}
	return r
}

// Delivered records one delivery attempt, on route, of a message carrying
// alerts queued at the given times; on success, each alert's latency.
func (m *Monitor) Delivered(route string, queued []time.Time, now time.Time, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.routeLocked(route)
	if err != nil {
		r.failed++
		r.status.LastError, r.status.LastErrorAt = err.Error(), now
		r.status.ConsecutiveFailures++
		return
	}
	r.ok++
	r.status.LastSent = now
	r.status.ConsecutiveFailures = 0
	for _, q := range queued {
		if !q.IsZero() {
			r.latency.observe(now.Sub(q).Seconds())
		}
	}
}

// Routes returns the status of every route tracked, in TrackRoutes' order,
// with its deliveries counted by the database (when it answers).
func (m *Monitor) Routes(ctx context.Context) []RouteStatus {
	var counts map[string]map[string]int
	if m.counter != nil {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		counts, _ = m.counter.DeliveryCounts(ctx) // a failing database is /healthz's "database"
		cancel()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]RouteStatus, 0, len(m.routeOrder))
	for _, n := range m.routeOrder {
		s := m.routeLocked(n).status
		s.Pending, s.Sent, s.Failed = counts[n]["pending"], counts[n]["sent"], counts[n]["failed"]
		out = append(out, s)
	}
	return out
}

// routeNames are the routes with metrics, the default first, then by
// name. m.mu must be held.
func (m *Monitor) routeNamesLocked() []string {
	names := make([]string, 0, len(m.perRoute))
	for n := range m.perRoute {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == DefaultRoute:
			return -1
		case b == DefaultRoute:
			return 1
		case a < b:
			return -1
		}
		return 1
	})
	return names
}

// writeRouteMetrics writes the delivery counters and latencies, by route.
// m.mu must be held.
func (m *Monitor) writeRouteMetricsLocked(w io.Writer) {
	names := m.routeNamesLocked()
	family(w, "raqib_alert_deliveries_total", "counter", "Delivery attempts of alert messages, by route and result (ok, error).")
	for _, n := range names {
		r := m.perRoute[n]
		fmt.Fprintf(w, "raqib_alert_deliveries_total{result=\"error\",route=\"%s\"} %d\n", escapeLabel(n), r.failed)
		fmt.Fprintf(w, "raqib_alert_deliveries_total{result=\"ok\",route=\"%s\"} %d\n", escapeLabel(n), r.ok)
	}
	family(w, "raqib_alert_delivery_latency_seconds", "histogram", "From an alert being queued to its route's destination accepting it.")
	for _, n := range names {
		m.perRoute[n].latency.write(w, "raqib_alert_delivery_latency_seconds", `route="`+escapeLabel(n)+`",`)
	}
}

// writeDeliveryCounts writes the outbox's deliveries by route and state,
// and the default route's as raqib_alerts (every alert is the default
// route's, so those are the alerts by state).
func writeDeliveryCounts(w io.Writer, counts map[string]map[string]int, routes []string) {
	states := []string{"failed", "pending", "sent"}
	family(w, "raqib_alerts", "gauge", "Alerts in the outbox, by state (pending, sent, failed) of their delivery on the default route.")
	for _, state := range states {
		fmt.Fprintf(w, "raqib_alerts{state=%q} %d\n", state, counts[DefaultRoute][state])
	}
	for n := range counts { // routes removed by a reload, with deliveries left
		if !slices.Contains(routes, n) {
			routes = append(routes, n)
		}
	}
	family(w, "raqib_deliveries", "gauge", "Deliveries in the outbox, one per alert and route it goes to, by route and state (pending, sent, failed).")
	for _, n := range routes {
		for _, state := range states {
			fmt.Fprintf(w, "raqib_deliveries{route=\"%s\",state=%q} %d\n", escapeLabel(n), state, counts[n][state])
		}
	}
}
