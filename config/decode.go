package config

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The keys of each block, in the order the messages list them.
var (
	topKeys     = []string{"database", "timezone", "max_age", "retention", "listen", "digest", "discord", "routes", "scraper", "sources", "sites"}
	siteKeys    = []string{"id", "kind", "country", "name_en", "name_ar", "aliases_en", "aliases_ar"}
	digestKeys  = []string{"schedule"}
	discordKeys = []string{"webhook_url", "token", "channel_id", "api_url", "embassy_role_id", "commands", "command_roles", "guild_id"}
	scraperKeys = []string{"user_agent", "timeout", "max_body_size", "parallelism", "delay", "max_articles"}
	sourceKeys  = []string{"name", "url", "feed", "links", "follow", "article", "exclude", "lang", "schedule", "robots"}
)

// decoder walks the yaml.Node tree by hand, so that every problem can name
// its key path and line, and so that decoding goes on after a problem and
// reports them all.
type decoder struct {
	lookupEnv func(string) (string, bool)
	lines     map[string]int      // key path → line of the key (of the item, in a list)
	written   map[string]bool     // key paths given a non-empty value
	bad       map[string]bool     // key paths whose value could not be decoded
	expanded  map[*yaml.Node]bool // scalars already expanded (an alias shares its anchor's node)
	errs      []*FieldError
	warns     []*FieldError
}

func newDecoder(lookupEnv func(string) (string, bool)) *decoder {
	return &decoder{
		lookupEnv: lookupEnv,
		lines:     map[string]int{},
		written:   map[string]bool{},
		bad:       map[string]bool{},
		expanded:  map[*yaml.Node]bool{},
	}
}

func (d *decoder) errorf(path string, line int, format string, args ...any) {
	d.errs = append(d.errs, &FieldError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// config decodes the root mapping into c.
func (d *decoder) config(root *yaml.Node, c *Config) {
	d.mapping(root, "", topKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "database":
			d.str(v, p, &c.Database)
		case "timezone":
			d.str(v, p, &c.Timezone)
		case "max_age":
			d.duration(v, p, &c.MaxAge)
		case "retention":
			d.duration(v, p, &c.Retention)
		case "listen":
			d.str(v, p, &c.Listen)
		case "digest":
			d.mapping(v, p, digestKeys, func(_ string, v *yaml.Node, p string) {
				d.str(v, p, &c.Digest.Schedule)
			})
		case "discord":
			d.discord(v, p, &c.Discord)
		case "routes":
			d.routes(v, p, &c.Routes)
		case "scraper":
			d.scraper(v, p, &c.Scraper)
		case "sources":
			d.sources(v, p, &c.Sources)
		case "sites":
			d.sites(v, p, &c.Sites)
		}
	})
}

// sites decodes the `sites:` list: aliases for gazetteer sites, or new sites.
func (d *decoder) sites(n *yaml.Node, path string, out *[]Site) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.bad[path] = true
		d.errorf(path, n.Line, "must be a list of sites, each starting with \"- id:\", not %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.lines[p] = item.Line
		var s Site
		d.mapping(item, p, siteKeys, func(key string, v *yaml.Node, p string) {
			switch key {
			case "id":
				d.str(v, p, &s.ID)
			case "kind":
				d.str(v, p, &s.Kind)
			case "country":
				d.str(v, p, &s.Country)
			case "name_en":
				d.str(v, p, &s.NameEN)
			case "name_ar":
				d.str(v, p, &s.NameAR)
			case "aliases_en":
				d.strList(v, p, &s.AliasesEN)
			case "aliases_ar":
				d.strList(v, p, &s.AliasesAR)
			}
		})
		*out = append(*out, s)
	}
}

func (d *decoder) discord(n *yaml.Node, path string, out *Discord) {
	d.mapping(n, path, discordKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "webhook_url":
			d.str(v, p, &out.WebhookURL)
		case "token":
			d.str(v, p, &out.Token)
		case "channel_id":
			d.str(v, p, &out.ChannelID)
		case "api_url":
			d.str(v, p, &out.APIURL)
		case "embassy_role_id":
			d.str(v, p, &out.EmbassyRoleID)
		case "commands":
			d.boolean(v, p, &out.Commands)
		case "command_roles":
			d.strList(v, p, &out.CommandRoles)
		case "guild_id":
			d.str(v, p, &out.GuildID)
		}
	})
}

func (d *decoder) scraper(n *yaml.Node, path string, out *Scraper) {
	d.mapping(n, path, scraperKeys, func(key string, v *yaml.Node, p string) {
		switch key {
		case "user_agent":
			d.str(v, p, &out.UserAgent)
		case "timeout":
			d.duration(v, p, &out.Timeout)
		case "max_body_size":
			d.integer(v, p, "10485760", &out.MaxBodySize)
		case "parallelism":
			d.integer(v, p, "4", &out.Parallelism)
		case "delay":
			d.duration(v, p, &out.Delay)
		case "max_articles":
			d.integer(v, p, "50", &out.MaxArticles)
		}
	})
}

func (d *decoder) sources(n *yaml.Node, path string, out *[]Source) {
	decodeList(d, n, path, "source", "name: and url: or feed:", sourceKeys, out, func(s *Source, key string, v *yaml.Node, p string) {
		switch key {
		case "name":
			d.str(v, p, &s.Name)
		case "url":
			d.str(v, p, &s.URL)
		case "feed":
			d.str(v, p, &s.Feed)
		case "links":
			d.str(v, p, &s.Links)
		case "follow":
			d.str(v, p, &s.Follow)
		case "article":
			d.str(v, p, &s.Article)
		case "exclude":
			d.strList(v, p, &s.Exclude)
		case "lang":
			d.str(v, p, &s.Lang)
		case "schedule":
			d.str(v, p, &s.Schedule)
		case "robots":
			d.boolean(v, p, &s.Robots)
		}
	})
}

// decodeList decodes a list of mappings (sources:, routes:): each item's
// line is kept for later errors, an item that is not a mapping is an error
// saying what a `what` needs (and still takes its place, so that indexes
// in later errors stay right), and set is called for each known key.
func decodeList[T any](d *decoder, n *yaml.Node, path, what, needs string, keys []string, out *[]T, set func(item *T, key string, v *yaml.Node, p string)) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.bad[path] = true
		d.errorf(path, n.Line, "must be a list of %ss, each starting with \"- name:\", not %s", what, kindName(n))
		return
	}
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.lines[p] = item.Line
		var t T
		item = deref(item)
		if item.Kind != yaml.MappingNode {
			d.bad[p] = true
			if isNull(item) {
				d.errorf(p, item.Line, "is empty: a %s needs at least %s", what, needs)
			} else {
				d.errorf(p, item.Line, "must be a mapping with the keys %s, not %s", strings.Join(keys, ", "), kindName(item))
			}
			*out = append(*out, t)
			continue
		}
		d.mapping(item, p, keys, func(key string, v *yaml.Node, p string) { set(&t, key, v, p) })
		*out = append(*out, t)
	}
}

// mapping checks that n is a mapping (or empty) and calls set for each of
// its known keys; unknown and repeated keys are reported.
func (d *decoder) mapping(n *yaml.Node, path string, keys []string, set func(key string, v *yaml.Node, path string)) {
	if n == nil {
		return
	}
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.bad[path] = true
		if path == "" {
			d.errorf("", n.Line, "the file must be a mapping of keys such as database:, discord: and sources:, not %s", kindName(n))
			return
		}
		d.errorf(path, n.Line, "must be a mapping with the keys %s, not %s", strings.Join(keys, ", "), kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(path, k.Line, "a key must be a plain name such as %s, not %s", keys[0], kindName(k))
			continue
		}
		p := k.Value
		if path != "" {
			p = path + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			d.bad[p] = true
			d.errorf(p, k.Line, "is set twice (first on line %d): keep one", first)
			continue
		}
		seen[k.Value] = k.Line
		if !slices.Contains(keys, k.Value) {
			d.errorf(p, k.Line, "%s", unknownKey(k.Value, keys))
			continue
		}
		d.lines[p] = k.Line
		set(k.Value, v, p)
	}
}

// unknownKey says that key is unknown, suggesting the key meant when one is
// close, or else listing the keys allowed.
func unknownKey(key string, keys []string) string {
	if key == "<<" {
		return "unknown key: merge keys (<<) are not supported; write the keys in full"
	}
	best, bestDist := "", 3
	for _, k := range keys {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" && len(key) >= 4 {
		for _, k := range keys {
			if strings.Contains(k, strings.ToLower(key)) || strings.Contains(strings.ToLower(key), k) {
				best = k
				break
			}
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown key: did you mean %s?", best)
	}
	return "unknown key: the keys allowed here are " + strings.Join(keys, ", ")
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// scalar returns the scalar n with environment variables expanded, or nil
// when n is empty or not a scalar (reported as "must be <want>").
func (d *decoder) scalar(n *yaml.Node, path, want string) *yaml.Node {
	n = deref(n)
	if n.Kind != yaml.ScalarNode {
		d.bad[path] = true
		d.errorf(path, n.Line, "must be %s, not %s", want, kindName(n))
		return nil
	}
	if !d.expand(n, path) {
		d.bad[path] = true
		return nil
	}
	if isNull(n) {
		return nil
	}
	return n
}

// expand replaces ${NAME}, $NAME and $$ in the scalar n (once: aliases share
// their anchor's node). It reports false when a variable holds a line break.
func (d *decoder) expand(n *yaml.Node, path string) bool {
	if d.expanded[n] || !strings.Contains(n.Value, "$") {
		return true
	}
	d.expanded[n] = true
	ok := true
	out := os.Expand(n.Value, func(name string) string {
		if name == "$" {
			return "$"
		}
		val, set := d.lookupEnv(name)
		if block := deliveryBlock(path); val == "" && block != "" {
			ok = false
			state := "is not set"
			if set {
				state = "is set but empty"
			}
			d.errorf(path, n.Line, "environment variable %s %s: in the %s block a variable must hold a value, or alerts would silently stop going where this block sends them; set it, or leave the key out (or write it empty, \"\") to mean none", name, state, block)
			return ""
		}
		if !set {
			d.warns = append(d.warns, &FieldError{Path: path, Line: n.Line,
				Msg: fmt.Sprintf("environment variable %s is not set, so it expands to \"\"", name)})
			return ""
		}
		if strings.ContainsAny(val, "\r\n") {
			ok = false
			d.errorf(path, n.Line, "environment variable %s holds a line break: a value must stay on one line", name)
			return ""
		}
		return val
	})
	if out != n.Value {
		n.Value = out
		if n.Style == 0 {
			n.Tag = "" // a plain scalar: resolve its type again ("${ROBOTS}" may be false)
		}
	}
	return ok
}

// deliveryBlocks are the top-level blocks that say where alerts go. In
// them a variable that expands to "" is an error, not a warning: an unset
// webhook or token would otherwise turn Discord (or a route) off without a
// word, and what was delivered meanwhile would be marked as delivered to the
// console.
var deliveryBlocks = []string{"discord", "routes"}

// deliveryBlock returns the delivery block that path lies in ("discord:"),
// or "" when it lies in none.
func deliveryBlock(path string) string {
	top := path
	if i := strings.IndexAny(path, ".["); i >= 0 {
		top = path[:i]
	}
	if slices.Contains(deliveryBlocks, top) {
		return top + ":"
	}
	return ""
}

func (d *decoder) str(n *yaml.Node, path string, out *string) {
	s := d.scalar(n, path, "a single value")
	if s == nil {
		return
	}
	if strings.ContainsAny(s.Value, "\r\n") {
		d.bad[path] = true
		d.errorf(path, s.Line, "must stay on one line: write it after the key, in quotes if needed, not as a | or > block")
		return
	}
	*out = s.Value
	if s.Value != "" {
		d.written[path] = true
	}
}

func (d *decoder) strList(n *yaml.Node, path string, out *[]string) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		var s string
		d.str(n, path, &s)
		if s != "" {
			*out = []string{s}
		}
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.bad[path] = true
		d.errorf(path, n.Line, "must be a list such as [\".related\", \"aside\"], not %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.lines[p] = item.Line
		var s string
		d.str(item, p, &s)
		*out = append(*out, s)
	}
	if len(*out) > 0 {
		d.written[path] = true
	}
}

func (d *decoder) boolean(n *yaml.Node, path string, out **bool) {
	s := d.scalar(n, path, "true or false")
	if s == nil {
		return
	}
	var b bool
	switch strings.ToLower(s.Value) {
	case "true":
		b = true
	case "false":
		b = false
	default:
		d.bad[path] = true
		d.errorf(path, s.Line, "must be true or false, not %s", quote(s.Value))
		return
	}
	*out = &b
	d.written[path] = true
}

func (d *decoder) integer(n *yaml.Node, path, example string, out *int) {
	s := d.scalar(n, path, "a whole number such as "+example)
	if s == nil {
		return
	}
	var i int
	if err := s.Decode(&i); err != nil {
		v, aerr := strconv.Atoi(strings.TrimSpace(s.Value))
		if aerr != nil {
			d.bad[path] = true
			d.errorf(path, s.Line, "must be a whole number such as %s, not %s", example, quote(s.Value))
			return
		}
		i = v
	}
	*out = i
	d.written[path] = true
}

func (d *decoder) duration(n *yaml.Node, path string, out *Duration) {
	s := d.scalar(n, path, "a duration such as \"72h\" or \"90d\"")
	if s == nil {
		return
	}
	v, err := ParseDuration(s.Value)
	if err != nil {
		d.bad[path] = true
		d.errorf(path, s.Line, "%s", err.Error())
		return
	}
	*out = Duration(v)
	d.written[path] = true
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is empty: no value, ~, null, or "" after
// expansion.
func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!null" || n.Value == "")
}

// kindName names the kind of n for a person editing YAML.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return "a single value" // not quoted: it may be a secret written in the wrong place
	default:
		return "nothing"
	}
}
