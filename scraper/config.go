package scraper

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"
)

// Defaults for the zero values of Config.
const (
	// DefaultUserAgent names the bot and where to read about it, so that a
	// site's operator can find us and write a robots.txt group for "raqib".
	DefaultUserAgent   = "raqib/dev (+https://github.com/raqib/raqib)"
	DefaultTimeout     = 30 * time.Second
	DefaultMaxBodySize = 10 << 20 // 10 MiB
	DefaultParallelism = 2
	DefaultDelay       = time.Second
	DefaultMaxArticles = 200
)

// Config holds crawler settings shared by all sources; zero values take the
// Default* consts.
type Config struct {
	// UserAgent is sent with every request, robots.txt included; default
	// DefaultUserAgent. Start it with "raqib/" so that robots.txt groups
	// written for raqib match it.
	UserAgent string
	// Timeout bounds one request, body included, from the moment it has
	// its host's slot (each hop of a redirect on its own); default 30s.
	Timeout time.Duration
	// MaxBodySize is the largest page, in bytes after decompression, that is
	// read; a larger one is skipped, not truncated. Default 10 MiB.
	MaxBodySize int
	// Parallelism is the number of requests in flight per host, across all
	// the Scraper's passes; default 2.
	Parallelism int
	// Delay is the pause after each request before its slot (of the
	// host's Parallelism) is reused; default 1s.
	Delay time.Duration
	// MaxArticles caps the article pages fetched per pass per source;
	// default 200.
	MaxArticles int

	// Validators, when set, makes every request conditional on the
	// validators stored from the previous pass: an article the server says
	// is unchanged is skipped without calling fn, and a listing or feed it
	// says is unchanged ends the pass at once (see Scrape). Default nil:
	// every page is fetched in full.
	Validators Validators

	// Trusted are URLs whose host and port may be on a private network
	// (loopback, RFC 1918, link-local, ...): those the config's sources
	// name, as a source may watch an intranet site or a local mirror.
	// Every other connection to a private address is refused (see
	// PrivateAddressError), whichever page redirected there; a pass's own
	// source is trusted in any case. Scraper.SetTrusted replaces the list.
	Trusted []string
	// Resolver resolves host names; default net.DefaultResolver.
	Resolver *net.Resolver

	// Logger receives one record per skipped page; default slog.Default().
	Logger *slog.Logger
	// Now stamps Article.Fetched; default time.Now.
	Now func() time.Time
}

// ValidateAndSetDefaults rejects negative settings and fills the zero ones
// with the Default* values.
func (c *Config) ValidateAndSetDefaults() error {
	var errs []error
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout: must not be negative, got %s", c.Timeout))
	}
	if c.MaxBodySize < 0 {
		errs = append(errs, fmt.Errorf("max_body_size: must not be negative, got %d", c.MaxBodySize))
	}
	if c.Parallelism < 0 {
		errs = append(errs, fmt.Errorf("parallelism: must not be negative, got %d", c.Parallelism))
	}
	if c.Delay < 0 {
		errs = append(errs, fmt.Errorf("delay: must not be negative, got %s", c.Delay))
	}
	if c.MaxArticles < 0 {
		errs = append(errs, fmt.Errorf("max_articles: must not be negative, got %d", c.MaxArticles))
	}
	c.setDefaults()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("scraper: %w", err)
	}
	return nil
}

// setDefaults replaces zero and negative values, so that New can accept any
// Config without failing.
func (c *Config) setDefaults() {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = DefaultMaxBodySize
	}
	if c.Parallelism <= 0 {
		c.Parallelism = DefaultParallelism
	}
	if c.Delay <= 0 {
		c.Delay = DefaultDelay
	}
	if c.MaxArticles <= 0 {
		c.MaxArticles = DefaultMaxArticles
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
