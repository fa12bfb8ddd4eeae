package main

import (
	"net/http"
	"time"
)

// slowArticle serves h, but answers path only after delay, telling started
// when that request arrives: a pass in flight that a test can catch.
func slowArticle(h http.Handler, path string, delay time.Duration, started chan<- struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			select {
			case started <- struct{}{}:
			default:
			}
			time.Sleep(delay)
		}
		h.ServeHTTP(w, r)
	})
}
