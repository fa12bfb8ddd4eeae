// Package gazetteer holds the sites raqib knows: US and coalition bases,
// diplomatic posts and the zones reported beside them in Iraq, Syria and
// Jordan. The data is sites.csv, embedded in the binary; Parse reads the same
// format from any reader so that users can add their own rows.
package gazetteer

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/raqib/raqib"
)

//go:embed sites.csv
var sitesCSV []byte

// header is the column order Parse requires.
var header = []string{"id", "kind", "country", "name_en", "name_ar", "aliases_en", "aliases_ar", "lat", "lon", "notes"}

// AliasSep separates the aliases inside the aliases_en and aliases_ar columns.
const AliasSep = " | "

// notUSMarker in the notes of a zone row marks it as never being a target.
const notUSMarker = "not a us site"

// Default returns the embedded gazetteer. Each call parses the data again and
// returns a fresh slice, so callers may modify it freely.
func Default() []raqib.Site {
	sites, err := Parse(bytes.NewReader(sitesCSV))
	if err != nil {
		// The embedded file is tested; a failure here is a build defect.
		panic("gazetteer: embedded sites.csv: " + err.Error())
	}
	return sites
}

// Parse reads a gazetteer in the sites.csv format: a header row with the
// columns id, kind, country, name_en, name_ar, aliases_en, aliases_ar, lat,
// lon, notes, then one row per site. Errors name the line and, where it
// applies, the column.
func Parse(r io.Reader) ([]raqib.Site, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, to give a clearer message
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("gazetteer: line 1: empty input, want a header row")
	}
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	if len(rec) > 0 {
		rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
	}
	if len(rec) != len(header) {
		return nil, fmt.Errorf("gazetteer: line 1: header has %d columns, want %d (%s)", len(rec), len(header), strings.Join(header, ","))
	}
	for i, h := range header {
		if strings.TrimSpace(strings.ToLower(rec[i])) != h {
			return nil, fmt.Errorf("gazetteer: line 1, column %d: header %q, want %q", i+1, rec[i], h)
		}
	}
	var sites []raqib.Site
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("gazetteer: line %d: %d columns, want %d", line, len(rec), len(header))
		}
		s, col, err := parseRow(rec)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: line %d, column %d (%s): %w", line, col+1, header[col], err)
		}
		if prev, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("gazetteer: line %d, column 1 (id): duplicate id %q (first on line %d)", line, s.ID, prev)
		}
		seen[s.ID] = line
		sites = append(sites, s)
	}
	return sites, nil
}

var kinds = map[string]bool{
	raqib.KindBase: true, raqib.KindEmbassy: true, raqib.KindConsulate: true,
	raqib.KindAirport: true, raqib.KindZone: true, raqib.KindOilfield: true,
}

// parseRow converts one record; on error it returns the offending column.
func parseRow(rec []string) (raqib.Site, int, error) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	s := raqib.Site{
		ID: rec[0], Kind: rec[1], Country: rec[2],
		NameEN: rec[3], NameAR: rec[4],
		AliasesEN: splitAliases(rec[5]), AliasesAR: splitAliases(rec[6]),
		Notes: rec[9],
	}
	if !validID(s.ID) {
		return s, 0, fmt.Errorf("id %q: want lower-case letters, digits and hyphens", s.ID)
	}
	if !kinds[s.Kind] {
		return s, 1, fmt.Errorf("kind %q: want base, embassy, consulate, airport, zone or oilfield", s.Kind)
	}
	if len(s.Country) != 2 || strings.ToUpper(s.Country) != s.Country {
		return s, 2, fmt.Errorf("country %q: want an ISO 3166-1 alpha-2 code", s.Country)
	}
	if s.NameEN == "" {
		return s, 3, errors.New("empty name_en")
	}
	if s.NameAR == "" {
		return s, 4, errors.New("empty name_ar")
	}
	var err error
	if s.Lat, err = parseCoord(rec[7], 90); err != nil {
		return s, 7, fmt.Errorf("lat: %w", err)
	}
	if s.Lon, err = parseCoord(rec[8], 180); err != nil {
		return s, 8, fmt.Errorf("lon: %w", err)
	}
	s.NotUSSite = s.Kind == raqib.KindZone && strings.Contains(strings.ToLower(s.Notes), notUSMarker)
	return s, 0, nil
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func parseCoord(s string, limit float64) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v < -limit || v > limit {
		return 0, fmt.Errorf("%v out of range [-%v, %v]", v, limit, limit)
	}
	return v, nil
}

// splitAliases splits on " | ". A bare "|" without spaces stays inside an
// alias on purpose: the file's convention is the spaced separator.
func splitAliases(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(s, AliasSep) {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Merge returns sites with extra applied: an extra whose ID is already a
// site adds its aliases to it; any other extra is a new site. sites is not
// modified.
func Merge(sites, extra []raqib.Site) []raqib.Site {
	out := make([]raqib.Site, len(sites), len(sites)+len(extra))
	copy(out, sites)
	index := make(map[string]int, len(out))
	for i, s := range out {
		index[s.ID] = i
	}
	for _, e := range extra {
		i, ok := index[e.ID]
		if !ok {
			index[e.ID] = len(out)
			out = append(out, e)
			continue
		}
		s := &out[i]
		s.AliasesEN = append(append([]string(nil), s.AliasesEN...), e.AliasesEN...)
		s.AliasesAR = append(append([]string(nil), s.AliasesAR...), e.AliasesAR...)
	}
	return out
}
