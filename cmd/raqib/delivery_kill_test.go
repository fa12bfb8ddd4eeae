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
// With two routes besides the default one (each taking every alert), the
// routes deliver at once, each on its own, and each may repeat at most one
// message per kill.
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
		routes []string
	}{
		{"webhook", 20, nil},
		{"bot", 8, nil},
		{"webhook", 12, []string{"iraq-desk", "syria-desk"}},
		{"bot", 6, []string{"iraq-desk", "syria-desk"}},
	} {
		name := tc.mode
		if len(tc.routes) > 0 {
			name += fmt.Sprintf("-%d-routes", len(tc.routes))
		}
		t.Run(name, func(t *testing.T) {
			killTrials(t, bin, tc.mode, tc.trials, tc.routes)
		})
	}
}

func killTrials(t *testing.T, bin, mode string, trials int, routeNames []string) {
	site := &growingSite{now: time.Now().Add(-time.Hour)}
	news := httptest.NewServer(site)
	t.Cleanup(news.Close)
	dflt, desks, block := newDesks(t, mode, routeNames...)
	all := []desk{dflt}
	routes := ""
	if len(routeNames) > 0 {
		routes = "routes:\n"
		for _, n := range routeNames {
			all = append(all, desks[n])
			routes += "  - name: " + n + "\n    " + desks[n].destination() + "\n"
		}
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "raqib.db")
	cfgPath := filepath.Join(dir, "config.yaml")
	d := strings.TrimSuffix(strings.TrimPrefix(block, "discord:\n"), "\n")
	cfg := fmt.Sprintf(killConfig, dbPath, d, news.URL)
	cfg = strings.Replace(cfg, "scraper:", routes+"scraper:", 1)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	servers := map[*discordtest.Server]bool{}
	for _, d := range all {
		servers[d.srv] = true
	}
	posted := func() int {
		n := 0
		for srv := range servers {
			n += len(srv.Messages())
		}
		return n
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

	for srv := range servers {
		srv.HoldAnswers(40 * time.Millisecond)
	}
	kills := 0
	start := time.Now()
	for trial := range trials {
		site.count.Add(4) // 16 new alerts, 4 of them urgent
		before := posted()
		_, err := once(func(cmd *exec.Cmd, exited <-chan struct{}) {
			// Once delivery has begun, kill at a random moment within the
			// next few messages.
			deadline := time.Now().Add(10 * time.Second)
			for posted() == before && time.Now().Before(deadline) {
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
	for srv := range servers {
		srv.HoldAnswers(0)
	}
	out, err := once(nil)
	if err != nil {
		t.Fatalf("the clean pass after %d kills failed: %v\n%s", kills, err, out)
	}

	for srv := range servers {
		for _, secret := range []string{srv.WebhookToken(), srv.BotToken()} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("raqib's output holds a secret (%.8s...)", secret)
			}
		}
	}

	// The database is sound, and every delivery in it is sent, in a
	// message its route's Discord holds.
	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatalf("database unusable after %d kills: %v", kills, err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs, err := db.Deliveries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]bool{}
	for _, d := range all {
		byID[d.name] = map[string]bool{}
		for _, m := range d.messages() {
			byID[d.name][m.ID] = true
		}
	}
	for _, r := range recs {
		if r.State != "sent" || !byID[r.Route][r.MessageID] {
			t.Errorf("alert %d (%s %s) on %s: state %s, message %q", r.ID, r.Site, r.Day, r.Route, r.State, r.MessageID)
		}
	}
	if want := 16 * trials * len(all); len(recs) != want {
		t.Errorf("%d deliveries in the outbox, want %d", len(recs), want)
	}

	// Count what each route's Discord shows: each alert is one embed
	// (site, day, count); a message repeats when an embed of it was shown
	// before on that route.
	var report []string
	for _, d := range all {
		msgs := d.messages()
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
		if len(shown) != 16*trials {
			t.Errorf("%s: %d distinct alerts shown, %d queued", d.name, len(shown), 16*trials)
		}
		maxRepeats := kills
		if mode == "bot" {
			maxRepeats = 0
		}
		if repeated > maxRepeats {
			t.Errorf("%s: %d messages repeated after %d kills, want at most %d", d.name, repeated, kills, maxRepeats)
		}
		report = append(report, fmt.Sprintf("%s: %d alerts in %d messages, %d repeated (%d duplicate embeds)", d.name, len(shown), len(msgs), repeated, dupEmbeds))
	}
	if kills < trials*3/4 {
		t.Errorf("only %d of %d trials killed the process during delivery", kills, trials)
	}
	t.Logf("%s, %d route(s): %d trials, %d SIGKILLs during delivery, then one clean pass; %s; database sound; %s",
		mode, len(all), trials, kills, strings.Join(report, "; "), time.Since(start).Round(time.Millisecond))
}
