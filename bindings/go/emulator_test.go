package extapi

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

// bg is the context of calls a test does not cancel.
var bg = context.Background()

// emulator drives the extapi-emulator named by EXTAPI_EMULATOR_URL (set by
// tests/emulator/with-emulator.sh) through its control endpoints, using the
// binding itself.
type emulator struct {
	t       *testing.T
	url     string
	control *Client
}

// newEmulator resets the emulator, so every test starts from its defaults.
func newEmulator(t *testing.T) *emulator {
	t.Helper()
	url := os.Getenv("EXTAPI_EMULATOR_URL")
	if url == "" {
		t.Fatal("EXTAPI_EMULATOR_URL is not set: run the tests through tests/emulator/with-emulator.sh")
	}
	control, err := NewClient(Config{Profile: ProfileBasic, BaseURL: url, Username: "x", Password: "y"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	e := &emulator{t: t, url: url, control: control}
	e.post("/_emu/reset", nil)
	return e
}

func (e *emulator) post(path string, body any) {
	e.t.Helper()
	if _, err := e.control.Request(bg, "POST", path, body); err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
}

// configure merges settings into the emulator's configuration.
func (e *emulator) configure(settings any) { e.post("/_emu/config", settings) }

// fault queues a fault.
func (e *emulator) fault(spec any) { e.post("/_emu/fault", spec) }

// counters gives every request counter the emulator has.
func (e *emulator) counters() map[string]float64 {
	e.t.Helper()
	result, err := e.control.Request(bg, "GET", "/_emu/counters", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	counters := map[string]float64{}
	if err := json.Unmarshal(result.Data(), &counters); err != nil {
		e.t.Fatal(err)
	}
	return counters
}

// counter gives one counter; an absent counter is 0.
func (e *emulator) counter(name string) float64 { return e.counters()[name] }

// config replaces every ${BASE_URL} in a configuration with the emulator's
// URL.
func (e *emulator) config(template string) string {
	return strings.ReplaceAll(template, "${BASE_URL}", e.url)
}

// client makes a client from a configuration template, read into a Config
// (so every key a test uses must be a Config field), closed when the test
// ends.
func (e *emulator) client(template string) *Client {
	e.t.Helper()
	c, err := NewClient(e.typedConfig(template))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// typedConfig reads a configuration template into a Config.
func (e *emulator) typedConfig(template string) Config {
	e.t.Helper()
	var config Config
	d := json.NewDecoder(bytes.NewReader([]byte(e.config(template))))
	d.DisallowUnknownFields()
	if err := d.Decode(&config); err != nil {
		e.t.Fatalf("%s: %v", template, err)
	}
	return config
}

// xmcClient is a client of the emulator's XMC profile.
func (e *emulator) xmcClient() *Client {
	return e.client(`{"profile":"xmc","base_url":"${BASE_URL}",` +
		`"client_id":"xmc-client","client_secret":"xmc-secret+/=!"}`)
}

// lookup finds a dotted path (numbers index arrays) in a JSON document.
func lookup(document string, path string) (any, bool) {
	var node any
	if err := json.Unmarshal([]byte(document), &node); err != nil {
		return nil, false
	}
	for _, key := range strings.Split(path, ".") {
		switch n := node.(type) {
		case map[string]any:
			value, found := n[key]
			if !found {
				return nil, false
			}
			node = value
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// field is lookup for values a test requires.
func field(t *testing.T, document string, path string) any {
	t.Helper()
	value, found := lookup(document, path)
	if !found {
		t.Fatalf("%s is missing in %s", path, document)
	}
	return value
}
