package digest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("chart does not decode as PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != ChartWidth || b.Dy() != ChartHeight {
		t.Fatalf("chart is %dx%d, want %dx%d", b.Dx(), b.Dy(), ChartWidth, ChartHeight)
	}
	return img
}

// countColor counts the pixels of exactly colour c (opaque).
func countColor(t *testing.T, img image.Image, c color.RGBA) int {
	t.Helper()
	var pix []byte
	switch m := img.(type) {
	case *image.RGBA:
		pix = m.Pix
	case *image.NRGBA:
		pix = m.Pix
	default:
		t.Fatalf("decoded chart is a %T", img)
	}
	n := 0
	for i := 0; i+3 < len(pix); i += 4 {
		if pix[i] == c.R && pix[i+1] == c.G && pix[i+2] == c.B && pix[i+3] == 0xff {
			n++
		}
	}
	return n
}

func TestChart(t *testing.T) {
	days, err := Days("2026-11-27", ChartDays)
	if err != nil {
		t.Fatal(err)
	}
	var many []Tally
	for i, d := range days {
		for j := range 12 {
			if n := (i + j) % 4; n > 0 {
				many = append(many, Tally{fmt.Sprintf("site-%02d", j), d, n})
			}
		}
	}
	tests := []struct {
		name    string
		tallies []Tally
		colors  []color.RGBA // that must show (a series, the other sites)
		twice   bool         // render again: the output must not change
	}{
		{"two-sites", []Tally{{"ain-al-asad", "2026-11-27", 3}, {"harir", "2026-11-26", 1}, {"harir", "2026-11-01", 9}},
			[]color.RGBA{palette[0], palette[1]}, true},
		{"many-sites", many, []color.RGBA{palette[0], palette[maxSeries-2], otherColor}, false},
		{"nothing", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Chart(days, tt.tallies, names)
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, data)
			for _, c := range tt.colors {
				if n := countColor(t, img, c); n < 100 {
					t.Errorf("colour %v covers %d pixels: its bars are missing", c, n)
				}
			}
			if !tt.twice {
				return
			}
			again, err := Chart(days, tt.tallies, names)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Error("the same input gave two different PNGs")
			}
		})
	}
}

func TestChartErrors(t *testing.T) {
	if _, err := Chart(nil, nil, nil); err == nil {
		t.Error("no days: no error")
	}
	if _, err := Chart([]string{"2026-11-27", "yesterday"}, nil, nil); err == nil {
		t.Error("a bad day: no error")
	}
}

func TestNew(t *testing.T) {
	tallies := []Tally{{"ain-al-asad", "2026-11-27", 3}, {"harir", "2026-11-20", 1}}
	d, err := New("2026-11-27", tallies, names)
	if err != nil {
		t.Fatal(err)
	}
	if d.Quiet || d.Total != 3 {
		t.Errorf("digest: %+v", d)
	}
	decodePNG(t, d.Chart)

	q, err := New("2026-11-28", tallies, names)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Quiet || q.Chart != nil {
		t.Errorf("quiet day: Quiet %v, %d bytes of chart, want a quiet day without chart", q.Quiet, len(q.Chart))
	}
	if _, err := New("2026-13-01", tallies, names); err == nil {
		t.Error("a bad day: no error")
	}
}
