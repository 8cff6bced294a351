// Command oauth2: what a Go program would use without libextapi,
// golang.org/x/oauth2/clientcredentials (Debian's golang-golang-x-oauth2-dev)
// with net/http.  One token source and one http.Client shared by every
// goroutine; every answer must be 200 and is decoded with encoding/json
// (its data.network.devices must be an array).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"extapi-bench/benchloop"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func main() {
	run := benchloop.FromEnv()
	base := benchloop.Env("BENCH_URL", "")
	url := base + benchloop.Env("BENCH_PATH", "/nbi/graphql")
	body, _ := json.Marshal(map[string]string{"query": benchloop.Query})

	begin := time.Now()
	config := clientcredentials.Config{
		ClientID:     benchloop.Env("BENCH_CLIENT_ID", ""),
		ClientSecret: benchloop.Env("BENCH_CLIENT_SECRET", ""),
		TokenURL:     base + "/oauth/token/access-token",
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	ctx := context.Background()
	tokens := config.TokenSource(ctx) // caches the token until it expires
	if _, err := tokens.Token(); err != nil {
		benchloop.Fail("token", err)
	}
	client := oauth2.NewClient(ctx, tokens)
	call := func() error {
		req, err := http.NewRequest("POST", url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		answer, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		var doc struct {
			Data struct {
				Network struct {
					Devices []any `json:"devices"`
				} `json:"network"`
			} `json:"data"`
		}
		if err := json.Unmarshal(answer, &doc); err != nil {
			return err
		}
		if doc.Data.Network.Devices == nil {
			return fmt.Errorf("no data.network.devices")
		}
		return nil
	}
	if err := call(); err != nil {
		benchloop.Fail("first call", err)
	}
	cold := time.Since(begin)
	ok, loop := run.Loop(call)
	run.Report(ok, loop, cold)
}
