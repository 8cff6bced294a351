package extapi

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// One Client shared by many goroutines, which the Go scheduler moves
// between OS threads at will.

const goroutines = 16

// graphQLFromGoroutines makes `calls` GraphQL calls on each of the
// goroutines, all released at once, and fails on any error.
func graphQLFromGoroutines(t *testing.T, client *Client, calls int) {
	t.Helper()
	start := make(chan struct{})
	errs := make(chan error, goroutines*calls)
	var done sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		done.Add(1)
		go func() {
			defer done.Done()
			<-start
			for i := 0; i < calls; i++ {
				result, err := client.GraphQL(bg, "{ network { devices { ip } } }", nil)
				if err == nil && result.Status() != 200 {
					t.Errorf("status %d", result.Status())
				}
				errs <- err
			}
		}()
	}
	close(start)
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestConcurrentRenewalAcrossExpiry(t *testing.T) {
	e := newEmulator(t)
	e.configure(map[string]int{"token_lifetime_s": 2})
	client := e.xmcClient()
	must(t)(client.GraphQL(bg, "{ a }", nil))
	// Past half of the 2 s lifetime the token is due for renewal.
	time.Sleep(1300 * time.Millisecond)

	graphQLFromGoroutines(t, client, 1)

	if got := e.counter("xmc_token"); got != 2 {
		t.Errorf("xmc_token = %v, want 2: one login and exactly one renewal", got)
	}
	if got := e.counter("graphql"); got != goroutines+1 {
		t.Errorf("graphql = %v, want %d", got, goroutines+1)
	}
	info := must(t)(client.Info())
	if got := field(t, info.JSON, "counters.logins"); got != 2.0 {
		t.Errorf("counters.logins = %v, want 2", got)
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()

	graphQLFromGoroutines(t, client, 25)

	if got := e.counter("xmc_token"); got != 1 {
		t.Errorf("xmc_token = %v, want 1", got)
	}
	if got := e.counter("graphql"); got != goroutines*25 {
		t.Errorf("graphql = %v, want %d", got, goroutines*25)
	}
}

// Close cancels and waits for the calls in progress, so it may race with
// them safely; calls it cuts short and calls that start after it return
// ErrClosed.
func TestConcurrentClose(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()
	must(t)(client.Login(bg))
	var done sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		done.Add(1)
		go func() {
			defer done.Done()
			for i := 0; i < 50; i++ {
				if _, err := client.GraphQL(bg, "{ a }", nil); err != nil {
					if !errors.Is(err, ErrClosed) {
						t.Errorf("a call racing Close: %v", err)
					}
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	client.Close()
	done.Wait()
}
