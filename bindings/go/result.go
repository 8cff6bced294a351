package extapi

import (
	"encoding/json"
	"fmt"
)

// Result is a successful call's document,
// {"ok":true,"status":..,"data":..} (login and refresh: {"ok":true,"token":..}).
type Result struct {
	// Status is the HTTP status, 0 for calls without one (Login, Info, ...).
	Status int
	// Data is the response body, parsed by the library: an object, array,
	// string (a body that is not JSON) or null.
	Data json.RawMessage
	// JSON is the whole document as the library returned it.
	JSON string
}

// Decode unmarshals the whole document into v, for the fields beyond
// Status and Data (token, has_token, counters, revoked, ...).
func (r *Result) Decode(v any) error {
	return json.Unmarshal([]byte(r.JSON), v)
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
	// the body of an HTTP error), else null or empty.
	Data json.RawMessage
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
	}
	if err := json.Unmarshal([]byte(document), &d); err != nil {
		return nil, fmt.Errorf("extapi: unreadable result document %q: %w", document, err)
	}
	if !d.OK {
		return nil, &Error{Code: d.Error.Code, Message: d.Error.Message,
			Status: d.Status, Data: d.Data, JSON: document}
	}
	return &Result{Status: d.Status, Data: d.Data, JSON: document}, nil
}
