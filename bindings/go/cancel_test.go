package extapi

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// Cancellation through ext_cancel: a context that expires or is cancelled
// from another goroutine, and Close, cut a call short inside the C library
// while the emulator stalls.

// stallMS is how long the emulator sits on a stalled request; every call
// here must return long before that.
const stallMS = 5000

// prompt is how long after the cancellation a call may take to return: the
// library promises about 100 ms.
const prompt = 400 * time.Millisecond

func stalledClient(t *testing.T, path string) (*emulator, *Client) {
	e := newEmulator(t)
	e.fault(map[string]any{"path": path, "kind": "stall", "stall_ms": stallMS})
	return e, e.client(`{"profile":"basic","base_url":"${BASE_URL}",` +
		`"username":"basic-user","password":"basic-password","retries":0}`)
}

func TestCancelDeadline(t *testing.T) {
	_, client := stalledClient(t, "/api/slow")
	ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.Request(ctx, "GET", "/api/slow", nil)
	elapsed := time.Since(start)
	if elapsed > 200*time.Millisecond+prompt {
		t.Errorf("the call returned after %v, its context expired after 200ms", elapsed)
	}
	failure := wantError(t, err, CodeCancelled)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is: %v", err)
	}
	if !failure.Timeout() {
		t.Errorf("an expired context's error does not say Timeout: %v", err)
	}
	if failure.JSON == "" {
		t.Errorf("the call never reached the library: %v", err)
	}
}

func TestCancelFromAnotherGoroutine(t *testing.T) {
	_, client := stalledClient(t, "/api/slow")
	ctx, cancel := context.WithCancel(bg)
	start := time.Now()
	at := make(chan time.Time, 1)
	go func() {
		time.Sleep(150 * time.Millisecond)
		at <- time.Now()
		cancel()
	}()
	_, err := client.Request(ctx, "POST", "/api/slow", map[string]int{"n": 1})
	returned := time.Now()
	if cancelledAt := <-at; returned.Sub(cancelledAt) > prompt {
		t.Errorf("returned %v after the start, %v after the cancellation", returned.Sub(start), returned.Sub(cancelledAt))
	}
	failure := wantError(t, err, CodeCancelled)
	if !errors.Is(err, context.Canceled) || failure.Timeout() {
		t.Errorf("want context.Canceled and no Timeout: %v", err)
	}
}

// A GraphQL call cancelled while the login it needs is stalled.
func TestCancelDuringLogin(t *testing.T) {
	e := newEmulator(t)
	e.fault(map[string]any{"path": "/oauth/token/access-token", "kind": "stall", "stall_ms": stallMS})
	client := e.xmcClient()
	ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.GraphQL(ctx, "{ a }", nil)
	if elapsed := time.Since(start); elapsed > 200*time.Millisecond+prompt {
		t.Errorf("the call returned after %v", elapsed)
	}
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want cancelled: %v", err)
	}
	if got := e.counter("graphql"); got != 0 {
		t.Errorf("graphql = %v: the query was sent without a token", got)
	}
}

// A context already done sends nothing.
func TestCancelBeforeTheCall(t *testing.T) {
	e, client := stalledClient(t, "/api/slow")
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err := client.Request(ctx, "GET", "/api/fast", nil)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Errorf("want cancelled: %v", err)
	}
	for _, call := range []func(context.Context) (*Result, error){client.Login, client.TokenRefresh, client.Logout} {
		if _, err := call(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("want context.Canceled: %v", err)
		}
	}
	if got := e.counter("api"); got != 0 {
		t.Errorf("api = %v", got)
	}
}

// Close cancels a stalled call instead of waiting seconds for it.
func TestCancelByClose(t *testing.T) {
	_, client := stalledClient(t, "/api/slow")
	var done sync.WaitGroup
	done.Add(1)
	var err error
	go func() {
		defer done.Done()
		_, err = client.Request(bg, "GET", "/api/slow", nil)
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	client.Close()
	done.Wait()
	if elapsed := time.Since(start); elapsed > prompt {
		t.Errorf("Close took %v", elapsed)
	}
	if !errors.Is(err, ErrClosed) {
		t.Errorf("the call cut short by Close: %v", err)
	}
}

// A context that is not done costs nothing: the call runs to its end.
func TestCancelNotFired(t *testing.T) {
	e := newEmulator(t)
	e.fault(map[string]any{"path": "/api/slow", "kind": "delay", "delay_ms": 300})
	client := e.client(`{"profile":"basic","base_url":"${BASE_URL}","username":"basic-user","password":"basic-password"}`)
	ctx, cancel := context.WithTimeout(bg, 10*time.Second)
	defer cancel()
	if result := must(t)(client.Request(ctx, "GET", "/api/slow", nil)); result.Status() != 200 {
		t.Errorf("Status = %d", result.Status())
	}
}
