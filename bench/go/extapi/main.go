// Command extapi: libextapi from Go through the binding (module
// github.com/libextapi/extapi-go).  One Client shared by every goroutine:
// Login once, then GraphQL for every call; a call succeeds when the
// binding returns no error.
package main

import (
	"context"
	"time"

	"extapi-bench/benchloop"

	extapi "github.com/libextapi/extapi-go"
)

func main() {
	run := benchloop.FromEnv()
	ctx := context.Background()
	begin := time.Now()
	client, err := extapi.NewClient(extapi.Config{
		Profile:      extapi.ProfileXMC,
		BaseURL:      benchloop.Env("BENCH_URL", ""),
		ClientID:     benchloop.Env("BENCH_CLIENT_ID", ""),
		ClientSecret: benchloop.Env("BENCH_CLIENT_SECRET", ""),
		GraphQLPath:  benchloop.Env("BENCH_PATH", "/nbi/graphql"),
	})
	if err != nil {
		benchloop.Fail("new client", err)
	}
	defer client.Close()
	if _, err := client.Login(ctx); err != nil {
		benchloop.Fail("login", err)
	}
	call := func() error {
		_, err := client.GraphQL(ctx, benchloop.Query, nil)
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
