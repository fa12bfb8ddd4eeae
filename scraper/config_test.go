package scraper

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidateAndSetDefaults(t *testing.T) {
	var c Config
	if err := c.ValidateAndSetDefaults(); err != nil {
		t.Fatal(err)
	}
	if c.UserAgent != DefaultUserAgent || c.Timeout != DefaultTimeout || c.MaxBodySize != DefaultMaxBodySize ||
		c.Parallelism != DefaultParallelism || c.Delay != DefaultDelay || c.MaxArticles != DefaultMaxArticles ||
		c.Logger == nil || c.Now == nil {
		t.Errorf("defaults not set: %+v", c)
	}

	c = Config{Timeout: -time.Second, MaxBodySize: -1, Parallelism: -2, Delay: -time.Millisecond, MaxArticles: -3}
	err := c.ValidateAndSetDefaults()
	if err == nil {
		t.Fatal("negative values accepted")
	}
	for _, key := range []string{"timeout:", "max_body_size:", "parallelism:", "delay:", "max_articles:"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error %q does not name %s", err, key)
		}
	}
}
