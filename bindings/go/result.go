package extapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Result is a successful call's document,
// {"ok":true,"status":..,"data":..} (login and refresh: {"ok":true,"token":..}).
type Result struct {
	// Status is the HTTP status, 0 for calls without one (Login, Info, ...).
	Status int
	// Data is the response body as the server sent it, byte for byte but
	// for secrets redacted as whole strings (a body that is not JSON, or
	// WithResponse(ResponseText or ResponseBase64): a JSON string; none:
	// null).  Numbers keep every digit: unmarshal an id into an int64 or
	// uint64, or with Decoder.UseNumber, not into a float64.
	Data json.RawMessage
	// Headers holds the response headers named in the configuration's
	// ResponseHeaders that the answer carried, keyed by lower-cased name
	// (repeated headers joined with ", "); nil when none.
	Headers map[string]string
	// RateLimit is what the server said about its rate limit, nil when it
	// sent no RateLimit-* or X-RateLimit-* headers.
	RateLimit *RateLimit
	// JSON is the whole document as the library returned it.
	JSON string
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
	if err := json.Unmarshal(r.Data, &text); err != nil {
		return nil, fmt.Errorf("extapi: Data is not a base64 string: %w", err)
	}
	return base64.StdEncoding.DecodeString(text)
}

// parse splits a document into a *Result or an *Error.
func parse(document string) (*Result, error) {
	if document == "" {
		// The library returns NULL only when out of memory; SWIG turns
		// that into an empty string.
		return nil, &Error{Code: CodeOutOfMemory, Message: "the library returned no document"}
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
	return &Result{Status: d.Status, Data: d.Data, Headers: d.Headers,
		RateLimit: d.RateLimit, JSON: document}, nil
}
