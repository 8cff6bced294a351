package extapi

import (
	"encoding/json"
	"runtime"
	"strings"
	"sync"
)

// Client is one libextapi session: configuration, credentials, token state
// and connection pool.  It is safe for concurrent use by many goroutines;
// when the token needs renewing, exactly one renewal reaches the server.
//
// Close it when done.  A Client that is never closed is freed by a
// finalizer, but the garbage collector cannot see the native memory behind
// it, so relying on that lets native memory pile up between collections.
type Client struct {
	// mu lets calls run in parallel while Close waits for them: the C API
	// forbids freeing a session another thread is still using.
	mu      sync.RWMutex
	session Session
}

// NewClient creates a client from a configuration: a JSON document (string,
// []byte or json.RawMessage) or any value that encoding/json turns into the
// configuration object.  No connection is made here.  A configuration the
// library rejects gives an *Error with Code "invalid_config".
func NewClient(config any) (*Client, error) {
	text, err := jsonText("config", config)
	if err != nil {
		return nil, err
	}
	c := newClient(text)
	if err := c.configError(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// newClient wraps a new session as the library makes it: a bad
// configuration gives a client whose every call answers invalid_config.
func newClient(config string) *Client {
	c := &Client{session: NewSession(config)}
	runtime.SetFinalizer(c, func(c *Client) { DeleteSession(c.session) })
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
	_, err = c.Login()
	return err
}

// Close frees the native session and wipes its secrets; it waits for calls
// in progress.  Later calls answer invalid_argument.  Closing twice is fine.
// It does not revoke the token: call Logout for that.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session.Close()
	return nil
}

// call runs one SWIG method under the read lock and interprets its
// document.  Holding c until the call returns also keeps the finalizer
// from freeing the session while C code still uses it.
func (c *Client) call(do func(Session) string) (*Result, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return parse(do(c.session))
}

// Login obtains a token now.  Other calls log in by themselves when needed.
func (c *Client) Login() (*Result, error) {
	return c.call(Session.Login)
}

// GraphQL runs a query or mutation.  variables is nil for none, a JSON
// object as text (string, []byte, json.RawMessage), or any value that
// encoding/json turns into an object, such as a map[string]any.
func (c *Client) GraphQL(query string, variables any) (*Result, error) {
	if err := checkText("query", query); err != nil {
		return nil, err
	}
	if variables == nil {
		return c.call(func(s Session) string { return s.GraphQL(query) })
	}
	text, err := jsonText("variables", variables)
	if err != nil {
		return nil, err
	}
	return c.call(func(s Session) string { return s.GraphQL(query, text) })
}

// Request makes a REST call; path is appended to base_url (or is an
// absolute URL on the same origin).  body is nil for none, JSON text
// (string, []byte, json.RawMessage), or any value that encoding/json can
// encode.
func (c *Client) Request(method, path string, body any) (*Result, error) {
	if err := checkText("method", method); err != nil {
		return nil, err
	}
	if err := checkText("path", path); err != nil {
		return nil, err
	}
	if body == nil {
		return c.call(func(s Session) string { return s.Request(method, path) })
	}
	text, err := jsonText("body", body)
	if err != nil {
		return nil, err
	}
	return c.call(func(s Session) string { return s.Request(method, path, text) })
}

// TokenRefresh renews the token now, even if it is still valid.
func (c *Client) TokenRefresh() (*Result, error) {
	return c.call(Session.TokenRefresh)
}

// Logout revokes the token where the profile can, and forgets it.
func (c *Client) Logout() (*Result, error) {
	return c.call(Session.Logout)
}

// Info describes the session (profile, token state, counters), secrets
// redacted.  It never touches the network.
func (c *Client) Info() (*Result, error) {
	return c.call(Session.Info)
}

// jsonText gives the JSON text of a value: text types pass unchanged,
// anything else is encoded.
func jsonText(what string, value any) (string, error) {
	var text string
	switch v := value.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	case json.RawMessage:
		text = string(v)
	default:
		encoded, err := json.Marshal(v)
		if err != nil {
			return "", invalidArgument(what + ": " + err.Error())
		}
		text = string(encoded)
	}
	return text, checkText(what, text)
}

// checkText refuses strings with a NUL byte, which C would silently cut
// short.
func checkText(what, text string) error {
	if strings.IndexByte(text, 0) >= 0 {
		return invalidArgument(what + " contains a NUL byte")
	}
	return nil
}
