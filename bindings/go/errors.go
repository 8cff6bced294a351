package extapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Code is a failure's kind: the library's error.code, or CodeClosed.
type Code string

// The library's error codes, and the binding's own CodeClosed.
const (
	CodeInvalidArgument   Code = "invalid_argument"
	CodeInvalidConfig     Code = "invalid_config"
	CodeNetwork           Code = "network"
	CodeTimeout           Code = "timeout"
	CodeTLS               Code = "tls"
	CodeInsecureTransport Code = "insecure_transport"
	CodeAuthFailed        Code = "auth_failed"
	CodeHTTP              Code = "http"
	CodeGraphQL           Code = "graphql"
	CodeRateLimited       Code = "rate_limited"
	CodeInvalidResponse   Code = "invalid_response"
	CodeOutOfMemory       Code = "out_of_memory"
	CodeInternal          Code = "internal"
	// CodeCancelled: the call's context was done (library 1.1).
	CodeCancelled Code = "cancelled"
	// CodeClosed: the Client was closed before or during the call.  The
	// binding's own code; the library never returns it.
	CodeClosed Code = "closed"
)

// Sentinels for errors.Is: an *Error matches the sentinel of its Code.
var (
	ErrInvalidArgument   = &Error{Code: CodeInvalidArgument}
	ErrInvalidConfig     = &Error{Code: CodeInvalidConfig}
	ErrNetwork           = &Error{Code: CodeNetwork}
	ErrTimeout           = &Error{Code: CodeTimeout}
	ErrTLS               = &Error{Code: CodeTLS}
	ErrInsecureTransport = &Error{Code: CodeInsecureTransport}
	ErrAuthFailed        = &Error{Code: CodeAuthFailed}
	ErrHTTP              = &Error{Code: CodeHTTP}
	ErrGraphQL           = &Error{Code: CodeGraphQL}
	ErrRateLimited       = &Error{Code: CodeRateLimited}
	ErrInvalidResponse   = &Error{Code: CodeInvalidResponse}
	ErrOutOfMemory       = &Error{Code: CodeOutOfMemory}
	ErrInternal          = &Error{Code: CodeInternal}
	ErrCancelled         = &Error{Code: CodeCancelled}
	ErrClosed            = &Error{Code: CodeClosed, Message: "the client is closed"}
)

// Error is a failed call's document,
// {"ok":false,"status":..,"error":{"code":..,"message":..},"data":..}.
type Error struct {
	Code    Code
	Message string
	// Key names the offending configuration key or argument, where the
	// library names one (invalid_config, invalid_argument).
	Key string
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
	// error.oauth and other details are there); empty for errors the
	// binding makes itself.
	JSON string

	// cause is ctx.Err() for a call its context cancelled.
	cause error
}

func (e *Error) Error() string {
	text := "extapi: " + string(e.Code)
	if e.Status != 0 {
		text += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Message != "" {
		text += ": " + e.Message
	}
	return text
}

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, ErrAuthFailed) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap gives context.Canceled or context.DeadlineExceeded for a call its
// context cancelled, so errors.Is(err, context.DeadlineExceeded) works.
func (e *Error) Unwrap() error { return e.cause }

// Timeout reports whether the call ran out of time: the library's timeout
// (timeout_ms, deadline_ms) or the context's deadline.
func (e *Error) Timeout() bool {
	return e.Code == CodeTimeout || errors.Is(e.cause, context.DeadlineExceeded)
}

// invalidArgument is the error for arguments refused before reaching C,
// shaped like the library's own invalid_argument.
func invalidArgument(key, message string) *Error {
	return &Error{Code: CodeInvalidArgument, Key: key, Message: key + ": " + message}
}

// cancelled is the error for a call whose context was done before it
// started; the library's answer to a call cancelled midway gets the same
// cause.
func cancelled(ctx context.Context) *Error {
	return &Error{Code: CodeCancelled, Message: ctx.Err().Error(), cause: ctx.Err()}
}
