// Command extapi_bench: libextapi from Go through the binding (package
// extapi).  One Client shared by every goroutine: Login once, then
// GraphQL for every call; a call succeeds when the binding returns no error.
package main

import (
	"time"

	"benchloop"
	"extapi"
)

func main() {
	run := benchloop.FromEnv()
	begin := time.Now()
	client, err := extapi.NewClient(map[string]string{
		"profile":       "xmc",
		"base_url":      benchloop.Env("BENCH_URL", ""),
		"client_id":     benchloop.Env("BENCH_CLIENT_ID", ""),
		"client_secret": benchloop.Env("BENCH_CLIENT_SECRET", ""),
		"graphql_path":  benchloop.Env("BENCH_PATH", "/nbi/graphql"),
	})
	if err != nil {
		benchloop.Fail("new client", err)
	}
	defer client.Close()
	if _, err := client.Login(); err != nil {
		benchloop.Fail("login", err)
	}
	call := func() error {
		_, err := client.GraphQL(benchloop.Query, nil)
		return err
	}
	if err := call(); err != nil {
		benchloop.Fail("first call", err)
	}
	cold := time.Since(begin)
	ok, loop := run.Loop(call)
	client.Close()
	run.Report(ok, loop, cold)
}
