package discord

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/raqib/raqib/alerts"
	"github.com/raqib/raqib/internal/oneline"
)

const redacted = "[REDACTED]"

// defaultRetryAfter is the wait given for a 429 that says nothing of how
// long to wait.
const defaultRetryAfter = time.Second

// scrubber removes secrets from error text. discordgo's errors quote the
// request URL (RateLimitError, and net/http's *url.Error for connection
// failures), which holds the webhook token.
type scrubber struct{ r *strings.Replacer }

// newScrubber replaces each secret by [REDACTED], and discordgo's API base
// by the one requests really went to (errors quote the URL as discordgo
// built it, before the transport moved it).
func newScrubber(base *url.URL, secrets ...string) scrubber {
	var olds []string
	seen := map[string]bool{}
	for _, s := range secrets {
		for _, v := range []string{s, url.PathEscape(s), url.QueryEscape(s)} {
			if v != "" && !seen[v] {
				seen[v] = true
				olds = append(olds, v)
			}
		}
	}
	// A Replacer tries its strings in argument order at each position:
	// longest first, so a secret that contains another goes whole.
	sort.SliceStable(olds, func(i, j int) bool { return len(olds[i]) > len(olds[j]) })
	pairs := make([]string, 0, 2*len(olds)+2)
	for _, o := range olds {
		pairs = append(pairs, o, redacted)
	}
	pairs = append(pairs, discordgo.EndpointAPI, base.String()+"/")
	return scrubber{strings.NewReplacer(pairs...)}
}

func (s scrubber) clean(msg string) string { return s.r.Replace(msg) }

// safeError carries a scrubbed message. It keeps the original for errors.Is
// (context.DeadlineExceeded, os.ErrDeadlineExceeded...) but never hands it
// out through Unwrap, so no caller can print the unscrubbed text.
type safeError struct {
	msg   string
	cause error
}

func (e *safeError) Error() string { return e.msg }

func (e *safeError) Is(target error) bool { return errors.Is(e.cause, target) }

// Timeout reports whether the cause was a timeout, as net.Error does.
func (e *safeError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.cause, &t) && t.Timeout()
}

// discordError is the JSON error body Discord sends.
type discordError struct {
	Message    string          `json:"message"`
	Code       int             `json:"code"`
	Errors     json.RawMessage `json:"errors"`
	RetryAfter float64         `json:"retry_after"`
	Global     bool            `json:"global"`
}

// classify turns the outcome of one request into a *alerts.DeliveryError.
// It goes by the status the transport recorded rather than by discordgo's
// error type, because discordgo reports some statuses without it: a 502 as
// a plain fmt error ("Exceeded Max retries"), a 429 whose body is not JSON
// as an unmarshal error.
func (n *Notifier) classify(rec *record, body []byte, err error) *alerts.DeliveryError {
	status := rec.status
	if status == 0 {
		return &alerts.DeliveryError{Failure: alerts.Temporary, Err: n.safe("no answer", err)}
	}
	var de discordError
	_ = json.Unmarshal(body, &de) // a proxy's HTML error page leaves it empty
	switch {
	case status == http.StatusTooManyRequests:
		wait := retryAfter(de, rec.header)
		what := "rate limited"
		if de.Global || rec.header.Get("X-RateLimit-Global") != "" {
			what = "rate limited (global)"
		}
		return &alerts.DeliveryError{Failure: alerts.RateLimited, Status: status, RetryAfter: wait,
			Err: n.safe(fmt.Sprintf("%s, retry after %s", what, wait), nil)}
	case status == http.StatusBadRequest:
		return &alerts.DeliveryError{Failure: alerts.Rejected, Status: status, Err: n.safe(describeAPIError(de, body), nil)}
	case status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusNotFound:
		return &alerts.DeliveryError{Failure: alerts.Unauthorized, Status: status, Err: n.safe(describeAPIError(de, body), nil)}
	case status == http.StatusRequestTimeout || status == http.StatusTooEarly || status >= 500:
		return &alerts.DeliveryError{Failure: alerts.Temporary, Status: status, Err: n.safe(describeAPIError(de, body), nil)}
	case status >= 400:
		// 405, 413, 415, 422...: this payload or request cannot succeed as is.
		return &alerts.DeliveryError{Failure: alerts.Rejected, Status: status, Err: n.safe(describeAPIError(de, body), nil)}
	}
	// 1xx and 3xx that the client did not resolve: odd, worth a retry.
	return &alerts.DeliveryError{Failure: alerts.Temporary, Status: status, Err: n.safe("unexpected answer", err)}
}

// safe builds an error whose text names the destination and holds no
// secret; cause is kept for errors.Is only.
func (n *Notifier) safe(msg string, cause error) error {
	if cause != nil {
		msg += ": " + cause.Error()
	}
	return &safeError{msg: n.scrub.clean(n.mode + ": " + msg), cause: cause}
}

// retryAfter reads how long a 429 asks to wait: the body's retry_after
// (seconds, with a fraction), else the Retry-After header (seconds or an
// HTTP date), else X-RateLimit-Reset-After.
func retryAfter(de discordError, h http.Header) time.Duration {
	if d := secondsToDuration(de.RetryAfter); d > 0 {
		return d
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			if d := secondsToDuration(f); d > 0 {
				return d
			}
		} else if t, err := http.ParseTime(v); err == nil {
			if d := time.Until(t); d > 0 {
				return d
			}
		}
	}
	if f, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64); err == nil {
		if d := secondsToDuration(f); d > 0 {
			return d
		}
	}
	return defaultRetryAfter
}

func secondsToDuration(f float64) time.Duration {
	if !(f > 0) || f > maxReset {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// describeAPIError renders Discord's error body: its message and code, and
// for "Invalid Form Body" the first few fields it complained about
// ("embeds.0.title: Must be 256 or fewer in length.").
func describeAPIError(de discordError, body []byte) string {
	if de.Message == "" {
		text := strings.TrimSpace(string(body))
		if text == "" {
			return "empty error body"
		}
		return "answer: " + cut(oneline.Clean(text), 200)
	}
	msg := de.Message
	if de.Code != 0 {
		msg = fmt.Sprintf("%s (code %d)", de.Message, de.Code)
	}
	if problems := formProblems(de.Errors, 3); len(problems) > 0 {
		msg += ": " + strings.Join(problems, "; ")
	}
	return msg
}

// formProblems flattens Discord's nested "errors" object into at most limit
// "path: message" lines, sorted for stable output.
func formProblems(raw json.RawMessage, limit int) []string {
	var tree map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &tree) != nil {
		return nil
	}
	var out []string
	var walk func(path string, node map[string]any)
	walk = func(path string, node map[string]any) {
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "_errors" {
				list, _ := node[k].([]any)
				for _, item := range list {
					if m, ok := item.(map[string]any); ok {
						out = append(out, fmt.Sprintf("%s: %v", path, m["message"]))
					}
				}
				continue
			}
			if child, ok := node[k].(map[string]any); ok {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, child)
			}
		}
	}
	walk("", tree)
	if len(out) > limit {
		out = append(out[:limit], fmt.Sprintf("and %d more", len(out)-limit))
	}
	return out
}
