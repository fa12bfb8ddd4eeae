package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration that is written like Go's ("72h", "10m30s")
// and also takes d for days of 24 hours ("90d", "1d12h", "1.5d"). It
// implements yaml.Unmarshaler, encoding.TextUnmarshaler and flag.Value, so
// it serves config keys and flags such as `raqib report -since 7d` alike.
type Duration time.Duration

// Duration returns d as a time.Duration.
func (d Duration) Duration() time.Duration { return time.Duration(d) }

// String formats d so that ParseDuration reads it back: whole days as "d",
// zero units left out ("90d", "1d12h", "10m", "1m30s", "0s").
func (d Duration) String() string {
	if d < 0 {
		return "-" + (-d).String()
	}
	const day = Duration(24 * time.Hour)
	var b strings.Builder
	if d >= day {
		b.WriteString(strconv.FormatInt(int64(d/day), 10) + "d")
		d %= day
		if d == 0 {
			return b.String()
		}
	}
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	b.WriteString(s)
	return b.String()
}

// Set parses s with ParseDuration (flag.Value).
func (d *Duration) Set(s string) error {
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// UnmarshalText parses text with ParseDuration.
func (d *Duration) UnmarshalText(text []byte) error { return d.Set(string(text)) }

// MarshalText formats d with String.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalYAML reads a scalar with ParseDuration.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a duration must be a single value such as \"72h\" or \"90d\"", n.Line)
	}
	if err := d.Set(n.Value); err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	return nil
}

// ParseDuration is time.ParseDuration with one more unit, d, for days of 24
// hours: "90d", "1d12h", "1.5d", "-2d". Every number needs a unit, except "0".
func ParseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration: write a number and a unit, such as \"72h\", \"90d\" or \"1d12h\"", s)
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, bad
	}
	neg := false
	if in[0] == '-' || in[0] == '+' {
		neg = in[0] == '-'
		in = in[1:]
	}
	if in == "0" {
		return 0, nil
	}
	var days float64
	var rest strings.Builder
	for in != "" {
		i := 0
		for i < len(in) && (in[i] == '.' || '0' <= in[i] && in[i] <= '9') {
			i++
		}
		j := i
		for j < len(in) && !(in[j] == '.' || '0' <= in[j] && in[j] <= '9') {
			j++
		}
		num, unit := in[:i], in[i:j]
		if num == "" {
			return 0, bad
		}
		if unit == "" {
			return 0, fmt.Errorf("%q has a number without a unit: write it with one, such as \"72h\", \"90d\" or \"30s\"", s)
		}
		if unit == "d" {
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, bad
			}
			days += f
		} else {
			rest.WriteString(num + unit)
		}
		in = in[j:]
	}
	var v time.Duration
	if rest.Len() > 0 {
		var err error
		v, err = time.ParseDuration(rest.String())
		if err != nil {
			return 0, bad
		}
	}
	const maxDays = float64(1<<63-1) / float64(24*time.Hour)
	if days > maxDays || float64(v)+days*float64(24*time.Hour) > float64(1<<63-1) {
		return 0, fmt.Errorf("%q is too long: a duration can be at most about 290 years", s)
	}
	v += time.Duration(days * float64(24*time.Hour))
	if neg {
		v = -v
	}
	return v, nil
}
