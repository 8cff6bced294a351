package extapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// No C string and no session leaks: resident memory stays flat over 10,000
// large results and over 10,000 clients freed by their finalizer.

const (
	iterations = 10_000
	// A leak of the ~10 KB documents would be about 100 MB.
	boundKB = 20 * 1024
)

// rssKB is the process's resident set size in kB (Linux).
func rssKB(t *testing.T) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if fields := strings.Fields(line); len(fields) >= 2 && fields[0] == "VmRSS:" {
			kb, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// checkGrowth runs work 200 times to warm up the allocators and the
// connection pool, then `iterations` times, and bounds the RSS growth of
// the second part.
func checkGrowth(t *testing.T, what string, work func(i int)) {
	for i := 0; i < 200; i++ {
		work(i)
	}
	runtime.GC()
	before := rssKB(t)
	for i := 0; i < iterations; i++ {
		work(i)
	}
	runtime.GC()
	after := rssKB(t)
	growth := after - before
	fmt.Printf("%s: RSS %d kB before, %d kB after %d iterations: growth %d kB\n",
		what, before, after, iterations, growth)
	if growth >= boundKB {
		t.Errorf("%s: RSS grew by %d kB", what, growth)
	}
}

// Every document comes back through takeDocument, which copies it into Go
// memory and frees the C string: a large echo (RequestEx), a GraphQL answer
// carrying large variables back (GraphQLEx), a large error document (kept
// in the *Error) and Info's (one of the plain calls).
func TestMemoryLargeResults(t *testing.T) {
	e := newEmulator(t)
	client := e.client(`{"profile":"bearer","base_url":"${BASE_URL}","token":"static-token"}`)
	items := make([]string, 300)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":%d,"name":"device-%08d"}`, i, i)
	}
	body := `{"items":[` + strings.Join(items, ",") + `]}`
	if len(body) < 10_000 {
		t.Fatalf("the body is only %d bytes", len(body))
	}
	e.fault(map[string]any{"path": "/api/fail", "kind": "status", "status": 422, "body": json.RawMessage(body),
		"count": iterations + 200})
	// 10,000 leaked documents of each kind exceed boundKB.
	calls := []struct {
		name    string
		minSize int
		call    func() (string, error)
	}{
		{"echo", len(body), func() (string, error) {
			result, err := client.Request(bg, "POST", "/api/echo", body)
			if err != nil {
				return "", err
			}
			return result.JSON, nil
		}},
		{"graphql", len(body), func() (string, error) {
			result, err := client.GraphQL(bg, "{ network { devices { ip } } }", body)
			if err != nil {
				return "", err
			}
			return result.JSON, nil
		}},
		{"http error", len(body), func() (string, error) {
			_, err := client.Request(bg, "POST", "/api/fail", nil)
			var failure *Error
			if !errors.As(err, &failure) || failure.Code != CodeHTTP {
				return "", fmt.Errorf("want an http error, got %v", err)
			}
			return failure.JSON, nil
		}},
		{"info", 3_000, func() (string, error) {
			info, err := client.Info()
			if err != nil {
				return "", err
			}
			return info.JSON, nil
		}},
	}
	for _, c := range calls {
		checkGrowth(t, c.name, func(i int) {
			document, err := c.call()
			if err != nil {
				t.Fatalf("%s, call %d: %v", c.name, i, err)
			}
			if len(document) < c.minSize {
				t.Fatalf("%s, call %d: a %d-byte document", c.name, i, len(document))
			}
		})
	}
	if got := e.counter("api"); got != 2*(iterations+200) {
		t.Errorf("api = %v, want %d", got, 2*(iterations+200))
	}
}

func TestMemoryFinalizedClients(t *testing.T) {
	// A large secret makes every leaked session cost at least 8 KB.
	config := Config{Profile: ProfileBasic, BaseURL: "http://127.0.0.1:9", Username: "u",
		Password: strings.Repeat("p", 8192)}
	checkGrowth(t, "finalized clients", func(i int) {
		client, err := NewClient(config)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.Info(); err != nil {
			t.Fatal(err)
		}
		// Never closed: the finalizer must free it.  The collector does
		// not see native memory, so it is run here rather than left to the
		// small Go heap's pace.
		if i%100 == 99 {
			runtime.GC()
		}
	})
}

// A successful call with a context that is never done allocates two blocks
// of Go memory: the document's copy and its Result.  (A context that can
// be done adds its watcher goroutine.)
func TestMemoryAllocationsPerCall(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()
	must(t)(client.Login(bg))
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := client.GraphQL(bg, "{ network { devices { ip } } }", nil); err != nil {
			t.Fatal(err)
		}
	})
	fmt.Printf("allocations per GraphQL call: %.2f\n", allocs)
	if allocs > 2 {
		t.Errorf("%.2f allocations per call, want 2", allocs)
	}
}
