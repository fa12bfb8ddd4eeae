package scraper

import (
	"context"
	"sync"
	"time"
)

// hostGate paces requests per host across every pass of a Scraper: at most
// parallelism requests to one host in flight, and each slot rests delay
// after its response is read before the next request may take it (Colly's
// LimitRule, but shared: two sources on one site, such as an outlet's
// Arabic and English sections whose schedules coincide, share one budget).
type hostGate struct {
	parallelism int
	delay       time.Duration

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

// hostSlots are one host's slots; users counts the requests holding or
// waiting for one, so that an unused host's entry can go.
type hostSlots struct {
	slots chan struct{}
	users int
}

func newHostGate(parallelism int, delay time.Duration) *hostGate {
	return &hostGate{parallelism: parallelism, delay: delay, hosts: map[string]*hostSlots{}}
}

// enter waits for a slot of host, or for ctx to end. The returned leave
// must be called once, when the response has been read: the slot rests
// delay, then frees.
func (g *hostGate) enter(ctx context.Context, host string) (leave func(), err error) {
	g.mu.Lock()
	h := g.hosts[host]
	if h == nil {
		h = &hostSlots{slots: make(chan struct{}, g.parallelism)}
		g.hosts[host] = h
	}
	h.users++
	g.mu.Unlock()

	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		g.done(host, h)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			time.AfterFunc(g.delay, func() {
				<-h.slots
				g.done(host, h)
			})
		})
	}, nil
}

// done ends one user of h, and forgets the host when it has none left.
func (g *hostGate) done(host string, h *hostSlots) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if h.users--; h.users == 0 {
		delete(g.hosts, host)
	}
}
