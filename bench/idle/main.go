// Command idle measures the resident memory of `raqib run` idle between
// passes, for scripts/idle.sh:
//
//	go run ./bench/idle -raqib ./raqib -sources 50 -wait 60s
//
// It serves the benchmark news site (internal/benchsite) on loopback with
// sources x per articles, writes a config of `sources` sources, each the
// listing of its own `per` articles, scheduled @every 1h, and starts the
// daemon. When every source's start-up pass has ended (raqib_passes_total
// on /metrics), it waits `wait`, then prints the kernel's figures for the
// process (VmRSS = RssAnon + RssFile + RssShmem, from /proc/PID/status), the
// resident size of its largest mappings (/proc/PID/smaps) and the Go
// runtime's own accounts (go_memstats_* on /metrics). Linux only.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/raqib/raqib/internal/benchsite"
)

func main() {
	bin := flag.String("raqib", "./raqib", "the raqib binary")
	sources := flag.Int("sources", 50, "number of sources")
	per := flag.Int("per", 20, "articles per source")
	wait := flag.Duration("wait", 60*time.Second, "idle time after the start-up passes")
	flag.Parse()
	if err := run(*bin, *sources, *per, *wait); err != nil {
		log.Fatalf("idle: %v", err)
	}
}

func run(bin string, sources, per int, wait time.Duration) error {
	site := benchsite.New(sources*per, time.Now())
	siteLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer siteLn.Close()
	go (&http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}).Serve(siteLn)

	listen, err := freeAddr()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "raqib-idle-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "database: %s\ntimezone: Asia/Baghdad\nlisten: %s\nscraper:\n  delay: 10ms\nsources:\n", filepath.Join(dir, "raqib.db"), listen)
	for i := range sources {
		fmt.Fprintf(&cfg, "  - name: s%d\n    url: \"http://%s%s?from=%d&count=%d\"\n    links: a.headline\n    lang: ar\n    schedule: \"@every 1h\"\n",
			i, siteLn.Addr(), benchsite.ListingPath, i*per+1, per)
	}
	cfgPath := filepath.Join(dir, "idle.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o600); err != nil {
		return err
	}

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "run", "-config", cfgPath, "-log-level", "warn")
	cmd.Stdout = io.Discard // the alerts, printed to the console
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	exited := make(chan struct{})
	go func() { cmd.Process.Wait(); close(exited) }()

	metrics := "http://" + listen + "/metrics"
	for {
		m, err := scrape(metrics)
		if err == nil && m["raqib_passes_total"] >= float64(sources) {
			break
		}
		select {
		case <-exited:
			return fmt.Errorf("raqib run exited: %s", tail(stderr.String()))
		case <-time.After(500 * time.Millisecond):
		}
		if time.Since(start) > 10*time.Minute {
			return fmt.Errorf("start-up passes not done after 10 minutes")
		}
	}
	fmt.Printf("start-up passes over %d sources x %d articles ended after %.1fs; idle for %s\n",
		sources, per, time.Since(start).Seconds(), wait)
	select {
	case <-exited:
		return fmt.Errorf("raqib run exited: %s", tail(stderr.String()))
	case <-time.After(wait):
	}

	pid := cmd.Process.Pid
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(status), "\n") {
		for _, k := range []string{"VmHWM:", "VmRSS:", "RssAnon:", "RssFile:", "RssShmem:"} {
			if strings.HasPrefix(line, k) {
				kib, _ := strconv.Atoi(strings.Fields(line)[1])
				fmt.Printf("%-10s %7.1f MiB\n", k, float64(kib)/1024)
			}
		}
	}
	if err := mappings(pid); err != nil {
		return err
	}
	m, err := scrape(metrics)
	if err != nil {
		return err
	}
	fmt.Println("-- Go runtime (go_memstats_*, MiB)")
	for _, k := range []string{"heap_inuse", "heap_idle", "heap_released", "stack_inuse", "gc_sys", "other_sys", "buck_hash_sys", "sys"} {
		fmt.Printf("%-14s %6.1f\n", k, m["go_memstats_"+k+"_bytes"]/(1<<20))
	}
	fmt.Printf("goroutines     %6.0f\n", m["go_goroutines"])
	return nil
}

// mappings prints the resident KiB of the process's mappings above 100 KiB.
func mappings(pid int) error {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return err
	}
	defer f.Close()
	type mapping struct {
		name string
		kib  int
	}
	var all []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 5 && strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":"):
			name := "[anon]"
			if len(fs) >= 6 {
				name = filepath.Base(fs[5])
			}
			all = append(all, mapping{name: name + " " + fs[1]})
		case len(fs) >= 2 && fs[0] == "Rss:" && len(all) > 0:
			all[len(all)-1].kib, _ = strconv.Atoi(fs[1])
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].kib > all[j].kib })
	fmt.Println("-- resident mappings over 100 KiB")
	for _, m := range all {
		if m.kib > 100 {
			fmt.Printf("%8d KiB  %s\n", m.kib, m.name)
		}
	}
	return sc.Err()
}

// scrape reads the metrics of a Prometheus text page, summed over labels.
func scrape(url string) (map[string]float64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 2 {
			continue
		}
		name, _, _ := strings.Cut(fs[0], "{")
		v, err := strconv.ParseFloat(fs[1], 64)
		if err == nil {
			m[name] += v
		}
	}
	return m, sc.Err()
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func tail(s string) string {
	if len(s) > 2000 {
		s = s[len(s)-2000:]
	}
	return s
}
