package scraper

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

func TestPrivateKind(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "127.8.9.10": "loopback", "::1": "loopback", "::ffff:127.0.0.1": "loopback",
		"10.1.2.3": "private", "172.16.0.1": "private", "172.31.255.254": "private", "192.168.1.1": "private",
		"169.254.169.254": "link-local", "fe80::1": "link-local",
		"fc00::1": "unique-local", "fd12:3456::1": "unique-local",
		"0.0.0.0": "unspecified", "0.1.2.3": "unspecified", "::": "unspecified",
		"100.100.100.200": "shared (carrier-grade NAT)",
		"8.8.8.8":         "", "172.32.0.1": "", "100.128.0.1": "", "2001:4860:4860::8888": "", "::ffff:8.8.8.8": "",
	} {
		if got := privateKind(netip.MustParseAddr(addr)); got != want {
			t.Errorf("privateKind(%s) = %q, want %q", addr, got, want)
		}
	}
}

func TestTrustedAddrs(t *testing.T) {
	got := trustedAddrs("http://127.0.0.1:8080/news/", "https://News.Example/rss.xml", "http://[::1]:9/", "http://مثال.example/", "not a url", "")
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"127.0.0.1:8080", "[::1]:9", "news.example:443", "news.example:80", "xn--mgbh0fb.example:443", "xn--mgbh0fb.example:80"}
	if !slices.Equal(keys, want) {
		t.Errorf("trustedAddrs = %q, want %q", keys, want)
	}
}

// fakeDNS answers A queries for the names in hosts, and nothing else, on a
// loopback UDP port; resolver sends every lookup there, so no test touches
// real DNS.
func fakeDNS(t *testing.T, hosts map[string]netip.Addr) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RCode: dnsmessage.RCodeSuccess})
			b.EnableCompression()
			addr, known := hosts[strings.TrimSuffix(strings.ToLower(q.Name.String()), ".")]
			if !known {
				b = dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, RCode: dnsmessage.RCodeNameError})
			}
			b.StartQuestions()
			b.Question(q)
			b.StartAnswers()
			if known && q.Type == dnsmessage.TypeA {
				b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, dnsmessage.AResource{A: addr.As4()})
			}
			msg, err := b.Finish()
			if err == nil {
				pc.WriteTo(msg, from)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

// An article link that redirects into a private network is refused at
// dial time, whichever way it gets there: another port on loopback (raqib's
// own /metrics, say), the same port under another host name, the cloud's
// metadata address, or a name that resolves to 127.0.0.1. A redirect to a
// host that a source names is followed.
func TestPrivateRedirects(t *testing.T) {
	var internalHits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><article><p>raqib_secret_token 42: two rockets hit the base.</p></article></body></html>"))
	}))
	defer internal.Close()
	other := httptest.NewServer(http.HandlerFunc(smallArticle)) // another source's site
	defer other.Close()
	internalPort := internal.Listener.Addr().(*net.TCPAddr).Port

	mux := http.NewServeMux()
	mux.Handle("/news/", listingOf("/to-loopback", "/to-localhost", "/to-metadata", "/to-rebind", "/to-other-source", "/story"))
	var sitePort int
	redirects := map[string]func() string{
		"/to-loopback":     func() string { return internal.URL + "/metrics" },
		"/to-localhost":    func() string { return "http://localhost:" + strconv.Itoa(sitePort) + "/story" },
		"/to-metadata":     func() string { return "http://169.254.169.254/latest/meta-data/iam/" },
		"/to-rebind":       func() string { return "http://rebind.test:" + strconv.Itoa(internalPort) + "/metrics" },
		"/to-other-source": func() string { return other.URL + "/story" },
	}
	for path, to := range redirects {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to(), http.StatusFound) })
	}
	mux.HandleFunc("/story", smallArticle)
	site := newTestSite(t, mux)
	sitePort = site.Listener.Addr().(*net.TCPAddr).Port

	var logs bytes.Buffer
	s := New(Config{
		Delay: time.Millisecond, Timeout: 10 * time.Second, Now: func() time.Time { return testNow },
		Trusted:  []string{site.URL + "/news/", other.URL + "/feed.xml"},
		Resolver: fakeDNS(t, map[string]netip.Addr{"rebind.test": netip.MustParseAddr("127.0.0.1")}),
		Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	got, st, err := scrape(t, s, Source{Name: "news", URL: site.URL + "/news/", Links: "main a"})
	if err != nil {
		t.Fatal(err)
	}
	if want := sorted(other.URL+"/story", site.URL+"/story"); !slices.Equal(keys(got), want) {
		t.Errorf("articles %q, want only %q", keys(got), want)
	}
	if st.Errors != 4 {
		t.Errorf("Stats.Errors = %d, want the 4 refused redirects", st.Errors)
	}
	if n := internalHits.Load(); n != 0 {
		t.Errorf("the internal service was asked %d times", n)
	}
	out := logs.String()
	for _, want := range []string{
		"refused to connect to " + internal.Listener.Addr().String() + ": a loopback address",
		"refused to connect to localhost:" + strconv.Itoa(sitePort) + " (",
		"refused to connect to 169.254.169.254:80: a link-local address",
		"refused to connect to rebind.test:" + strconv.Itoa(internalPort) + " (127.0.0.1): a loopback address",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "raqib_secret_token") {
		t.Errorf("the internal page reached the log")
	}

	// SetTrusted (a reload of the sources) replaces the hosts trusted
	// besides the pass's own: once a source names the internal service it
	// is reached, and the other source's host, no longer named, is not.
	s.SetTrusted(internal.URL + "/")
	got, _, err = scrape(t, s, Source{Name: "news", URL: site.URL + "/news/", Links: "main a"})
	if err != nil {
		t.Fatal(err)
	}
	if want := sorted(internal.URL+"/metrics", site.URL+"/story"); !slices.Equal(keys(got), want) {
		t.Errorf("after SetTrusted: articles %q, want %q", keys(got), want)
	}
	s.SetTrusted(site.URL+"/news/", other.URL+"/feed.xml")

	// A listing that redirects there fails the pass, with the reason.
	_, _, err = scrape(t, s, Source{Name: "news", URL: site.URL + "/to-loopback"})
	var pe *PrivateAddressError
	if !errors.As(err, &pe) || pe.Kind != "loopback" {
		t.Errorf("listing redirected to loopback: %v, want a *PrivateAddressError", err)
	}
}

// A proxy the transport is configured with is dialled wherever it is: it,
// not raqib, connects to the page's host.
func TestProxyTrusted(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host != "news.example" {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		proxied.Add(1)
		if r.URL.Path == "/rss.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>n</title><item><title>a</title><link>http://news.example/a1</link></item></channel></rss>`))
			return
		}
		smallArticle(w, r)
	}))
	defer proxy.Close()
	s := testScraper(t, Config{})
	proxyURL, _ := url.Parse(proxy.URL)
	s.transport.Proxy = s.guard.proxy(http.ProxyURL(proxyURL))
	got, _, err := scrape(t, s, Source{Name: "news", Feed: "http://news.example/rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"http://news.example/a1"}; !slices.Equal(keys(got), want) || proxied.Load() != 2 {
		t.Errorf("articles %q through %d proxied requests, want %q through 2", keys(got), proxied.Load(), want)
	}
}

func sorted(s ...string) []string {
	slices.Sort(s)
	return s
}
