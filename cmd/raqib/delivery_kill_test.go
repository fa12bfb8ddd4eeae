package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/raqib/raqib/internal/discordtest"
	"github.com/raqib/raqib/storage"
)

// buildRaqib builds the raqib binary once per test run, into a temporary
// folder, with -race when the tests run with it (so that the build reuses
// the packages the test build compiled: seconds, not minutes).
var buildRaqib = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "raqib-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "raqib")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// growingSite is a news site that publishes a few more articles whenever
// asked: each article gives the tallies of its own day for three bases and
// the embassy, hence four alerts, one of them urgent.
type growingSite struct {
	count atomic.Int64
	now   time.Time
}

const killArticle = `<html><head><title>%[1]s</title></head><body><article><h1>%[1]s</h1>
<time datetime="%[2]s">%[2]s</time><div class="article-body">
<p>وحدّثت الفصائل المسلحة حصيلتها لليوم:</p><ul>
<li>قاعدة عين الأسد الجوية: ثلاث عمليات</li><li>قاعدة حرير: عملية واحدة</li><li>قاعدة الشدادي: عمليتان</li></ul>
<p>قال مسؤول أمني عراقي إن ثلاث قذائف هاون سقطت على مجمع السفارة الأمريكية في بغداد فجر اليوم.</p>
</div></article></body></html>`

func (s *growingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	n := int(s.count.Load())
	switch {
	case r.URL.Path == "/ar/":
		// The listing shows the twelve newest articles, as real ones do.
		fmt.Fprint(w, `<html><body><ul>`)
		for i := n - 1; i >= 0 && i >= n-12; i-- {
			fmt.Fprintf(w, `<li><a class="headline" href="/ar/news/%d.html">حصيلة اليوم %d</a></li>`, i, i)
		}
		fmt.Fprint(w, `</ul></body></html>`)
	case strings.HasPrefix(r.URL.Path, "/ar/news/"):
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/ar/news/%d.html", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		// Article i is about day i days ago: every article its own tallies.
		day := s.now.AddDate(0, 0, -i).Format(time.RFC3339)
		fmt.Fprintf(w, killArticle, fmt.Sprintf("حصيلة اليوم %d", i), day)
	default:
		http.NotFound(w, r)
	}
}

const killConfig = `database: %s
timezone: Asia/Baghdad
max_age: 400d
discord:
%s
  embassy_role_id: "456"
scraper:
  delay: 1ms
  timeout: 5s
` + growingSources

// growingSources is the sources: of a config that reads the growing site
// at the URL it is formatted with.
const growingSources = `sources:
  - name: news-ar
    url: %s/ar/
    links: "a.headline"
    article: ".article-body"
    lang: ar
    robots: false
`

// TestDeliverySIGKILL runs the real binary (`raqib once`) and SIGKILLs it
// at random moments while it delivers, many times over, against a Discord
// stand-in that holds its answers (the window in which a message is posted
// but not yet marked sent). Then one clean pass. Every alert must arrive;
// at most one message per kill may repeat (none in bot mode, where the
// nonce returns the message already posted); the database stays usable.
func TestDeliverySIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it many times")
	}
	bin, err := buildRaqib()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode   string
		trials int
	}{{"webhook", 20}, {"bot", 8}} {
		t.Run(tc.mode, func(t *testing.T) {
			killTrials(t, bin, tc.mode, tc.trials)
		})
	}
}

func killTrials(t *testing.T, bin, mode string, trials int) {
	site := &growingSite{now: time.Now().Add(-time.Hour)}
	news := httptest.NewServer(site)
	t.Cleanup(news.Close)
	dc := discordtest.New(t)
	var d string
	switch mode {
	case "webhook":
		d = "  webhook_url: " + dc.WebhookURL()
	case "bot":
		d = fmt.Sprintf("  token: %s\n  channel_id: %q\n  api_url: %s", dc.BotToken(), dc.ChannelID(), dc.URL)
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "raqib.db")
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(killConfig, dbPath, d, news.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder // everything the processes said
	once := func(kill func(*exec.Cmd, <-chan struct{})) (string, error) {
		var out bytes.Buffer
		defer func() { logs.WriteString(out.String()) }()
		cmd := exec.Command(bin, "once", "-config", cfgPath)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		var werr error
		go func() { werr = cmd.Wait(); close(exited) }()
		if kill != nil {
			kill(cmd, exited)
		}
		<-exited
		return out.String(), werr
	}

	dc.HoldAnswers(40 * time.Millisecond)
	kills := 0
	start := time.Now()
	for trial := range trials {
		site.count.Add(4) // 16 new alerts, 4 of them urgent
		before := len(dc.Messages())
		_, err := once(func(cmd *exec.Cmd, exited <-chan struct{}) {
			// Once delivery has begun, kill at a random moment within the
			// next few messages.
			deadline := time.Now().Add(10 * time.Second)
			for len(dc.Messages()) == before && time.Now().Before(deadline) {
				select {
				case <-exited:
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
			select {
			case <-exited:
				return
			case <-time.After(time.Duration(rand.N(250)) * time.Millisecond):
			}
			cmd.Process.Kill()
		})
		if err != nil && strings.Contains(err.Error(), "killed") {
			kills++
		} else {
			t.Logf("trial %d: the pass ended before the kill (%v)", trial, err)
		}
	}
	dc.HoldAnswers(0)
	out, err := once(nil)
	if err != nil {
		t.Fatalf("the clean pass after %d kills failed: %v\n%s", kills, err, out)
	}

	for _, secret := range []string{dc.WebhookToken(), dc.BotToken()} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("raqib's output holds a secret (%.8s...)", secret)
		}
	}

	// The database is sound, and every alert in it is sent.
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatalf("database unusable after %d kills: %v", kills, err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Alerts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	msgs := dc.Messages()
	byID := map[string]bool{}
	for _, m := range msgs {
		byID[m.ID] = true
	}
	for _, r := range recs {
		if r.State != "sent" || !byID[r.MessageID] {
			t.Errorf("alert %d (%s %s): state %s, message %q", r.ID, r.Site, r.Day, r.State, r.MessageID)
		}
	}
	if want := 16 * trials; len(recs) != want {
		t.Errorf("%d alerts in the outbox, want %d", len(recs), want)
	}

	// Count what Discord shows: each alert is one embed (site, day, count);
	// a message repeats when an embed of it was shown before.
	shown := map[string]int{}
	repeated, dupEmbeds := 0, 0
	for _, m := range msgs {
		rep := false
		for _, e := range m.Embeds {
			key := e.Title + "|" + e.Description
			if shown[key] > 0 {
				rep = true
				dupEmbeds++
			}
			shown[key]++
		}
		if rep {
			repeated++
		}
	}
	if len(shown) != len(recs) {
		t.Errorf("%d distinct alerts shown, %d in the outbox", len(shown), len(recs))
	}
	maxRepeats := kills
	if mode == "bot" {
		maxRepeats = 0
	}
	if repeated > maxRepeats {
		t.Errorf("%d messages repeated after %d kills, want at most %d", repeated, kills, maxRepeats)
	}
	if kills < trials*3/4 {
		t.Errorf("only %d of %d trials killed the process during delivery", kills, trials)
	}
	t.Logf("%s: %d trials, %d SIGKILLs during delivery, then one clean pass: %d alerts delivered in %d messages; %d messages repeated (%d duplicate embeds); database sound; %s",
		mode, trials, kills, len(shown), len(msgs), repeated, dupEmbeds, time.Since(start).Round(time.Millisecond))
}
