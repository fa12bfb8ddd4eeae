// Command benchsite serves the synthetic Arabic news site of
// internal/benchsite on loopback, for scripts/bench.sh:
//
//	go run ./bench/benchsite -n 2000 -addr 127.0.0.1:0
//
// It prints the base URL on its first line of output, then serves until
// killed. POST /-/change rewrites every tenth article (Site.Change); GET
// /-/stats reports the requests answered in full and with 304.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/raqib/raqib/internal/benchsite"
)

func main() {
	n := flag.Int("n", 1000, "number of articles")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()

	site := benchsite.New(*n, time.Now())
	mux := http.NewServeMux()
	mux.Handle("/", site)
	mux.HandleFunc("POST /-/change", func(w http.ResponseWriter, _ *http.Request) {
		site.Change()
		fmt.Fprintln(w, "changed")
	})
	mux.HandleFunc("GET /-/stats", func(w http.ResponseWriter, _ *http.Request) {
		full, not := site.Requests()
		fmt.Fprintf(w, "full %d not_modified %d\n", full, not)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
