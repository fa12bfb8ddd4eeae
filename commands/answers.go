package commands

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/raqib/raqib"
	"github.com/raqib/raqib/alerts/discord"
	"github.com/raqib/raqib/digest"
	"github.com/raqib/raqib/storage"
)

// chartDays is how many days /raqib site shows: the digest's window.
const chartDays = digest.ChartDays

// latestArticles is how many articles /raqib site lists.
const latestArticles = 5

// Colours: the alerts' orange, and grey for a quiet answer.
const (
	colorNews  = discord.ColorNormal
	colorQuiet = 0x95A5A6
)

// window is the n days that end with now's day, oldest first.
func window(now time.Time, n int) ([]string, error) {
	return digest.Days(now.Format(time.DateOnly), n)
}

func (h *Handler) names(id string) string {
	if i, ok := h.sites.byID[id]; ok {
		return h.sites.sites[i].site.NameEN
	}
	return ""
}

// nameAR is a site's Arabic name, "" when unknown.
func (h *Handler) nameAR(id string) string {
	if i, ok := h.sites.byID[id]; ok {
		return h.sites.sites[i].site.NameAR
	}
	return ""
}

func (h *Handler) footer(now time.Time) discord.EmbedFooter {
	return discord.EmbedFooter{Text: "raqib · days of the attack, in " + h.cfg.Location.String() + " · as of " + now.Format("15:04")}
}

// change writes +2, −1 or "no change".
func change(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "no change"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// today answers /raqib today: each site attacked today or yesterday, with
// today's tally and the change since yesterday.
func (h *Handler) today(ctx context.Context) (discord.Answer, error) {
	now := h.now()
	day := now.Format(time.DateOnly)
	days, err := window(now, 2)
	if err != nil {
		return discord.Answer{}, err
	}
	ts, err := h.cfg.Store.Tallies(ctx, days[0], day)
	if err != nil {
		return discord.Answer{}, err
	}
	d := digest.Build(day, digestTallies(ts), h.names)
	e := discord.Embed{
		Title:  "Attacks today, " + now.Format("Monday 2 January 2006"),
		Color:  colorNews,
		Footer: h.footer(now),
	}
	if d.Quiet {
		e.Color = colorQuiet
		e.Description = "No attack reported today so far."
		if d.PreviousTotal > 0 {
			e.Description += " Yesterday: " + plural(d.PreviousTotal, "attack", "attacks") + "."
		}
		return discord.Answer{Embeds: []discord.Embed{e}}, nil
	}
	e.Description = fmt.Sprintf("**%s on %s** (yesterday %d, %s)", plural(d.Total, "attack", "attacks"),
		plural(d.Sites, "site", "sites"), d.PreviousTotal, change(d.Total-d.PreviousTotal))
	rows := d.Rows
	if len(rows) > discord.MaxFields {
		rows = rows[:discord.MaxFields-1]
	}
	for _, r := range rows {
		name := r.Name
		if ar := h.nameAR(r.Site); ar != "" {
			name += " · " + ar
		}
		e.Fields = append(e.Fields, discord.EmbedField{
			Name:   discord.Escape(name),
			Value:  fmt.Sprintf("**%d** (%s since yesterday)", r.Attacks, change(r.Change())),
			Inline: true,
		})
	}
	if rest := d.Rows[len(rows):]; len(rest) > 0 {
		n, p := 0, 0
		for _, r := range rest {
			n, p = n+r.Attacks, p+r.Previous
		}
		e.Fields = append(e.Fields, discord.EmbedField{Name: plural(len(rest), "more site", "more sites"),
			Value: fmt.Sprintf("**%d** (%s since yesterday)", n, change(n-p)), Inline: true})
	}
	return discord.Answer{Embeds: []discord.Embed{e}}, nil
}

func digestTallies(ts []storage.Tally) []digest.Tally {
	out := make([]digest.Tally, len(ts))
	for i, t := range ts {
		out[i] = digest.Tally(t)
	}
	return out
}

// site answers /raqib site: the site's last chartDays days as a chart,
// its latest running total, and the latest articles about it.
func (h *Handler) site(ctx context.Context, typed string) (discord.Answer, error) {
	s, near, ok := h.sites.resolve(typed)
	if !ok {
		return unknownSite(typed, near), nil
	}
	now := h.now()
	days, err := window(now, chartDays)
	if err != nil {
		return discord.Answer{}, err
	}
	ts, err := h.cfg.Store.Tallies(ctx, days[0], days[len(days)-1])
	if err != nil {
		return discord.Answer{}, err
	}
	var mine []digest.Tally
	total, today := 0, 0
	for _, t := range ts {
		if t.Site != s.ID {
			continue
		}
		mine = append(mine, digest.Tally(t))
		total += t.Attacks
		if t.Day == days[len(days)-1] {
			today += t.Attacks
		}
	}
	arts, err := h.cfg.Store.SiteArticles(ctx, s.ID, latestArticles)
	if err != nil {
		return discord.Answer{}, err
	}
	totals, err := h.cfg.Store.RunningTotals(ctx, days[0], days[len(days)-1])
	if err != nil {
		return discord.Answer{}, err
	}

	e := discord.Embed{Title: discord.Escape(label(s)), Color: colorNews, Footer: h.footer(now)}
	var desc []string
	if kind := describeSite(s); kind != "" {
		desc = append(desc, kind)
	}
	span := shortDay(days[0]) + " – " + shortDay(days[len(days)-1])
	if total == 0 {
		e.Color = colorQuiet
		desc = append(desc, "No attack reported in the last "+strconv.Itoa(chartDays)+" days ("+span+").")
	} else {
		desc = append(desc, fmt.Sprintf("**%s** in the last %d days (%s), **%d today**.", plural(total, "attack", "attacks"), chartDays, span, today))
	}
	for _, rt := range totals {
		if rt.Site != s.ID {
			continue
		}
		line := "Latest running total reported: " + plural(rt.Attacks, "attack", "attacks")
		if rt.Since != "" {
			line += " since " + rt.Since
		}
		desc = append(desc, line+" ("+discord.Escape(rt.Source)+", "+shortDay(rt.Day)+").")
	}
	e.Description = strings.Join(desc, "\n")
	if len(arts) > 0 {
		e.Fields = append(e.Fields, discord.EmbedField{Name: "Latest articles", Value: articleLines(arts, h.cfg.Location)})
	}
	a := discord.Answer{Embeds: []discord.Embed{e}}
	if total > 0 {
		png, err := digest.Chart(days, mine, h.names)
		if err != nil {
			return discord.Answer{}, err
		}
		name := "site-" + s.ID + ".png"
		a.Embeds[0].Image = &discord.EmbedImage{URL: "attachment://" + name}
		a.Files = []discord.File{{Name: name, ContentType: "image/png", Data: png}}
	}
	return a, nil
}

// describeSite is "Air base · Iraq".
func describeSite(s raqib.Site) string {
	kinds := map[string]string{raqib.KindBase: "Base", raqib.KindEmbassy: "Embassy", raqib.KindConsulate: "Consulate",
		raqib.KindAirport: "Airport", raqib.KindOilfield: "Oil field", raqib.KindZone: "Zone"}
	countries := map[string]string{"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
	var parts []string
	if k := kinds[s.Kind]; k != "" {
		parts = append(parts, k)
	}
	if c := countries[s.Country]; c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

// articleLines lists articles as "27 Nov · [title](url) · source · 2
// attacks", whole lines only, within a field's 1024 characters.
func articleLines(arts []storage.SiteArticle, loc *time.Location) string {
	var b strings.Builder
	for _, a := range arts {
		title := discord.Cut(discord.Escape(a.Title), 120)
		if title == "" {
			title = "(untitled)"
		}
		link := title
		if u := linkURL(a.URL); u != "" {
			link = "[" + title + "](" + u + ")"
		}
		line := a.Published.In(loc).Format("2 Jan") + " · " + link + " · " + discord.Cut(discord.Escape(a.Source), 40) +
			" · " + plural(a.Attacks, "attack", "attacks")
		if b.Len() > 0 {
			line = "\n" + line
		}
		if len([]rune(b.String()+line)) > discord.MaxFieldValue {
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

// linkURL is u made safe inside a markdown link's parentheses: http(s)
// only, with parentheses and spaces escaped; "" when it is not a URL to
// link.
func linkURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u) > 512 {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(p.String())
}

func shortDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("2 Jan")
}

// sources answers /raqib sources from the monitor.
func (h *Handler) sources() discord.Answer {
	ss := h.cfg.Health.Sources()
	now := h.now()
	e := discord.Embed{Title: "Sources (" + strconv.Itoa(len(ss)) + ")", Color: colorNews, Footer: discord.EmbedFooter{Text: "raqib · since the daemon started · as of " + now.Format("15:04")}}
	failing := 0
	for _, s := range ss {
		if !s.Healthy {
			failing++
		}
	}
	e.Description = fmt.Sprintf("%d healthy, %d failing", len(ss)-failing, failing)
	if failing > 0 {
		e.Color = discord.ColorUrgent
	}
	shown := ss
	if len(shown) > discord.MaxFields {
		shown = shown[:discord.MaxFields-1]
	}
	for _, s := range shown {
		mark := "✅ "
		if !s.Healthy {
			mark = "⚠️ "
		} else if s.LastRun.IsZero() {
			mark = "⏳ "
		}
		lines := []string{"Last success: " + when(s.LastSuccess), "Failures in a row: " + strconv.Itoa(s.ConsecutiveFailures),
			"Articles seen: " + strconv.Itoa(s.ArticlesSeen)}
		if !s.NextRun.IsZero() {
			lines = append(lines, "Next pass: "+when(s.NextRun))
		}
		if s.LastError != "" && s.ConsecutiveFailures > 0 {
			lines = append(lines, "Last error: "+discord.Cut(discord.Escape(s.LastError), 300))
		}
		e.Fields = append(e.Fields, discord.EmbedField{Name: discord.Escape(mark + s.Name), Value: strings.Join(lines, "\n"), Inline: true})
	}
	if rest := len(ss) - len(shown); rest > 0 {
		e.Fields = append(e.Fields, discord.EmbedField{Name: plural(rest, "more source", "more sources"), Value: "See /healthz for all."})
	}
	if len(ss) == 0 {
		e.Description = "No sources are configured."
	}
	return discord.Answer{Embeds: []discord.Embed{e}}
}

// when is a time Discord shows in the reader's own zone and language,
// relative ("12 minutes ago"); "never" for the zero time.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return "<t:" + strconv.FormatInt(t.Unix(), 10) + ":R>"
}

// digest answers /raqib digest [day]: the digest's table and chart, as the
// daily digest sends them.
func (h *Handler) digest(ctx context.Context, typed string) (discord.Answer, error) {
	now := h.now()
	day, problem := parseDay(typed, now)
	if problem != "" {
		return oops(problem), nil
	}
	days, err := digest.Days(day, digest.ChartDays)
	if err != nil {
		return discord.Answer{}, err
	}
	ts, err := h.cfg.Store.Tallies(ctx, days[0], day)
	if err != nil {
		return discord.Answer{}, err
	}
	d, err := digest.New(day, digestTallies(ts), h.names)
	if err != nil {
		return discord.Answer{}, err
	}
	a := discord.Answer{Content: discord.DigestContent(digest.Text(d))}
	if d.Chart != nil {
		name := "digest-" + day + ".png"
		a.Embeds = []discord.Embed{{Color: colorNews, Image: &discord.EmbedImage{URL: "attachment://" + name}, Footer: discord.EmbedFooter{Text: "raqib"}}}
		a.Files = []discord.File{{Name: name, ContentType: "image/png", Data: d.Chart}}
	}
	return a, nil
}

// parseDay reads the digest's day option: "" or "today", "yesterday", or
// YYYY-MM-DD no later than today. problem says what is wrong, for the
// asker.
func parseDay(typed string, now time.Time) (day, problem string) {
	today := now.Format(time.DateOnly)
	switch v := strings.ToLower(strings.TrimSpace(typed)); v {
	case "", "today":
		return today, ""
	case "yesterday":
		return now.AddDate(0, 0, -1).Format(time.DateOnly), ""
	default:
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return "", "“" + discord.Cut(discord.Escape(typed), 40) + "” is not a day: write it as YYYY-MM-DD (such as " + today + "), or today, or yesterday."
		}
		if d := t.Format(time.DateOnly); d > today {
			return "", d + " has not come yet: today is " + today + " in " + now.Location().String() + "."
		}
		return t.Format(time.DateOnly), ""
	}
}

// completeDay suggests today and the six days before, those starting with
// what was typed.
func (h *Handler) completeDay(typed string) []discord.Choice {
	now := h.now()
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []discord.Choice
	for i := range 7 {
		t := now.AddDate(0, 0, -i)
		name := t.Format("Mon 2 Jan 2006")
		switch i {
		case 0:
			name += " (today)"
		case 1:
			name += " (yesterday)"
		}
		value := t.Format(time.DateOnly)
		if strings.HasPrefix(value, typed) || strings.Contains(strings.ToLower(name), typed) {
			out = append(out, discord.Choice{Name: name, Value: value})
		}
	}
	return out
}
