package config

import (
	"flag"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "72h", want: 72 * time.Hour},
		{in: "90d", want: 90 * day},
		{in: "1d12h", want: day + 12*time.Hour},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "2d30m15s", want: 2*day + 30*time.Minute + 15*time.Second},
		{in: "1500ms", want: 1500 * time.Millisecond},
		{in: "-2d", want: -2 * day},
		{in: "0", want: 0},
		{in: " 7d ", want: 7 * day},
		{in: "", err: `"" is not a duration: write a number and a unit, such as "72h", "90d" or "1d12h"`},
		{in: "3 days", err: `"3 days" is not a duration: write a number and a unit, such as "72h", "90d" or "1d12h"`},
		{in: "90", err: `"90" has a number without a unit: write it with one, such as "72h", "90d" or "30s"`},
		{in: "1w", err: `"1w" is not a duration: write a number and a unit, such as "72h", "90d" or "1d12h"`},
		{in: "d", err: `"d" is not a duration: write a number and a unit, such as "72h", "90d" or "1d12h"`},
		{in: "1.2.3d", err: `"1.2.3d" is not a duration: write a number and a unit, such as "72h", "90d" or "1d12h"`},
		{in: "200000d", err: `"200000d" is too long: a duration can be at most about 290 years`},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseDuration(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestDurationString(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{90 * 24 * time.Hour, "90d"},
		{36 * time.Hour, "1d12h"},
		{72 * time.Hour, "3d"},
		{10 * time.Minute, "10m"},
		{90 * time.Second, "1m30s"},
		{2*time.Hour + 30*time.Second, "2h0m30s"},
		{1500 * time.Millisecond, "1.5s"},
		{-25 * time.Hour, "-1d1h"},
	}
	for _, tt := range tests {
		got := Duration(tt.d).String()
		if got != tt.want {
			t.Errorf("Duration(%v).String() = %q, want %q", tt.d, got, tt.want)
		}
		back, err := ParseDuration(got)
		if err != nil || back != tt.d {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", got, back, err, tt.d)
		}
	}
}

func TestDurationFlag(t *testing.T) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var since Duration
	fs.Var(&since, "since", "")
	if err := fs.Parse([]string{"-since", "7d"}); err != nil {
		t.Fatal(err)
	}
	if since != Duration(7*24*time.Hour) {
		t.Errorf("since = %v", since)
	}
}
