package discordtest

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The gateway: a websocket endpoint that speaks Discord's gateway protocol
// (version 9 or 10, JSON encoding) well enough for discordgo to connect,
// identify, keep its heartbeats, receive INTERACTION_CREATE and reconnect:
//
//	GET /api/v10/gateway        → {"url": "ws://127.0.0.1:PORT/"}
//	ws://127.0.0.1:PORT/?v=9&encoding=json
//	  ← HELLO (op 10, heartbeat_interval)
//	  → IDENTIFY (op 2) ← READY (op 0, seq 1)       or
//	  → RESUME (op 6)   ← the dispatches missed, then RESUMED, or INVALID_SESSION (op 9)
//	  → HEARTBEAT (op 1) ← HEARTBEAT_ACK (op 11)
//
// When IDENTIFY asks for compression, dispatches are sent as zlib-compressed
// binary frames, as Discord may send them. What the gateway checks, as
// Discord does: the token (close 4004), privileged intents the fake's
// application is not granted (4014), a second IDENTIFY (4005), anything but
// a heartbeat before IDENTIFY (4003), unknown opcodes (4001), bad JSON
// (4002).
//
// The REST faults (FailNext, Down, Stall, ...) never touch the gateway; it
// has faults of its own: ForceReconnect, GatewayDown, HeartbeatAcks.

// DefaultHeartbeatInterval is the interval HELLO gives, as Discord's.
const DefaultHeartbeatInterval = 41250 * time.Millisecond

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresence       = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// Intents Discord calls privileged; the fake's application has none of them.
const privilegedIntents = 1<<1 | 1<<8 | 1<<15 // GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT

// Reconnect is a way ForceReconnect makes the client reconnect.
type Reconnect int

const (
	// RequestReconnect sends op 7 RECONNECT: the client should close and
	// RESUME on a new connection.
	RequestReconnect Reconnect = iota
	// DropConnection closes the TCP connection without a close frame, as a
	// network failure does.
	DropConnection
	// InvalidateSession sends op 9 INVALID_SESSION (not resumable) and
	// forgets the session: the client must IDENTIFY again.
	InvalidateSession
	// CloseResumable sends a close frame with code 4000 (unknown error),
	// after which a client may RESUME.
	CloseResumable
)

// GatewayEvent is one gateway payload, as the fake received or sent it.
type GatewayEvent struct {
	Conn    int    // the connection, numbered from 1
	Session string // the session it belongs to, "" before IDENTIFY or RESUME
	Sent    bool   // true: the fake sent it; false: the client did
	Op      int
	Type    string // of a dispatch
	Seq     int64  // of a dispatch
	Data    json.RawMessage
	At      time.Time
}

// GatewayStats counts what happened on the gateway.
type GatewayStats struct {
	Connections int  // websocket connections accepted, ever
	Identifies  int  // IDENTIFY payloads accepted (new sessions)
	Resumes     int  // RESUME payloads accepted
	Ready       int  // handshakes completed: READY or RESUMED sent
	Heartbeats  int  // heartbeats received
	Live        bool // a session is connected and ready now
	// Closes holds the close codes the fake sent, in order.
	Closes []int
}

// gateway is the gateway's state, guarded by Server.mu.
type gateway struct {
	interval time.Duration
	noAcks   bool
	down     bool

	conns    map[int]*gwConn
	nextConn int
	sessions map[string]*gwSession
	log      []GatewayEvent
	stats    GatewayStats
}

// gwConn is one websocket connection.
type gwConn struct {
	id       int
	ws       *websocket.Conn
	wmu      sync.Mutex // one writer at a time; taken before Server.mu, never after
	compress bool       // guarded by Server.mu
	sess     *gwSession // guarded by Server.mu; nil until IDENTIFY or RESUME
	ready    bool       // guarded by Server.mu: READY or RESUMED sent
}

// gwSession is a gateway session: it outlives its connections until it is
// invalidated, so that a client can RESUME it.
type gwSession struct {
	id      string
	intents int64
	seq     int64
	sent    []gwFrame // every dispatch, for replay on RESUME
	conn    *gwConn   // the live connection, nil when none
}

// gwFrame is a gateway payload.
type gwFrame struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  *int64          `json:"s"`
	Type *string         `json:"t"`
}

func newGateway() gateway {
	return gateway{interval: DefaultHeartbeatInterval, conns: map[int]*gwConn{}, sessions: map[string]*gwSession{}}
}

// GatewayURL is the URL GET /gateway answers: ws://127.0.0.1:PORT/.
func (s *Server) GatewayURL() string { return "ws" + strings.TrimPrefix(s.Root, "http") + "/" }

// SetHeartbeatInterval sets the interval the next HELLOs give (0: Discord's
// default). discordgo gives up on a connection whose heartbeats go
// unanswered for five intervals.
func (s *Server) SetHeartbeatInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		d = DefaultHeartbeatInterval
	}
	s.gw.interval = d
}

// HeartbeatAcks turns the answers to heartbeats on (the default) or off:
// off, the connection looks dead to the client, which should reconnect.
func (s *Server) HeartbeatAcks(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.noAcks = !on
}

// GatewayDown drops every gateway connection and refuses new ones (the
// upgrade request's connection is closed without an answer) until
// GatewayUp. The REST API keeps answering.
func (s *Server) GatewayDown() {
	s.mu.Lock()
	s.gw.down = true
	conns := s.liveConnsLocked()
	for _, c := range conns {
		s.detachLocked(c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
}

// GatewayUp undoes GatewayDown.
func (s *Server) GatewayUp() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.down = false
	s.notifyLocked()
}

// ForceReconnect makes every connected client reconnect, the way how says,
// and returns how many connections it reached.
func (s *Server) ForceReconnect(how Reconnect) int {
	s.mu.Lock()
	conns := s.liveConnsLocked()
	s.mu.Unlock()
	for _, c := range conns {
		switch how {
		case RequestReconnect:
			s.send(c, gwFrame{Op: opReconnect, Data: json.RawMessage("null")})
		case DropConnection:
			s.mu.Lock()
			s.detachLocked(c)
			s.mu.Unlock()
			c.drop()
		case InvalidateSession:
			s.mu.Lock()
			if c.sess != nil {
				delete(s.gw.sessions, c.sess.id)
				c.sess.conn = nil
				c.sess = nil
			}
			c.ready = false
			s.mu.Unlock()
			s.send(c, gwFrame{Op: opInvalidSession, Data: json.RawMessage("false")})
		case CloseResumable:
			s.closeConn(c, 4000, "Unknown error.")
		}
	}
	return len(conns)
}

// GatewayStats returns the gateway's counts.
func (s *Server) GatewayStats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gatewayStatsLocked()
}

func (s *Server) gatewayStatsLocked() GatewayStats {
	st := s.gw.stats
	st.Closes = append([]int(nil), st.Closes...)
	st.Live = s.liveSessionLocked() != nil
	return st
}

// WaitGateway waits until ok says yes to the gateway's counts, or timeout
// passed; it returns the last counts and whether ok said yes.
func (s *Server) WaitGateway(timeout time.Duration, ok func(GatewayStats) bool) (GatewayStats, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		st, changed := s.gatewayStatsLocked(), s.changed
		s.mu.Unlock()
		if ok(st) {
			return st, true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return st, false
		case <-s.done:
			return st, false
		}
	}
}

// GatewayLog returns every gateway payload received and sent, in order.
func (s *Server) GatewayLog() []GatewayEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayEvent(nil), s.gw.log...)
}

func (s *Server) liveConnsLocked() []*gwConn {
	out := make([]*gwConn, 0, len(s.gw.conns))
	for i := 1; i <= s.gw.nextConn; i++ {
		if c := s.gw.conns[i]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// liveSessionLocked is the session that last became ready and is still
// connected, or nil.
func (s *Server) liveSessionLocked() *gwSession {
	for i := s.gw.nextConn; i >= 1; i-- {
		if c := s.gw.conns[i]; c != nil && c.ready && c.sess != nil {
			return c.sess
		}
	}
	return nil
}

// isWebSocket reports whether r asks to upgrade to a websocket.
func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

var upgrader = websocket.Upgrader{
	CheckOrigin: func(*http.Request) bool { return true }, // bots send no Origin
}

// serveGateway runs one gateway connection until it closes.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.gw.down
	s.mu.Unlock()
	if down || r.URL.Path != "/" {
		dropConnection(w)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	s.mu.Lock()
	s.gw.nextConn++
	c := &gwConn{id: s.gw.nextConn, ws: ws}
	s.gw.conns[c.id] = c
	s.gw.stats.Connections++
	interval := s.gw.interval
	s.notifyLocked()
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		s.detachLocked(c)
		s.mu.Unlock()
	}()
	go func() { // the test's end closes every connection
		<-s.done
		c.drop()
	}()

	q := r.URL.Query()
	if v := q.Get("v"); v != "9" && v != "10" {
		s.closeConn(c, 4012, "Invalid API version.")
		return
	}
	if q.Get("encoding") != "json" {
		s.closeConn(c, 4002, "Error while decoding payload.") // only JSON here
		return
	}
	s.send(c, gwFrame{Op: opHello, Data: mustJSON(map[string]any{"heartbeat_interval": interval.Milliseconds()})})
	for {
		mt, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f gwFrame
		if mt != websocket.TextMessage || json.Unmarshal(data, &f) != nil {
			s.closeConn(c, 4002, "Error while decoding payload.")
			return
		}
		s.logEvent(c, false, f)
		if !s.handleFrame(c, f) {
			return
		}
	}
}

// handleFrame answers one payload from the client; false ends the
// connection.
func (s *Server) handleFrame(c *gwConn, f gwFrame) bool {
	s.mu.Lock()
	sess := c.sess
	s.mu.Unlock()
	switch f.Op {
	case opHeartbeat:
		s.mu.Lock()
		s.gw.stats.Heartbeats++
		noAcks := s.gw.noAcks
		s.notifyLocked()
		s.mu.Unlock()
		if !noAcks {
			s.send(c, gwFrame{Op: opHeartbeatAck, Data: json.RawMessage("null")})
		}
		return true
	case opIdentify:
		if sess != nil {
			s.closeConn(c, 4005, "Already authenticated.")
			return false
		}
		return s.identify(c, f.Data)
	case opResume:
		if sess != nil {
			s.closeConn(c, 4005, "Already authenticated.")
			return false
		}
		return s.resume(c, f.Data)
	case opPresence, opVoiceState, opRequestMembers:
		if sess == nil {
			s.closeConn(c, 4003, "Not authenticated.")
			return false
		}
		return true
	}
	s.closeConn(c, 4001, "Unknown opcode.")
	return false
}

type identifyData struct {
	Token      string            `json:"token"`
	Intents    *int64            `json:"intents"`
	Compress   bool              `json:"compress"`
	Properties map[string]string `json:"properties"`
	Shard      *[2]int           `json:"shard"`
}

// tokenOK accepts the bot token bare or, as discordgo sends it, with its
// "Bot " prefix.
func (s *Server) tokenOK(tok string) bool {
	return tok == s.botToken || tok == "Bot "+s.botToken
}

func (s *Server) identify(c *gwConn, raw json.RawMessage) bool {
	var d identifyData
	if json.Unmarshal(raw, &d) != nil || d.Intents == nil || d.Properties == nil {
		s.closeConn(c, 4002, "Error while decoding payload.")
		return false
	}
	if !s.tokenOK(d.Token) {
		s.closeConn(c, 4004, "Authentication failed.")
		return false
	}
	if *d.Intents&privilegedIntents != 0 {
		s.closeConn(c, 4014, "Disallowed intent(s).")
		return false
	}
	if d.Shard != nil && (d.Shard[1] != 1 || d.Shard[0] != 0) {
		s.closeConn(c, 4011, "Sharding required.") // one shard is all the fake has
		return false
	}
	// The order of the properties' keys is the client's business: old
	// clients (discordgo) write "$os", current docs "os".
	if d.Properties["os"] == "" && d.Properties["$os"] == "" {
		s.closeConn(c, 4002, "Error while decoding payload.")
		return false
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	s.mu.Lock()
	sess := &gwSession{id: randomHex(16), intents: *d.Intents, conn: c}
	s.gw.sessions[sess.id] = sess
	c.sess, c.compress = sess, d.Compress
	s.gw.stats.Identifies++
	// Ready from now: the client may act on READY before the write returns.
	c.ready = true
	s.gw.stats.Ready++
	s.mu.Unlock()
	ready := map[string]any{
		"v":                  10,
		"user":               map[string]any{"id": botUserID, "username": "raqib", "discriminator": "0000", "bot": true, "global_name": nil},
		"guilds":             []any{map[string]any{"id": guildID, "unavailable": true}},
		"session_id":         sess.id,
		"resume_gateway_url": s.GatewayURL(),
		"shard":              []int{0, 1},
		"application":        map[string]any{"id": applicationID, "flags": 0},
		"private_channels":   []any{},
	}
	return s.dispatchLocked(c, sess, "READY", mustJSON(ready)) == nil
}

type resumeData struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) bool {
	var d resumeData
	if json.Unmarshal(raw, &d) != nil {
		s.closeConn(c, 4002, "Error while decoding payload.")
		return false
	}
	if !s.tokenOK(d.Token) {
		s.closeConn(c, 4004, "Authentication failed.")
		return false
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	s.mu.Lock()
	sess := s.gw.sessions[d.SessionID]
	if sess == nil || d.Seq > sess.seq {
		s.mu.Unlock()
		// Not resumable: the client must identify again on this
		// connection (discordgo does).
		return s.writeLocked(c, gwFrame{Op: opInvalidSession, Data: json.RawMessage("false")}) == nil
	}
	if old := sess.conn; old != nil && old != c {
		old.sess = nil
		old.ready = false
		go old.drop() // a session has one connection
	}
	sess.conn, c.sess = c, sess
	var missed []gwFrame
	for _, f := range sess.sent {
		if *f.Seq > d.Seq {
			missed = append(missed, f)
		}
	}
	s.gw.stats.Resumes++
	s.mu.Unlock()
	for _, f := range missed {
		if s.writeLocked(c, f) != nil {
			return false
		}
	}
	s.mu.Lock()
	c.ready = true
	s.gw.stats.Ready++
	s.mu.Unlock()
	return s.dispatchLocked(c, sess, "RESUMED", json.RawMessage("{}")) == nil
}

// dispatch sends a dispatch of type typ in sess, numbered after the last,
// to the session's live connection. c.wmu must be held by the caller of
// dispatchLocked; dispatch takes it.
func (s *Server) dispatch(sess *gwSession, typ string, data json.RawMessage) error {
	s.mu.Lock()
	c := sess.conn
	s.mu.Unlock()
	if c == nil {
		return fmt.Errorf("discordtest: session %s has no connection", sess.id)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return s.dispatchLocked(c, sess, typ, data)
}

func (s *Server) dispatchLocked(c *gwConn, sess *gwSession, typ string, data json.RawMessage) error {
	s.mu.Lock()
	if sess.conn != c {
		s.mu.Unlock()
		return fmt.Errorf("discordtest: session %s moved to another connection", sess.id)
	}
	sess.seq++
	seq, t := sess.seq, typ
	f := gwFrame{Op: opDispatch, Data: data, Seq: &seq, Type: &t}
	sess.sent = append(sess.sent, f)
	s.mu.Unlock()
	return s.writeLocked(c, f)
}

// send writes f to c.
func (s *Server) send(c *gwConn, f gwFrame) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return s.writeLocked(c, f)
}

// writeLocked writes f, zlib-compressed in a binary frame when it is a
// dispatch and the client asked for compression. c.wmu must be held.
func (s *Server) writeLocked(c *gwConn, f gwFrame) error {
	data := mustJSON(f)
	s.mu.Lock()
	compress := c.compress && f.Op == opDispatch
	s.mu.Unlock()
	s.logEvent(c, true, f)
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if !compress {
		return c.ws.WriteMessage(websocket.TextMessage, data)
	}
	var buf bytes.Buffer
	z := zlib.NewWriter(&buf)
	z.Write(data)
	z.Close()
	return c.ws.WriteMessage(websocket.BinaryMessage, buf.Bytes())
}

// closeConn sends a close frame with code and closes the connection.
func (s *Server) closeConn(c *gwConn, code int, text string) {
	s.mu.Lock()
	s.gw.stats.Closes = append(s.gw.stats.Closes, code)
	s.detachLocked(c)
	s.mu.Unlock()
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.wmu.Unlock()
	c.drop()
}

// detachLocked takes c out of the live connections and its session, at
// once, for a connection the fake is closing. s.mu must be held.
func (s *Server) detachLocked(c *gwConn) {
	delete(s.gw.conns, c.id)
	c.ready = false
	if c.sess != nil && c.sess.conn == c {
		c.sess.conn = nil
	}
	s.notifyLocked()
}

// drop closes the TCP connection at once.
func (c *gwConn) drop() { c.ws.UnderlyingConn().Close() }

func (s *Server) logEvent(c *gwConn, sent bool, f gwFrame) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := GatewayEvent{Conn: c.id, Sent: sent, Op: f.Op, Data: append(json.RawMessage(nil), f.Data...), At: time.Now()}
	if c.sess != nil {
		e.Session = c.sess.id
	}
	if f.Seq != nil {
		e.Seq = *f.Seq
	}
	if f.Type != nil {
		e.Type = *f.Type
	}
	s.gw.log = append(s.gw.log, e)
	s.notifyLocked()
}

func mustJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: " + err.Error()) // the fake's own values always encode
	}
	return data
}
