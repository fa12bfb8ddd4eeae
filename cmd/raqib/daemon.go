package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/robfig/cron/v3"
)

// How long a stopping daemon waits for the pass in flight, and then for the
// last alerts to go out, before it exits anyway.
const (
	stopPassWait  = 2 * time.Minute
	stopFlushWait = 30 * time.Second
)

func (e *env) run(ctx context.Context, args []string) error {
	fs := e.flags("run")
	path := fs.String("config", "config.yaml", "config file")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	app, err := newApp(ctx, cfg, e.log, appOptions{console: e.stdout})
	if err != nil {
		return err
	}
	defer app.Close()
	return app.Daemon(ctx)
}

// Daemon schedules every source on its cron spec in the configured time zone
// and delivers alerts as they arise, until ctx ends. Then it takes no new
// pass, lets the one in flight finish, flushes pending alerts and returns.
//
// Each source also gets one pass at start, so that a restart does not leave
// a gap as long as the schedule.
func (a *App) Daemon(ctx context.Context) error {
	// Passes run on their own context: a signal stops the schedule, not the
	// pass in flight, which gets stopPassWait to finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	cl := cronLogger{a.log}
	// Recover must be innermost: in robfig/cron v3.0.1 SkipIfStillRunning
	// gives its token back without defer, so a panic that crossed it would
	// leave the job skipped for good.
	c := cron.New(
		cron.WithLocation(a.cfg.Location),
		cron.WithParser(config.NewCronParser()), // what validated is what runs
		cron.WithLogger(cl),
		cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)),
	)
	var ids []cron.EntryID
	for _, src := range a.cfg.Sources {
		id, err := c.AddFunc(src.Schedule, func() {
			if _, err := a.Pass(work, src); err != nil {
				a.log.Error("pass failed", "source", src.Name, "error", err)
			}
		})
		if err != nil { // validated already; this would be a bug
			return fmt.Errorf("source %q: schedule %q: %w", src.Name, src.Schedule, err)
		}
		ids = append(ids, id)
	}

	// Article bodies past the retention period are pruned once a day (and at
	// start, through the same job); tallies and alert history stay.
	pruneID, err := c.AddFunc("17 3 * * *", func() { a.prune(work) })
	if err != nil {
		return fmt.Errorf("prune schedule: %w", err)
	}
	ids = append(ids, pruneID)

	dispatchCtx, stopDispatch := context.WithCancel(work)
	dispatchDone := make(chan struct{})
	go func() {
		defer close(dispatchDone)
		a.dispatcher.Run(dispatchCtx)
	}()

	c.Start()
	a.log.Info("raqib running", "sources", len(ids), "timezone", a.cfg.Location.String(), "notifier", a.notifier.Name())

	// The start-up passes go through the same wrapped jobs, so a scheduled
	// run that comes while one is still going is skipped, not doubled.
	var startup sync.WaitGroup
	startup.Add(1)
	go func() {
		defer startup.Done()
		for _, id := range ids {
			if ctx.Err() != nil {
				return
			}
			c.Entry(id).WrappedJob.Run()
		}
	}()

	<-ctx.Done()
	a.log.Info("stopping: no new passes; waiting for the pass in flight")
	stopped := c.Stop()
	allDone := make(chan struct{})
	go func() {
		<-stopped.Done()
		startup.Wait()
		close(allDone)
	}()
	select {
	case <-allDone:
	case <-time.After(stopPassWait):
		a.log.Warn("pass still running after the stop wait; cancelling it", "waited", stopPassWait)
		cancelWork()
		<-allDone
	}

	stopDispatch()
	<-dispatchDone
	a.flush(context.WithoutCancel(ctx), stopFlushWait)
	a.log.Info("stopped")
	return nil
}

func (a *App) prune(ctx context.Context) {
	cutoff := a.now().Add(-time.Duration(a.cfg.Retention))
	n, err := a.db.PruneBodies(ctx, cutoff)
	if err != nil {
		a.log.Error("prune failed", "error", err)
		return
	}
	if n > 0 {
		a.log.Info("pruned article bodies", "articles", n, "fetched_before", cutoff.Format(time.DateOnly))
	}
}

// cronLogger adapts slog to cron.Logger. cron reports every wake-up at Info,
// which would be noise in a daemon's log; those go to Debug, and a skipped
// run (the previous one still going) is worth a warning.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" {
		l.log.Warn("previous pass still running; skipping this run", kv...)
		return
	}
	l.log.Debug("cron: "+msg, kv...)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
