package extapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Result is a successful call's document,
// {"ok":true,"status":..,"data":..} (login and refresh: {"ok":true,"token":..}).
//
// A Result keeps the document's text and nothing more: its fields are
// parsed the first time one of Status, Data, Headers or RateLimit asks for
// them (once; a Result is safe for concurrent use), so a caller that only
// checks the error pays for no JSON parsing.
type Result struct {
	// JSON is the whole document as the library returned it.
	JSON string

	once   sync.Once
	fields resultFields
}

// resultFields are the parts of a document Result's accessors give.
type resultFields struct {
	Status    int               `json:"status"`
	Data      json.RawMessage   `json:"data"`
	Headers   map[string]string `json:"headers"`
	RateLimit *RateLimit        `json:"rate_limit"`
}

// parsed parses the document on first use.  The library's documents are
// valid JSON; should one not be, the accessors give zero values (Decode
// reports the error).
func (r *Result) parsed() *resultFields {
	r.once.Do(func() { _ = json.Unmarshal([]byte(r.JSON), &r.fields) })
	return &r.fields
}

// Status is the HTTP status, 0 for calls without one (Login, Info, ...).
func (r *Result) Status() int {
	if status, ok := leadingStatus(r.JSON); ok {
		return status
	}
	return r.parsed().Status
}

// Data is the response body as the server sent it, byte for byte but for
// secrets redacted as whole strings (a body that is not JSON, or
// WithResponse(ResponseText or ResponseBase64): a JSON string; none: null).
// Numbers keep every digit: unmarshal an id into an int64 or uint64, or
// with Decoder.UseNumber, not into a float64.  The slice is the Result's
// own: do not modify it.
func (r *Result) Data() json.RawMessage { return r.parsed().Data }

// Headers holds the response headers named in the configuration's
// ResponseHeaders that the answer carried, keyed by lower-cased name
// (repeated headers joined with ", "); nil when none.
func (r *Result) Headers() map[string]string { return r.parsed().Headers }

// RateLimit is what the server said about its rate limit, nil when it sent
// no RateLimit-* or X-RateLimit-* headers.
func (r *Result) RateLimit() *RateLimit { return r.parsed().RateLimit }

// leadingStatus reads the status of a document that begins
// {"ok":true,"status":NNN, as the library writes every document with a
// status, without parsing the rest.
func leadingStatus(document string) (int, bool) {
	const prefix = `{"ok":true,"status":`
	if !strings.HasPrefix(document, prefix) {
		return 0, false
	}
	status, i := 0, len(prefix)
	for ; i < len(document) && i < len(prefix)+4 && document[i] >= '0' && document[i] <= '9'; i++ {
		status = status*10 + int(document[i]-'0')
	}
	if i == len(prefix) || i >= len(document) || (document[i] != ',' && document[i] != '}') {
		return 0, false
	}
	return status, true
}

// RateLimit is an answer's RateLimit-* (or X-RateLimit-*) headers; a nil
// field is one the server did not send.
type RateLimit struct {
	Limit     *int64 `json:"limit"`
	Remaining *int64 `json:"remaining"`
	// ResetSeconds is the time until the window resets, in seconds.
	ResetSeconds *int64 `json:"reset_s"`
}

// Decode unmarshals the whole document into v, for the fields beyond
// Status and Data (token, has_token, counters, exchanges, revoked, ...).
// Numbers decoded into an interface value are json.Number, so that no
// digit is lost.
func (r *Result) Decode(v any) error {
	d := json.NewDecoder(strings.NewReader(r.JSON))
	d.UseNumber()
	return d.Decode(v)
}

// Bytes gives the body of a Request made WithResponse(ResponseBase64).
func (r *Result) Bytes() ([]byte, error) {
	var text string
	if err := json.Unmarshal(r.Data(), &text); err != nil {
		return nil, fmt.Errorf("extapi: Data is not a base64 string: %w", err)
	}
	return base64.StdEncoding.DecodeString(text)
}

// parse splits a document into a *Result or an *Error.  A success is told
// by the document's first bytes (the library writes {"ok":true first) and
// kept as text; an error document, rare, is parsed at once.
func parse(document string) (*Result, error) {
	if document == "" {
		// The library returns NULL only when out of memory; SWIG turns
		// that into an empty string.
		return nil, &Error{Code: CodeOutOfMemory, Message: "the library returned no document"}
	}
	if strings.HasPrefix(document, `{"ok":true`) && len(document) > len(`{"ok":true`) &&
		(document[len(`{"ok":true`)] == ',' || document[len(`{"ok":true`)] == '}') {
		return &Result{JSON: document}, nil
	}
	var d struct {
		OK     bool            `json:"ok"`
		Status int             `json:"status"`
		Data   json.RawMessage `json:"data"`
		Error  struct {
			Code    Code   `json:"code"`
			Message string `json:"message"`
			Key     string `json:"key"`
		} `json:"error"`
		Headers     map[string]string `json:"headers"`
		RateLimit   *RateLimit        `json:"rate_limit"`
		RetryAfterS int64             `json:"retry_after_s"`
	}
	if err := json.Unmarshal([]byte(document), &d); err != nil {
		return nil, &Error{Code: CodeInternal, Message: "unreadable result document: " + err.Error(), JSON: document}
	}
	if !d.OK {
		return nil, &Error{Code: d.Error.Code, Message: d.Error.Message, Key: d.Error.Key,
			Status: d.Status, Data: d.Data, Headers: d.Headers, RateLimit: d.RateLimit,
			RetryAfter: time.Duration(d.RetryAfterS) * time.Second, JSON: document}
	}
	// Valid, successful, but not written the library's way: parsed now.
	result := &Result{JSON: document}
	result.parsed()
	return result, nil
}
