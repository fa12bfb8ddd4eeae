package digest

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"slices"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The chart is drawn here, with image/draw and the Go fonts, rather than
// with a plotting library: a stacked bar chart is rectangles and a few
// labels, and gonum/plot, which drew it before, parsed its twelve embedded
// fonts at every start of every raqib command and made up a sixth of the
// binary, for a picture drawn once a day. The Go fonts are parsed only when a
// chart is drawn.

// Size of the chart: 1000x500 pixels, readable at Discord's preview size.
const (
	ChartWidth  = 1000
	ChartHeight = 500
)

// maxSeries is how many sites the chart shows one by one; the others are
// stacked together as "Other sites".
const maxSeries = 8

// palette holds the colours of the sites' series (Tableau 10, which stays
// distinguishable for the common kinds of colour blindness), and other is
// the grey of "Other sites".
var (
	palette = []color.RGBA{
		{0x4e, 0x79, 0xa7, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0xe1, 0x57, 0x59, 0xff}, {0x76, 0xb7, 0xb2, 0xff},
		{0x59, 0xa1, 0x4f, 0xff}, {0xed, 0xc9, 0x48, 0xff}, {0xb0, 0x7a, 0xa1, 0xff}, {0x9c, 0x75, 0x5f, 0xff},
	}
	otherColor = color.RGBA{0xba, 0xb0, 0xac, 0xff}
	gridColor  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	axisColor  = color.RGBA{0x55, 0x55, 0x55, 0xff}
	textColor  = color.RGBA{0x22, 0x22, 0x22, 0xff}
)

// Text sizes in pixels.
const (
	titleSize  = 20
	labelSize  = 15
	legendSize = 15
	totalSize  = 13
)

// series is one stacked part of the bars: a site, or the other sites.
type series struct {
	name   string
	values []int // per day
	total  int
	color  color.RGBA
}

// Chart renders the attacks per site and day over days (oldest first, as
// Days returns them) as stacked bars, one bar a day with its total on top,
// the busiest sites (over the whole window) at the bottom of each bar and
// first in the legend, and at most maxSeries sites one by one; the rest
// share a grey "Other sites". Tallies of days outside days are ignored.
// names is as for New. The PNG is ChartWidth x ChartHeight pixels and the
// same for the same input.
func Chart(days []string, tallies []Tally, names func(id string) string) ([]byte, error) {
	if len(days) == 0 {
		return nil, fmt.Errorf("digest: chart: no days")
	}
	index := make(map[string]int, len(days))
	for i, d := range days {
		if _, err := parseDay(d); err != nil {
			return nil, fmt.Errorf("digest: chart: %w", err)
		}
		index[d] = i
	}
	sites := seriesOf(days, index, tallies, names)
	fonts, err := newFaces()
	if err != nil {
		return nil, fmt.Errorf("digest: chart: %w", err)
	}
	defer fonts.close()

	img := image.NewRGBA(image.Rect(0, 0, ChartWidth, ChartHeight))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	const margin = 16

	title := "Attacks per site, " + shortDay(days[0], true) + " to " + shortDay(days[len(days)-1], true)
	text(img, fonts.title, title, margin, margin+ascent(fonts.title), textColor)
	top := margin + lineHeight(fonts.title) + 28 // room for the title and the top bar's total

	// The legend, right of the plot: a square of colour and a name a line.
	right := ChartWidth - margin
	if len(sites) > 0 {
		w := 0
		for _, s := range sites {
			w = max(w, font.MeasureString(fonts.legend, s.name).Ceil())
		}
		sw, lh := 14, lineHeight(fonts.legend)+6
		x := ChartWidth - margin - w - sw - 8
		for i, s := range sites {
			y := top + i*lh
			fill(img, image.Rect(x, y+(lh-6-sw)/2, x+sw, y+(lh-6-sw)/2+sw), s.color)
			text(img, fonts.legend, s.name, x+sw+8, y+ascent(fonts.legend), textColor)
		}
		right = x - 24
	}

	// The y axis: whole numbers, with grid lines across the plot.
	totals := make([]int, len(days))
	for _, s := range sites {
		for i, v := range s.values {
			totals[i] += v
		}
	}
	yMax := float64(max(1, slices.Max(totals))) * 1.08
	ticks := intTicks(0, yMax)
	tickW := 0
	for _, v := range ticks {
		tickW = max(tickW, font.MeasureString(fonts.label, strconv.Itoa(v)).Ceil())
	}
	left := margin + tickW + 10
	bottom := ChartHeight - margin - lineHeight(fonts.label) - 8
	yOf := func(v float64) int { return bottom - int(math.Round(v/yMax*float64(bottom-top))) }
	for _, v := range ticks {
		y := yOf(float64(v))
		if v > 0 {
			fill(img, image.Rect(left, y, right, y+1), gridColor)
		}
		s := strconv.Itoa(v)
		text(img, fonts.label, s, left-8-font.MeasureString(fonts.label, s).Ceil(), y+ascent(fonts.label)/2, textColor)
	}

	// The bars, stacked from the busiest site up, each day's total on top,
	// and the day under it.
	slot := float64(right-left) / float64(len(days))
	barW := max(2, int(slot*0.7))
	for i, d := range days {
		cx := left + int(math.Round((float64(i)+0.5)*slot))
		x0 := cx - barW/2
		sum := 0
		for _, s := range sites {
			if s.values[i] == 0 {
				continue
			}
			fill(img, image.Rect(x0, yOf(float64(sum+s.values[i])), x0+barW, yOf(float64(sum))), s.color)
			sum += s.values[i]
		}
		if sum > 0 {
			n := strconv.Itoa(sum)
			text(img, fonts.total, n, cx-font.MeasureString(fonts.total, n).Ceil()/2, yOf(float64(sum))-5, textColor)
		}
		lbl := shortDay(d, i == 0 || d[8:] == "01")
		text(img, fonts.label, lbl, cx-font.MeasureString(fonts.label, lbl).Ceil()/2, bottom+8+ascent(fonts.label), textColor)
	}
	fill(img, image.Rect(left, bottom, right, bottom+1), axisColor)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("digest: chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// seriesOf sums the tallies per site and day, orders the sites by their
// total over the window (most first, then by name), folds those after the
// first maxSeries-1 into "Other sites" when there are more than maxSeries,
// and gives each its colour.
func seriesOf(days []string, index map[string]int, tallies []Tally, names func(id string) string) []*series {
	bySite := map[string]*series{}
	for _, t := range tallies {
		i, ok := index[t.Day]
		if !ok || t.Attacks <= 0 {
			continue
		}
		s := bySite[t.Site]
		if s == nil {
			s = &series{name: nameOf(t.Site, names), values: make([]int, len(days))}
			bySite[t.Site] = s
		}
		s.values[i] += t.Attacks
		s.total += t.Attacks
	}
	sites := make([]*series, 0, len(bySite))
	for _, s := range bySite {
		sites = append(sites, s)
	}
	slices.SortFunc(sites, func(a, b *series) int {
		return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(a.name, b.name))
	})
	for i, s := range sites {
		s.color = palette[i%len(palette)]
	}
	if len(sites) > maxSeries {
		other := &series{name: fmt.Sprintf("Other sites (%d)", len(sites)-(maxSeries-1)),
			values: make([]int, len(days)), color: otherColor}
		for _, s := range sites[maxSeries-1:] {
			for i, v := range s.values {
				other.values[i] += v
			}
			other.total += s.total
		}
		sites = append(sites[:maxSeries-1:maxSeries-1], other)
	}
	return sites
}

// faces are the chart's fonts at their sizes.
type faces struct {
	title, label, legend, total font.Face
}

func newFaces() (*faces, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	face := func(f *opentype.Font, size float64) (font.Face, error) {
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	var fs faces
	for _, p := range []struct {
		dst  *font.Face
		f    *opentype.Font
		size float64
	}{{&fs.title, bold, titleSize}, {&fs.label, regular, labelSize}, {&fs.legend, regular, legendSize}, {&fs.total, bold, totalSize}} {
		if *p.dst, err = face(p.f, p.size); err != nil {
			fs.close()
			return nil, err
		}
	}
	return &fs, nil
}

func (fs *faces) close() {
	for _, f := range []font.Face{fs.title, fs.label, fs.legend, fs.total} {
		if f != nil {
			f.Close()
		}
	}
}

func ascent(f font.Face) int     { return f.Metrics().Ascent.Ceil() }
func lineHeight(f font.Face) int { return f.Metrics().Height.Ceil() }

// text draws s with its baseline at y, starting at x.
func text(img draw.Image, f font.Face, s string, x, y int, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func fill(img draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// shortDay writes "Nov 27" (withMonth) or "27".
func shortDay(day string, withMonth bool) string {
	t, err := parseDay(day)
	if err != nil {
		return day
	}
	if withMonth {
		return t.Format("Jan 2")
	}
	return strconv.Itoa(t.Day())
}

// intTicks returns the whole numbers from lo to hi at a step of 1, 2 or 5
// times a power of ten that gives at most six of them.
func intTicks(lo, hi float64) []int {
	step := 1.0
	for span := hi - lo; span/step > 6; {
		switch m := step / math.Pow(10, math.Floor(math.Log10(step))); {
		case m < 2:
			step *= 2
		case m < 5:
			step = step / 2 * 5
		default:
			step *= 2
		}
	}
	var ticks []int
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, int(v))
	}
	return ticks
}
