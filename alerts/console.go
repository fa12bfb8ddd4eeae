package alerts

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/internal/oneline"
)

// Console prints alerts for a person reading a terminal or a log: the
// destination when no Discord is configured, and the echo of the demo.
type Console struct {
	mu sync.Mutex
	w  io.Writer
}

// NewConsole returns a Console writing to w.
func NewConsole(w io.Writer) *Console { return &Console{w: w} }

// Name implements Notifier.
func (c *Console) Name() string { return "console" }

// Notify implements Notifier. It cannot fail but for a write error.
func (c *Console) Notify(_ context.Context, batch []raqib.Alert) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, a := range batch {
		b.WriteString(FormatText(a))
	}
	if _, err := io.WriteString(c.w, b.String()); err != nil {
		return "", &DeliveryError{Failure: Temporary, Err: err}
	}
	return "", nil
}

// The longest title and evidence the console prints, in characters: what
// a Discord embed shows of them, so that a page with a 10,000-character
// title does not fill the terminal or the log.
const (
	maxConsoleTitle    = 256
	maxConsoleEvidence = 1024
)

// FormatText renders one alert as a few lines of plain text, its scraped
// title and evidence on one line each and cut to maxConsoleTitle and
// maxConsoleEvidence characters.
func FormatText(a raqib.Alert) string {
	var b strings.Builder
	tag := "ALERT "
	if a.Urgent {
		tag = "URGENT"
	}
	approx := ""
	if !a.Exact {
		approx = " (at least; no exact count given)"
	}
	reported := ""
	if a.ReportedLater() {
		reported = ", reported " + oneline.Clean(a.Reported)
	}
	fmt.Fprintf(&b, "[%s] %s: %s on %s%s%s, was %d\n", tag, a.SiteName, plural(a.Attacks, "attack"), a.Day, approx, reported, a.Previous)
	if a.Total != nil && a.Total.Attacks > 0 {
		fmt.Fprintf(&b, "         running total: %s\n", oneline.Clean(a.Total.Context(a.SiteName)))
	}
	if title := oneline.Cut(oneline.Clean(a.Title), maxConsoleTitle); title != "" {
		fmt.Fprintf(&b, "         %s\n", title)
	}
	if evidence := oneline.Cut(oneline.Clean(a.Evidence), maxConsoleEvidence); evidence != "" {
		fmt.Fprintf(&b, "         «%s»\n", evidence)
	}
	fmt.Fprintf(&b, "         %s (%s)\n", a.URL, a.Source)
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Tee sends through primary and, once primary accepted a batch, echoes it to
// echo (whose failures are ignored): the demo shows on the console what it
// also posted to Discord.
type Tee struct {
	Primary Notifier
	Echo    Notifier
}

// Name implements Notifier.
func (t Tee) Name() string { return t.Primary.Name() }

// Edit implements Editor when Primary does; otherwise there is nothing to
// edit, and it does nothing.
func (t Tee) Edit(ctx context.Context, messageID string, batch []raqib.Alert, also map[int64][]raqib.Article) error {
	if e, ok := t.Primary.(Editor); ok {
		return e.Edit(ctx, messageID, batch, also)
	}
	return nil
}

// Notify implements Notifier.
func (t Tee) Notify(ctx context.Context, batch []raqib.Alert) (string, error) {
	id, err := t.Primary.Notify(ctx, batch)
	if err == nil {
		t.Echo.Notify(ctx, batch)
	}
	return id, err
}
