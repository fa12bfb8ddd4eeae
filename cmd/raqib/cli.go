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
  raqib extract  [-lang ar|en|auto] [-date YYYY-MM-DD] [-config FILE] [FILE]   extract attacks from one article (text or HTML) as JSON
  raqib check    [-config FILE] [-source NAME]   fetch now and show what would be extracted and alerted; stores and sends nothing
  raqib report   [-config FILE] [-day YYYY-MM-DD | -since 7d] [-format table|csv|json]   tallies per site and day
  raqib digest   [-config FILE] [-day YYYY-MM-DD] [-chart FILE]   send the daily digest now (default: today in the config's time zone)
  raqib demo                           the whole pipeline on a bundled sample news site
  raqib version                        version, commit and Go version

-config defaults to config.yaml in the current folder. Every command also
takes -log-format text|json and -log-level debug|info|warn|error.
`

// Main runs the raqib command line and returns the process's exit status.
// ctx is cancelled on SIGINT/SIGTERM.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr, logFormat: "text", logLevel: "info"}
	env.log = newLogger(stderr, env.logFormat, slog.LevelInfo)
	var err error
	switch strings.TrimLeft(cmd, "-") {
	case "run":
		err = env.run(ctx, args)
	case "once":
		err = env.once(ctx, args)
	case "digest":
		err = env.digest(ctx, args)
	case "validate":
		err = env.validate(args)
	case "extract":
		err = env.extract(args)
	case "demo":
		err = env.demo(ctx, args)
	case "check":
		err = env.check(ctx, args)
	case "report":
		err = env.report(ctx, args)
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
	// logFormat and logLevel are the -log-format and -log-level flags that
	// every command takes.
	logFormat, logLevel string
}

// newLogger returns the logger of the -log-format flag: text (key=value, for
// a terminal or journald) or json (for a log collector).
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// errReported is returned by a command that already printed its errors.
var errReported = errors.New("reported")

type usageError struct{ error }

// flags returns a flag set for cmd that reports errors as usage errors
// rather than exiting the process, with the logging flags every command
// takes.
func (e *env) flags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet("raqib "+cmd, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.logFormat, "log-format", e.logFormat, "log format: text or json")
	fs.StringVar(&e.logLevel, "log-level", e.logLevel, "log level: debug, info, warn or error")
	return fs
}

// parse parses args and sets up the logger the flags ask for.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{errors.New("help requested")}
		}
		return usageError{err}
	}
	if e.logFormat != "text" && e.logFormat != "json" {
		return usageError{fmt.Errorf("-log-format %q: want text or json", e.logFormat)}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.logLevel)); err != nil {
		return usageError{fmt.Errorf("-log-level %q: want debug, info, warn or error", e.logLevel)}
	}
	e.log = newLogger(e.stderr, e.logFormat, level)
	return nil
}
