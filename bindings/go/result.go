package extapi

import (
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
	// for secrets redacted as whole strings (a body that is not JSON: a
	// JSON string; none: null).  Numbers keep every digit: unmarshal an id
	// into an int64 or uint64, or with Decoder.UseNumber, not into a
	// float64.
	Data json.RawMessage
	// Headers holds the response headers named in the configuration's
	// "response_headers" that the answer carried, keyed by lower-cased
	// name (repeated headers joined with ", "); nil when none.
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

// Error is a failed call's document,
// {"ok":false,"status":..,"error":{"code":..,"message":..},"data":..}.
type Error struct {
	// Code is error.code: invalid_argument, invalid_config, network,
	// timeout, tls, insecure_transport, auth_failed, http, graphql,
	// rate_limited, invalid_response, out_of_memory or internal.
	Code    string
	Message string
	// Status is the HTTP status, 0 when no response was received.
	Status int
	// Data is the response's data where one came (GraphQL partial data,
	// the body of an HTTP error, as sent), else null or empty.
	Data json.RawMessage
	// Headers and RateLimit are as in Result.
	Headers   map[string]string
	RateLimit *RateLimit
	// RetryAfter is the server's Retry-After on a 429 or 503 answer
	// (code rate_limited or http), rounded up to whole seconds; 0 when it
	// sent none (or a time already past).
	RetryAfter time.Duration
	// JSON is the whole document as the library returned it (error.errors,
	// error.oauth and other details are there).
	JSON string
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("extapi: %s (HTTP %d): %s", e.Code, e.Status, e.Message)
	}
	return fmt.Sprintf("extapi: %s: %s", e.Code, e.Message)
}

// invalidArgument is the error for arguments refused before reaching C,
// shaped like the library's own invalid_argument.
func invalidArgument(message string) *Error {
	return &Error{Code: "invalid_argument", Message: message}
}

// parse splits a document into a *Result or an *Error.
func parse(document string) (*Result, error) {
	if document == "" {
		// The library returns NULL only when out of memory; SWIG turns
		// that into an empty string.
		return nil, &Error{Code: "out_of_memory", Message: "the library returned no document"}
	}
	var d struct {
		OK     bool            `json:"ok"`
		Status int             `json:"status"`
		Data   json.RawMessage `json:"data"`
		Error  struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
		Headers     map[string]string `json:"headers"`
		RateLimit   *RateLimit        `json:"rate_limit"`
		RetryAfterS int64             `json:"retry_after_s"`
	}
	if err := json.Unmarshal([]byte(document), &d); err != nil {
		return nil, fmt.Errorf("extapi: unreadable result document %q: %w", document, err)
	}
	if !d.OK {
		return nil, &Error{Code: d.Error.Code, Message: d.Error.Message,
			Status: d.Status, Data: d.Data, Headers: d.Headers, RateLimit: d.RateLimit,
			RetryAfter: time.Duration(d.RetryAfterS) * time.Second, JSON: document}
	}
	return &Result{Status: d.Status, Data: d.Data, Headers: d.Headers,
		RateLimit: d.RateLimit, JSON: document}, nil
}
