// The benchmark's Go clients.  The extapi client builds in module mode
// against the binding's checkout (the replace below, offline: GOPROXY=off,
// GOFLAGS=-mod=mod); the oauth2 client builds in GOPATH mode against
// Debian's golang-golang-x-oauth2-dev in /usr/share/gocode, with this
// directory linked into its GOPATH as extapi-bench (see run.sh).
module extapi-bench

go 1.19

require github.com/libextapi/extapi-go v0.0.0

replace github.com/libextapi/extapi-go => ../../bindings/go
