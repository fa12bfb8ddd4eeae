// Command raqib watches Arabic and English news sites for attacks on US and
// coalition sites in Iraq, Syria and Jordan, keeps per-site daily tallies in
// SQLite and posts a Discord alert when a tally rises. See the README for
// the commands and config.yaml for the settings.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, restore the default: a second Ctrl-C
		// stops at once instead of waiting for the pass in flight.
		<-ctx.Done()
		stop()
	}()
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
