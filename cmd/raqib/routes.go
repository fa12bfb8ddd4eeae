package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/config"
)

// router says which routes of routes: an alert goes to, besides the
// default route that every alert goes to. The daemon, once and check all
// decide by it.
type router struct {
	routes []config.Route
	sites  map[string]raqib.Site
}

// For returns the names of the routes whose filter keeps a, in the config's
// order.
func (r *router) For(a raqib.Alert) []string {
	site, ok := r.sites[a.Site]
	if !ok {
		site = raqib.Site{ID: a.Site} // a site no longer known: only a sites: filter can name it
	}
	var out []string
	for _, rt := range r.routes {
		if rt.Filter().Keeps(site, a.Attacks) {
			out = append(out, rt.Name)
		}
	}
	return out
}

// destination is one route's way out: its notifier, and the dispatcher of
// its outbox, which runs on its own so that one route failing or rate
// limited never holds up another.
type destination struct {
	name       string
	conf       config.Route // as configured; zero for the default route
	notifier   alerts.Notifier
	digests    digestSender // nil: the console's digest (default route) or none (a route without digest: true)
	dispatcher *alerts.Dispatcher

	// While the daemon delivers: the dispatcher's Run, and how to end it.
	cancel context.CancelFunc
	done   chan struct{}
}

// start runs the destination's dispatcher until stop.
func (d *destination) start(ctx context.Context) {
	ctx, d.cancel = context.WithCancel(ctx)
	d.done = make(chan struct{})
	go func() {
		defer close(d.done)
		d.dispatcher.Run(ctx)
	}()
}

// stop ends the dispatcher's Run and waits for it: a message under way is
// finished and recorded first (see alerts.Dispatcher.Run).
func (d *destination) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	d.cancel = nil
}

// destinations are the routes alerts go out by: the default one (the
// discord: block, or the console) and those of routes:, which a reload
// changes. Their methods are safe for concurrent use.
type destinations struct {
	app    *App
	router atomic.Pointer[router]

	mu      sync.Mutex
	list    []*destination  // the default first, then routes: in the config's order
	running context.Context // the daemon's delivery context, while its dispatchers run; nil otherwise
	applied bool            // the config's routes were applied once: later changes are logged
}

// newDestination builds the destination of a route of routes:. Its Discord
// notifier is its own (a session with its own rate limiter), so that its
// 429s are its own.
func (a *App) newDestination(r config.Route, opt appOptions) (*destination, error) {
	dc := routeDiscordConfig(a.cfg, r)
	dc.HTTPClient = opt.httpClient
	n, err := discord.New(dc)
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", r.Name, err)
	}
	d := &destination{name: r.Name, conf: r, notifier: n}
	if r.Digest {
		d.digests = n
	}
	d.dispatcher = a.newDispatcher(r.Name, n, opt)
	return d, nil
}

// newDispatcher is the dispatcher of route's outbox, sending through n.
func (a *App) newDispatcher(route string, n alerts.Notifier, opt appOptions) *alerts.Dispatcher {
	d := alerts.NewDispatcher(a.db.Outbox(route), meter(n, a.mon, route), a.log.With("route", route))
	if opt.minBackoff > 0 {
		d.MinBackoff = opt.minBackoff
	}
	if opt.maxBackoff > 0 {
		d.MaxBackoff = opt.maxBackoff
	}
	return d
}

// routesFor is the Save.Routes of the routes in use.
func (ds *destinations) routesFor(a raqib.Alert) []string { return ds.router.Load().For(a) }

// all returns the destinations in use.
func (ds *destinations) all() []*destination {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return append([]*destination(nil), ds.list...)
}

// Kick tells every route's dispatcher that alerts are waiting. It never
// blocks.
func (ds *destinations) Kick() {
	for _, d := range ds.all() {
		d.dispatcher.Kick()
	}
}

// start runs every route's dispatcher until stop, and those a reload adds.
func (ds *destinations) start(ctx context.Context) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.running = ctx
	for _, d := range ds.list {
		d.start(ctx)
	}
}

// stop ends every dispatcher, each once its message under way is recorded.
func (ds *destinations) stop() {
	ds.mu.Lock()
	ds.running = nil
	list := append([]*destination(nil), ds.list...)
	ds.mu.Unlock()
	var wg sync.WaitGroup
	for _, d := range list {
		wg.Go(d.stop)
	}
	wg.Wait()
}

// Flush flushes every route's outbox at once (see alerts.Dispatcher.Flush),
// each for at most maxWait: a route that fails waits out its own backoff
// while the others deliver. It returns how many alerts went out in all,
// and an error naming each route that left alerts pending.
func (ds *destinations) Flush(ctx context.Context, maxWait time.Duration) (int, error) {
	list := ds.all()
	sent := make([]int, len(list))
	errs := make([]error, len(list))
	var wg sync.WaitGroup
	for i, d := range list {
		wg.Go(func() {
			sent[i], errs[i] = d.dispatcher.Flush(ctx, maxWait)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("route %s: %w", d.name, errs[i])
			}
		})
	}
	wg.Wait()
	total := 0
	for _, n := range sent {
		total += n
	}
	return total, errors.Join(errs...)
}

// apply makes the routes of routes: those of cfg. An unchanged route keeps
// its dispatcher; a changed one is stopped (its message under way finished)
// before its new dispatcher starts on the same outbox, so that no alert is
// ever sent by two dispatchers at once; a removed one stops, and its
// pending alerts stay in the outbox, delivered should a route of that name
// come back. Alerts already queued keep the routes they were queued for;
// the new filters decide for alerts queued from now on.
func (ds *destinations) apply(cfg *config.Config, opt appOptions) error {
	ds.mu.Lock()
	old := map[string]*destination{}
	for _, d := range ds.list[1:] {
		old[d.name] = d
	}
	list := []*destination{ds.list[0]}
	var stop, start []*destination
	for _, r := range cfg.Routes {
		if d, ok := old[r.Name]; ok && reflect.DeepEqual(d.conf, r) {
			list = append(list, d)
			delete(old, r.Name)
			continue
		}
		d, err := ds.app.newDestination(r, opt)
		if err != nil { // validated already: the config of another route is no worse
			ds.mu.Unlock()
			return err
		}
		change := "route added"
		if prev, ok := old[r.Name]; ok {
			stop = append(stop, prev)
			delete(old, r.Name)
			change = "route changed"
		}
		if ds.applied {
			ds.app.log.Info(change, "route", r.Name, "mode", r.Mode(), "digest", r.Digest)
		}
		list = append(list, d)
		start = append(start, d)
	}
	for name, d := range old {
		stop = append(stop, d)
		pending, _ := ds.app.db.Outbox(name).PendingCount(context.Background())
		ds.app.log.Info("route removed; its pending alerts stay in the outbox", "route", name, "pending", pending)
	}
	ds.list = list
	ds.applied = true
	ds.router.Store(&router{routes: cfg.Routes, sites: ds.app.sites})
	running := ds.running
	ds.mu.Unlock()

	var wg sync.WaitGroup
	for _, d := range stop {
		wg.Go(d.stop)
	}
	wg.Wait()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if ds.running != nil && ds.running == running {
		for _, d := range start {
			d.start(running)
		}
	}
	ds.app.mon.TrackRoutes(namesOf(ds.list))
	return nil
}

func namesOf(list []*destination) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.name
	}
	return out
}

// logAttrs describe the routes for the daemon's first line.
func (ds *destinations) logAttrs() slog.Attr {
	var attrs []any
	for _, d := range ds.all() {
		attrs = append(attrs, slog.String(d.name, d.notifier.Name()))
	}
	return slog.Group("routes", attrs...)
}
