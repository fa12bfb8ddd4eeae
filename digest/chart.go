package digest

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Size of the chart: 1000x500 pixels, readable at Discord's preview size.
const (
	ChartWidth  = 1000
	ChartHeight = 500
	chartDPI    = 96
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
	gridColor  = color.RGBA{0xd0, 0xd0, 0xd0, 0xff}
)

// Fonts of the chart: Liberation Sans, which gonum/plot embeds.
var (
	sans       = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold   = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
	titleSize  = vg.Points(15)
	labelSize  = vg.Points(12)
	legendSize = vg.Points(12)
	totalSize  = vg.Points(10)
)

// series is one stacked part of the bars: a site, or the other sites.
type series struct {
	name   string
	values plotter.Values // per day
	total  int
	color  color.Color
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

	bySite := map[string]*series{}
	for _, t := range tallies {
		i, ok := index[t.Day]
		if !ok || t.Attacks <= 0 {
			continue
		}
		s := bySite[t.Site]
		if s == nil {
			s = &series{name: nameOf(t.Site, names), values: make(plotter.Values, len(days))}
			bySite[t.Site] = s
		}
		s.values[i] += float64(t.Attacks)
		s.total += t.Attacks
	}
	sites := make([]*series, 0, len(bySite))
	for _, s := range bySite {
		sites = append(sites, s)
	}
	slices.SortFunc(sites, func(a, b *series) int {
		return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(a.name, b.name))
	})
	if len(sites) > maxSeries {
		other := &series{name: fmt.Sprintf("Other sites (%d)", len(sites)-(maxSeries-1)),
			values: make(plotter.Values, len(days)), color: otherColor}
		for _, s := range sites[maxSeries-1:] {
			for i, v := range s.values {
				other.values[i] += v
			}
			other.total += s.total
		}
		sites = append(sites[:maxSeries-1:maxSeries-1], other)
	}
	for i, s := range sites {
		if s.color == nil {
			s.color = palette[i%len(palette)]
		}
	}

	p := plot.New()
	p.Title.Text = "Attacks per site, " + shortDay(days[0], true) + " to " + shortDay(days[len(days)-1], true)
	p.Title.TextStyle.Font = font.From(sansBold, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sans, labelSize)
		ax.Tick.Label.Font = font.From(sans, labelSize)
	}
	p.Y.Label.Text = "Attacks"
	// The legend is drawn beside the plot, not in it (p.Legend stays
	// empty): its width decides the plot's.
	leg := plot.NewLegend()
	leg.TextStyle.Font = font.From(sans, legendSize)
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = vg.Points(14)
	leg.Padding = vg.Points(4)

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = gridColor
	p.Add(grid)

	for _, s := range sites {
		leg.Add(s.name, thumb{s.color})
	}
	c := vgimg.NewWith(vgimg.UseWH(px(ChartWidth), px(ChartHeight)), vgimg.UseDPI(chartDPI))
	dc := draw.New(c)
	legendW := vg.Length(0)
	if len(sites) > 0 {
		r := leg.Rectangle(dc)
		legendW = r.Max.X - r.Min.X + vg.Points(24)
	}
	plotW := px(ChartWidth) - legendW
	dataW := plotW - vg.Points(60) // less the y axis and margins, roughly
	barW := max(vg.Points(2), dataW/vg.Length(len(days))*0.7)

	var below *plotter.BarChart
	totals := make([]float64, len(days))
	for _, s := range sites {
		b, err := plotter.NewBarChart(s.values, barW)
		if err != nil {
			return nil, fmt.Errorf("digest: chart: %w", err)
		}
		b.Color = s.color
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		for i, v := range s.values {
			totals[i] += v
		}
	}
	top := slices.Max(totals)
	if lbl, err := totalLabels(totals); err != nil {
		return nil, fmt.Errorf("digest: chart: %w", err)
	} else if lbl != nil {
		p.Add(lbl)
	}

	labels := make([]string, len(days))
	for i, d := range days {
		labels[i] = shortDay(d, i == 0 || d[8:] == "01")
	}
	p.NominalX(labels...)
	p.X.Width = vg.Points(0.5) // NominalX hides the axis line; keep it as a baseline
	p.X.Min, p.X.Max = -0.5, float64(len(days))-0.5
	p.Y.Min, p.Y.Max = 0, math.Max(1, top)*1.12
	p.Y.Tick.Marker = intTicks{}

	p.Draw(draw.Crop(dc, 0, -legendW, 0, 0))
	if len(sites) > 0 {
		lc := draw.Crop(dc, plotW+vg.Points(6), 0, 0, -(titleSize + p.Title.Padding + vg.Points(8)))
		leg.Draw(lc)
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("digest: chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// px converts pixels to the canvas's length at chartDPI.
func px(n int) vg.Length { return vg.Length(n) * vg.Inch / chartDPI }

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

// totalLabels writes each day's total above its bar (none for 0).
func totalLabels(totals []float64) (*plotter.Labels, error) {
	var xyl plotter.XYLabels
	for i, v := range totals {
		if v > 0 {
			xyl.XYs = append(xyl.XYs, plotter.XY{X: float64(i), Y: v})
			xyl.Labels = append(xyl.Labels, strconv.Itoa(int(v)))
		}
	}
	if len(xyl.XYs) == 0 {
		return nil, nil
	}
	l, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font = font.From(sansBold, totalSize)
		l.TextStyle[i].XAlign = draw.XCenter
	}
	l.Offset = vg.Point{Y: vg.Points(3)}
	return l, nil
}

// intTicks marks whole numbers only, at a step of 1, 2 or 5 times a power
// of ten that gives at most six labels.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
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
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ticks
}

// thumb is a legend entry's square of colour.
type thumb struct{ color color.Color }

func (t thumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y},
	}
	c.FillPolygon(t.color, c.ClipPolygonY(pts))
}
