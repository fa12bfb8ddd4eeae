package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

const usage = `raqib watches news sites for attacks on US and coalition sites and alerts Discord.

Usage:
  raqib run      [-config FILE]        the daemon: every source on its schedule until SIGINT/SIGTERM
  raqib once     [-config FILE]        one pass over every source, deliver pending alerts, exit
  raqib validate [-config FILE]        check the config without touching the network or the database
  raqib extract  [-lang ar|en|auto] [FILE]   extract attacks from one article (text or HTML) as JSON
  raqib demo                           the whole pipeline on a bundled sample news site
  raqib version                        version, commit and Go version

-config defaults to config.yaml in the current folder.
`

// Main runs the raqib command line and returns the process's exit status.
// ctx is cancelled on SIGINT/SIGTERM.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, log: log}
	var err error
	switch strings.TrimLeft(cmd, "-") {
	case "run":
		err = env.run(ctx, args)
	case "once":
		err = env.once(ctx, args)
	case "validate":
		err = env.validate(args)
	case "extract":
		err = env.extract(args)
	case "demo":
		err = env.demo(ctx, args)
	case "version":
		err = env.version(args)
	case "help", "h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "raqib: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "raqib %s: %v\n", cmd, err)
		return 2
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "raqib %s: %v\n", cmd, err)
	}
	return 1
}

// env is what every command gets: its streams and logger.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

// errReported is returned by a command that already printed its errors.
var errReported = errors.New("reported")

type usageError struct{ error }

// flags returns a flag set for cmd that reports errors as usage errors
// rather than exiting the process.
func (e *env) flags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet("raqib "+cmd, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{errors.New("help requested")}
		}
		return usageError{err}
	}
	return nil
}
