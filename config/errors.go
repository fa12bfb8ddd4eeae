package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// FieldError is one problem in a configuration: the key path it concerns
// ("sources[1].schedule"), the line of config.yaml it is on (0 when unknown)
// and what is wrong, written for the person editing the file.
type FieldError struct {
	Path string // key path such as "discord.token" or "sources[1].exclude[0]"; "" for the whole file
	Line int    // 1-based line in the file; 0 when unknown
	Msg  string
}

// Error formats the problem as `sources[1].schedule (line 14): msg`,
// `discord.token: msg` when the line is unknown, or `line 3: msg` when no key
// is concerned (a YAML syntax error).
func (e *FieldError) Error() string {
	switch {
	case e.Path != "" && e.Line > 0:
		return fmt.Sprintf("%s (line %d): %s", e.Path, e.Line, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	default:
		return e.Msg
	}
}

// Errors is every problem found in a configuration, in the order of their
// lines (problems without a line come last). It is the error that Parse, Load
// and Config.ValidateAndSetDefaults return when the configuration is invalid.
type Errors []*FieldError

// Error formats the problems one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.As and errors.Is access to each problem.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sortByLine orders problems by line, keeping the order in which they were
// found among equals; problems without a line go last.
func sortByLine(es []*FieldError) {
	key := func(e *FieldError) int {
		if e.Line <= 0 {
			return int(^uint(0) >> 1)
		}
		return e.Line
	}
	slices.SortStableFunc(es, func(a, b *FieldError) int { return cmp.Compare(key(a), key(b)) })
}
