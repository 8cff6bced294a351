package extapi

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"sync"

	"github.com/libextapi/extapi-go/internal/native"
)

// Client is one libextapi session: configuration, credentials, token state
// and connection pool.  It is safe for concurrent use by many goroutines;
// when the token needs renewing, exactly one renewal reaches the server.
//
// Close it when done.  A Client that is never closed is freed by a
// finalizer, but the garbage collector cannot see the native memory behind
// it, so relying on that lets native memory pile up between collections.
type Client struct {
	// use is read-held by every call for as long as C code uses the
	// session; Close write-holds it to free the session, since the C API
	// forbids freeing a session another thread is still using.
	use     sync.RWMutex
	session native.Session // nil once closed

	// state guards closed, inflight, the cancel handles of the calls in
	// progress, which Close fires so that it never waits long, and spare,
	// handles no one fired that a later call reuses (the C API lets one
	// handle serve any number of calls), so that a call costs no cgo
	// crossings for a handle of its own.
	state    sync.Mutex
	closed   bool
	inflight map[native.Cancel]struct{}
	spare    []native.Cancel
}

// NewClient creates a client.  No connection is made here; a configuration
// the library rejects gives an *Error matching ErrInvalidConfig, with Key
// naming the offending key.
func NewClient(config Config) (*Client, error) {
	text, err := json.Marshal(config)
	if err != nil {
		return nil, invalidArgument("config", err.Error())
	}
	c := newClient(string(text))
	if err := c.configError(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// newClient wraps a new session as the library makes it: a bad
// configuration gives a client whose every call answers invalid_config
// (the conformance cases check those answers).
func newClient(config string) *Client {
	c := &Client{session: native.NewSession(config), inflight: map[native.Cancel]struct{}{}}
	runtime.SetFinalizer(c, (*Client).Close)
	return c
}

// configError gives the library's invalid_config answer when it rejected
// the configuration.
func (c *Client) configError() error {
	info, err := c.Info()
	if err != nil {
		return err
	}
	var parsed struct {
		ConfigError json.RawMessage `json:"config_error"`
	}
	if err := info.Decode(&parsed); err != nil {
		return err
	}
	if len(parsed.ConfigError) == 0 || string(parsed.ConfigError) == "null" {
		return nil
	}
	// A session with a bad configuration answers every call with the
	// invalid_config document, without touching the network.
	_, err = c.Login(context.Background())
	return err
}

// Close cancels the calls in progress (they return ErrClosed within about
// 100 ms), waits for them, then frees the native session and wipes its
// secrets.  Later calls return ErrClosed.  Closing twice is fine.  It does
// not revoke the token: call Logout for that.
func (c *Client) Close() error {
	c.state.Lock()
	if c.closed {
		c.state.Unlock()
		return nil
	}
	c.closed = true
	for cancel := range c.inflight {
		cancel.Fire()
	}
	c.state.Unlock()

	c.use.Lock()
	defer c.use.Unlock()
	// No call runs any more: the spare handles are no one's.
	for _, cancel := range c.spare {
		native.DeleteCancel(cancel)
	}
	c.spare = nil
	native.DeleteSession(c.session)
	c.session = nil
	return nil
}

// maxSpareCancels bounds the unfired cancel handles a Client keeps for
// reuse: about as many as calls run at once.
const maxSpareCancels = 64

// call runs one C call with a cancel handle of its own, fired when ctx is done
// or the Client is closed, and interprets its document.
func (c *Client) call(ctx context.Context, do func(native.Session, native.Cancel) string) (*Result, error) {
	if ctx.Err() != nil {
		return nil, cancelled(ctx) // the library would send nothing either
	}
	c.use.RLock()
	defer c.use.RUnlock()
	c.state.Lock()
	if c.closed {
		c.state.Unlock()
		return nil, ErrClosed
	}
	var cancel native.Cancel
	if n := len(c.spare); n > 0 {
		cancel, c.spare = c.spare[n-1], c.spare[:n-1]
	} else {
		cancel = native.NewCancel()
	}
	c.inflight[cancel] = struct{}{}
	c.state.Unlock()

	// A context that can never be done (Background) needs no watcher, and
	// such a call allocates nothing here.
	fired := false
	var document string
	if done := ctx.Done(); done != nil {
		document, fired = watched(done, cancel, func() string { return c.blocking(do, cancel) })
	} else {
		document = c.blocking(do, cancel)
	}

	result, err := parse(document)

	c.state.Lock()
	delete(c.inflight, cancel)
	closed := c.closed
	// A handle that cannot have been fired (no watcher or Close fired it,
	// and the call succeeded) serves the next call; Close frees the spare
	// ones (it fires only those in flight).
	reuse := err == nil && !fired && !closed && len(c.spare) < maxSpareCancels
	if reuse {
		c.spare = append(c.spare, cancel)
	}
	c.state.Unlock()
	if !reuse {
		native.DeleteCancel(cancel)
	}

	if failure, ok := err.(*Error); ok && failure.Code == CodeCancelled {
		switch {
		case ctx.Err() != nil:
			failure.cause = ctx.Err()
		case closed:
			return nil, ErrClosed
		}
	}
	return result, err
}

// blocking makes the C call, which blocks for a whole HTTP exchange, after
// yielding to the scheduler once.  A goroutine making such calls back to
// back never passes through the scheduler otherwise, so its P looks, to the
// runtime's sysmon, like one running the same goroutine for over 10 ms:
// sysmon then takes the P back from every call on its next tick (20 µs),
// even with Ps idle, waking a spinning thread each time and never backing
// off, which costs more CPU per call than the call's own Go code.  The
// yield also lets a just-started watcher run and park before the P enters C.
func (c *Client) blocking(do func(native.Session, native.Cancel) string, cancel native.Cancel) string {
	runtime.Gosched()
	return do(c.session, cancel)
}

// watched runs call with a watcher goroutine that fires cancel should done
// be closed first, and reports whether it did.  The watcher is gone when
// watched returns: the handle may then be freed or reused, since
// ext_cancel_free is allowed only once nothing can fire it any more.
func watched(done <-chan struct{}, cancel native.Cancel, call func() string) (document string, fired bool) {
	stop, gone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(gone)
		select {
		case <-done:
			fired = true
			cancel.Fire()
		case <-stop:
		}
	}()
	document = call()
	close(stop)
	<-gone
	return document, fired
}

// plainCall runs a C call that has no cancellable form (token refresh,
// logout, info): ctx is checked before it starts only.
func (c *Client) plainCall(ctx context.Context, do func(native.Session) string) (*Result, error) {
	if ctx.Err() != nil {
		return nil, cancelled(ctx)
	}
	c.use.RLock()
	defer c.use.RUnlock()
	if c.session == nil {
		return nil, ErrClosed
	}
	return parse(do(c.session))
}

// Login obtains a token now (or adopts one from the token cache).  Other
// calls log in by themselves when needed.
func (c *Client) Login(ctx context.Context) (*Result, error) {
	return c.call(ctx, func(s native.Session, k native.Cancel) string { return s.LoginEx("", k) })
}

// GraphQL runs a query or mutation.  variables is nil for none, a JSON
// object as text (string, []byte, json.RawMessage), or any value that
// encoding/json turns into an object, such as a map[string]any.  A response
// carrying "errors" fails with ErrGraphQL; its partial data is in Data.
func (c *Client) GraphQL(ctx context.Context, query string, variables any, options ...CallOption) (*Result, error) {
	if err := checkText("query", query); err != nil {
		return nil, err
	}
	vars, err := optionalText("variables", variables)
	if err != nil {
		return nil, err
	}
	opts, err := optionsJSON(options)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, func(s native.Session, k native.Cancel) string { return s.GraphQLEx(query, vars, opts, k) })
}

// Request makes a REST call; path is appended to base_url (or is an
// absolute URL on the same origin).  body is nil for none, JSON text
// (string, []byte, json.RawMessage; with WithContentType any text), or any
// value that encoding/json can encode.  A non-2xx answer fails with
// ErrHTTP (ErrAuthFailed, ErrRateLimited), its body in Data.
func (c *Client) Request(ctx context.Context, method, path string, body any, options ...CallOption) (*Result, error) {
	if err := checkText("method", method); err != nil {
		return nil, err
	}
	if err := checkText("path", path); err != nil {
		return nil, err
	}
	text, err := optionalText("body", body)
	if err != nil {
		return nil, err
	}
	opts, err := optionsJSON(options)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, func(s native.Session, k native.Cancel) string { return s.RequestEx(method, path, text, opts, k) })
}

// Paginate GETs every page of a listing (ExtremeCloud IQ page/total_pages,
// MSX hasNext, or an RFC 8288 Link rel="next") and returns all its items,
// as sent, in Data.  Decode gives "pages", "complete" (false when
// WithMaxPages stopped it) and "style".  Options as for Request, plus
// WithMaxPages; ctx and WithTimeout bound all pages together.
func (c *Client) Paginate(ctx context.Context, path string, options ...CallOption) (*Result, error) {
	if err := checkText("path", path); err != nil {
		return nil, err
	}
	opts, err := optionsJSON(options)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, func(s native.Session, k native.Cancel) string { return s.Paginate(path, opts, k) })
}

// TokenRefresh renews the token now, even if it is still valid.  The C
// API has no cancellable refresh yet: ctx is checked before it starts, and
// the session's timeouts (DeadlineMS) bound it.
func (c *Client) TokenRefresh(ctx context.Context) (*Result, error) {
	return c.plainCall(ctx, native.Session.TokenRefresh)
}

// Logout revokes the token where the profile can, and forgets it.  Like
// TokenRefresh, it checks ctx before it starts only.
func (c *Client) Logout(ctx context.Context) (*Result, error) {
	return c.plainCall(ctx, native.Session.Logout)
}

// Info describes the session (profile, token state, counters, the last 32
// exchanges), secrets redacted.  It never touches the network.
func (c *Client) Info() (*Result, error) {
	return c.plainCall(context.Background(), native.Session.Info)
}

// Version is the C library's version, "MAJOR.MINOR.PATCH".
func Version() string { return native.Version() }

// optionalText gives the JSON text of an optional argument: "" (NULL in
// C) for nil, text types unchanged, anything else encoded.
func optionalText(key string, value any) (string, error) {
	var text string
	switch v := value.(type) {
	case nil:
		return "", nil
	case string:
		text = v
	case []byte:
		text = string(v)
	case json.RawMessage:
		text = string(v)
	default:
		encoded, err := json.Marshal(v)
		if err != nil {
			return "", invalidArgument(key, err.Error())
		}
		text = string(encoded)
	}
	return text, checkText(key, text)
}

// checkText refuses strings with a NUL byte, which C would silently cut
// short.
func checkText(key, text string) error {
	if strings.IndexByte(text, 0) >= 0 {
		return invalidArgument(key, "contains a NUL byte")
	}
	return nil
}
