package scraper

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/idna"
)

// PrivateAddressError is a connection the scraper refused: to a loopback,
// private, link-local (cloud metadata), unique-local, shared (carrier-grade
// NAT) or unspecified address, for a host that no source names. A page
// that redirects there, or a name that resolves there (DNS rebinding), is
// a way into the machine's or the cloud's internal services: raqib would
// extract the internal page and post it, link and all, to Discord.
type PrivateAddressError struct {
	Addr string     // the host and port dialled, as the URL gave them
	IP   netip.Addr // the address it resolved to
	Kind string     // "loopback", "private", "link-local", ...
}

func (e *PrivateAddressError) Error() string {
	where := e.Addr
	if host, _, err := net.SplitHostPort(e.Addr); err != nil || host != e.IP.String() {
		where += " (" + e.IP.String() + ")"
	}
	return fmt.Sprintf("refused to connect to %s: a %s address, and no source in the config names this host and port", where, e.Kind)
}

// sharedSpace is RFC 6598's carrier-grade NAT range, where some clouds keep
// their metadata service (100.100.100.200).
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// privateKind says what kind of non-public address ip is, or "" when it is
// public.
func privateKind(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsUnspecified() || ip.Is4() && ip.As4()[0] == 0: // 0.0.0.0/8 reaches this host
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsPrivate() && ip.Is4():
		return "private"
	case ip.IsPrivate():
		return "unique-local"
	case sharedSpace.Contains(ip):
		return "shared (carrier-grade NAT)"
	}
	return ""
}

// dialGuard is the scraper's dialer. It refuses, once a name is resolved
// and before connecting, an address that privateKind names, unless the
// host and port dialled are trusted: named by a source (Config.Trusted,
// and the pass's own source), or a proxy the transport was configured
// with. The check is on the address actually dialled, so a name that
// resolves to 127.0.0.1 is caught as well as a redirect to it.
//
// Trust is by host and port, not host alone: on loopback every service of
// the machine shares the host name, and the port is what tells a news
// mirror a source names from raqib's own /metrics.
type dialGuard struct {
	dialer  net.Dialer
	trusted atomic.Pointer[map[string]bool] // host:port, lower case
	proxies sync.Map                        // host:port of proxies in use → true
}

func newDialGuard(resolver *net.Resolver, trusted []string) *dialGuard {
	g := &dialGuard{dialer: net.Dialer{
		// http.DefaultTransport's own settings.
		Timeout:   30 * time.Second,
		KeepAlive: 30 * time.Second,
		Resolver:  resolver,
	}}
	g.setTrusted(trusted)
	return g
}

// setTrusted replaces the hosts trusted by Config.Trusted with those of
// urls.
func (g *dialGuard) setTrusted(urls []string) {
	set := trustedAddrs(urls...)
	g.trusted.Store(&set)
}

// trustedAddrs returns the host:port pairs that urls name, as the
// transport dials them (host in lower case and ASCII). A URL without a port
// trusts its host on 80 and 443 both: a site that moves a reader from
// http:// to https:// is the same site.
func trustedAddrs(urls ...string) map[string]bool {
	set := map[string]bool{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			continue
		}
		host := strings.ToLower(u.Hostname())
		if ascii, err := idna.Lookup.ToASCII(host); err == nil {
			host = ascii
		}
		if port := u.Port(); port != "" {
			set[net.JoinHostPort(host, port)] = true
			continue
		}
		set[net.JoinHostPort(host, "80")] = true
		set[net.JoinHostPort(host, "443")] = true
	}
	return set
}

// passTrustKey is the context key of the hosts a pass's own source names,
// trusted for the pass's requests (set by passTransport).
type passTrustKey struct{}

func withTrusted(ctx context.Context, set map[string]bool) context.Context {
	return context.WithValue(ctx, passTrustKey{}, set)
}

func (g *dialGuard) isTrusted(ctx context.Context, addr string) bool {
	addr = strings.ToLower(addr)
	if (*g.trusted.Load())[addr] {
		return true
	}
	if set, _ := ctx.Value(passTrustKey{}).(map[string]bool); set[addr] {
		return true
	}
	_, proxy := g.proxies.Load(addr)
	return proxy
}

// DialContext dials addr, refusing a private address unless addr is
// trusted.
func (g *dialGuard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if g.isTrusted(ctx, addr) {
		return g.dialer.DialContext(ctx, network, addr)
	}
	d := g.dialer
	d.ControlContext = func(_ context.Context, _, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("refused to connect to %s: not an IP address and port", address)
		}
		if kind := privateKind(ap.Addr()); kind != "" {
			return &PrivateAddressError{Addr: addr, IP: ap.Addr().Unmap(), Kind: kind}
		}
		return nil
	}
	return d.DialContext(ctx, network, addr)
}

// proxy wraps the transport's proxy function: a proxy the operator
// configured (HTTPS_PROXY, ...) is trusted wherever it is, as raqib dials
// it rather than the page's host. Behind a proxy the proxy resolves names
// and connects, so the guard cannot see where a redirect leads: it is the
// proxy's to refuse private addresses.
func (g *dialGuard) proxy(base func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	if base == nil {
		return nil
	}
	return func(req *http.Request) (*url.URL, error) {
		u, err := base(req)
		if u != nil && err == nil {
			port := u.Port()
			if port == "" {
				port = map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
			}
			g.proxies.Store(net.JoinHostPort(strings.ToLower(u.Hostname()), port), true)
		}
		return u, err
	}
}
