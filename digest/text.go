package digest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxRows is how many sites Text lists one by one; the rest share one
// line. It keeps the text well within a Discord message (2000 characters).
const MaxRows = 25

// MaxText bounds Text, in characters, within a Discord message's 2000 with
// room for the code block around it. Only the running totals, which come
// last, are left out to keep within it.
const MaxText = 1900

// Text renders the digest as a compact table for Discord and the console:
// a header line with the day, one line per site with its attacks on the
// day and, in brackets, the change against the day before, and a total.
// Columns are aligned with spaces, for a monospaced font. A quiet day is
// one line. Text is pure; its output has no trailing newline.
//
//	Digest for 2026-11-27: 5 attacks on 3 sites (change vs 2026-11-26)
//	Ain al-Asad Air Base  3  (+2)
//	...
//	Total                 5  (+1)
//
//	Running totals:
//	23 attacks on Al-Omar Oil Field Base since 2026-12-01
func Text(d Digest) string {
	if d.Quiet {
		s := "Digest for " + d.Day + ": quiet day, no attacks reported"
		if d.PreviousTotal > 0 && d.Previous != "" {
			s += " (" + plural(d.PreviousTotal, "attack", "attacks") + " on " + d.Previous + ")"
		}
		return s + "."
	}
	head := fmt.Sprintf("Digest for %s: %s on %s", d.Day,
		plural(d.Total, "attack", "attacks"), plural(d.Sites, "site", "sites"))
	if d.Previous != "" {
		head += " (change vs " + d.Previous + ")"
	}

	rows := d.Rows
	if len(rows) > MaxRows {
		rest := Row{Name: fmt.Sprintf("(%d more sites)", len(rows)-(MaxRows-1))}
		for _, r := range rows[MaxRows-1:] {
			rest.Attacks += r.Attacks
			rest.Previous += r.Previous
		}
		rows = append(rows[:MaxRows-1:MaxRows-1], rest)
	}
	rows = append(rows, Row{Name: "Total", Attacks: d.Total, Previous: d.PreviousTotal})

	nameW, countW := 0, 0
	for _, r := range rows {
		nameW = max(nameW, utf8.RuneCountInString(r.Name))
		countW = max(countW, len(strconv.Itoa(r.Attacks)))
	}
	var b strings.Builder
	b.WriteString(head)
	for _, r := range rows {
		b.WriteByte('\n')
		b.WriteString(r.Name)
		b.WriteString(strings.Repeat(" ", nameW-utf8.RuneCountInString(r.Name)+2))
		fmt.Fprintf(&b, "%*d", countW, r.Attacks)
		if d.Previous != "" {
			b.WriteString("  (" + change(r.Change()) + ")")
		}
	}
	writeTotals(&b, d.Totals)
	return b.String()
}

// writeTotals adds the running totals after the table, whole lines only and
// within MaxText, the ones left out counted on a last line.
func writeTotals(b *strings.Builder, totals []SiteTotal) {
	if len(totals) == 0 {
		return
	}
	const head = "\n\nRunning totals:"
	used := utf8.RuneCountInString(b.String())
	for i, t := range totals {
		line := "\n" + t.Context(t.Name)
		if i == 0 {
			line = head + line
		}
		more := ""
		if rest := len(totals) - i - 1; rest > 0 {
			more = fmt.Sprintf("\n(%d more)", rest)
		}
		if used+utf8.RuneCountInString(line+more) > MaxText {
			if i > 0 {
				fmt.Fprintf(b, "\n(%d more)", len(totals)-i)
			}
			return
		}
		b.WriteString(line)
		used += utf8.RuneCountInString(line)
	}
}

// change writes +2, -1 or "same".
func change(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return strconv.Itoa(n)
	}
	return "same"
}

// plural writes "1 attack", "3 attacks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
