package scraper

import (
	"context"
	"errors"
	"net/http"

	"github.com/raqib/raqib"
)

// ErrNotModified is the error of a conditional request that the server
// answered 304 Not Modified: the page is as it was when its validators were
// stored.
var ErrNotModified = errors.New("not modified")

// Validators stores the validators of the pages passes have read, so that a
// later pass, in this process or another, asks for each page conditionally
// (If-None-Match, If-Modified-Since) and skips what the server says has not
// changed. storage.DB implements it.
//
// Validator reports false when url has none (or they cannot be read: the
// page is then fetched in full). SaveValidators stores vs, replacing what
// each URL had.
type Validators interface {
	Validator(ctx context.Context, url string) (etag, lastModified string, ok bool)
	SaveValidators(ctx context.Context, vs ...raqib.Validator) error
}

// putBatch is how many article validators a pass stores at once.
const putBatch = 100

// conditional returns the request headers that ask for u only if it
// changed, or nil when v is nil or knows nothing of u.
func conditional(ctx context.Context, v Validators, u string) http.Header {
	if v == nil {
		return nil
	}
	etag, lastModified, ok := v.Validator(ctx, u)
	if !ok || (etag == "" && lastModified == "") {
		return nil
	}
	h := http.Header{}
	if etag != "" {
		h.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		h.Set("If-Modified-Since", lastModified)
	}
	return h
}

// validatorOf returns the validators of a response; ok is false when the
// server sent none.
func validatorOf(u string, h *http.Header) (raqib.Validator, bool) {
	if h == nil {
		return raqib.Validator{}, false
	}
	v := raqib.Validator{URL: u, ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified")}
	if v.ETag == "" && v.LastModified == "" {
		return raqib.Validator{}, false
	}
	return v, true
}
