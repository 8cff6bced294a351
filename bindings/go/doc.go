// Package extapi is a client for token-protected network-management APIs:
// ExtremeCloud IQ, XMC / XIQ Site Engine GraphQL, and any OAuth 2.0
// service.  It wraps libextapi, a C library, through cgo; the C library is
// found with `pkg-config extapi`.
//
// A Client is one session: configuration, credentials, token state and
// connection pool.  Create it from a typed Config; NewClient rejects an
// invalid configuration.  The Client logs in when a call needs a token,
// renews the token before it expires, and re-authenticates once on a 401.
// It is safe for concurrent use: when the token must be renewed, exactly
// one renewal reaches the server and the other goroutines share it.
//
// Every call that may touch the network takes a context.Context.  When the
// context is cancelled or its deadline passes, the call in progress is
// aborted inside the C library (within about 100 ms) and returns an *Error
// with Code CodeCancelled that also matches ctx.Err() under errors.Is.
//
// Failures are *Error values carrying a Code; compare them with errors.Is
// and the Err* sentinels:
//
//	result, err := client.GraphQL(ctx, "{ network { devices { ip } } }", nil)
//	switch {
//	case errors.Is(err, extapi.ErrAuthFailed):
//		// the credentials were refused
//	case errors.Is(err, context.DeadlineExceeded):
//		// ctx ran out
//	case err != nil:
//		// anything else
//	}
//
// Secrets never appear in a Result or an *Error: the library replaces any
// string containing one by "[redacted]".
package extapi
