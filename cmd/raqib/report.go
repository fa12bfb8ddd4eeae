package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/raqib/raqib/config"
	"github.com/raqib/raqib/storage"
)

// reportRow is one line of `raqib report`.
type reportRow struct {
	Day     string `json:"day"`
	Site    string `json:"site"`
	Name    string `json:"name"`
	Attacks int    `json:"attacks"`
}

func (e *env) report(ctx context.Context, args []string) error {
	fs := e.flags("report")
	path := fs.String("config", "config.yaml", "config file")
	day := fs.String("day", "", "one day, YYYY-MM-DD")
	since := fs.String("since", "7d", "this many days up to today, e.g. 7d (today and the 6 days before) or 48h")
	format := fs.String("format", "table", "table, csv or json")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Errorf("-format %q: want table, csv or json", *format)}
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	today := time.Now().In(cfg.Location)
	from, to := "", today.Format(time.DateOnly)
	if *day != "" {
		d, err := time.ParseInLocation(time.DateOnly, *day, cfg.Location)
		if err != nil {
			return usageError{fmt.Errorf("-day %q: want YYYY-MM-DD", *day)}
		}
		from, to = d.Format(time.DateOnly), d.Format(time.DateOnly)
	} else {
		dur, err := config.ParseDuration(*since)
		if err != nil || dur <= 0 {
			return usageError{fmt.Errorf("-since %q: want a duration such as 7d or 48h", *since)}
		}
		// "7d" is seven calendar days: today and the six before it.
		days := max(int((dur+24*time.Hour-1)/(24*time.Hour)), 1)
		from = today.AddDate(0, 0, -(days - 1)).Format(time.DateOnly)
	}

	// No database yet is no tally yet: an empty report (and a word on
	// stderr), not an error, and no database file created by reading.
	var tallies []storage.Tally
	if _, err := os.Stat(cfg.Database); errors.Is(err, os.ErrNotExist) {
		e.log.Warn("no database yet: run raqib once or raqib run first", "database", cfg.Database)
	} else {
		db, err := storage.Open(ctx, cfg.Database)
		if err != nil {
			return err
		}
		defer db.Close()
		if tallies, err = db.Tallies(ctx, from, to); err != nil {
			return err
		}
	}
	names := map[string]string{}
	for _, s := range sitesOf(cfg) {
		names[s.ID] = s.NameEN
	}
	rows := make([]reportRow, 0, len(tallies))
	for _, t := range tallies {
		name := names[t.Site]
		if name == "" {
			name = t.Site
		}
		rows = append(rows, reportRow{Day: t.Day, Site: t.Site, Name: name, Attacks: t.Attacks})
	}

	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write([]string{"day", "site", "name", "attacks"})
		for _, r := range rows {
			w.Write([]string{r.Day, r.Site, r.Name, strconv.Itoa(r.Attacks)})
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "DAY\tSITE\tATTACKS\n")
	total := 0
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", r.Day, r.Name, r.Attacks)
		total += r.Attacks
	}
	if from == to {
		fmt.Fprintf(tw, "\t%s\t%d\n", "total", total)
	} else {
		fmt.Fprintf(tw, "\t%s\t%d\n", "total "+from+" to "+to, total)
	}
	return tw.Flush()
}
