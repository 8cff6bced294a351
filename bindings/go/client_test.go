package extapi

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The idiomatic layer against the emulator: each call, the Result/*Error
// split, bad configurations, arguments C cannot carry, and Close.

// wantError asserts err is an *Error with this code and gives it.
func wantError(t *testing.T, err error, code Code) *Error {
	t.Helper()
	var failure *Error
	if !errors.As(err, &failure) {
		t.Fatalf("want an *Error %s, got %v", code, err)
	}
	if failure.Code != code {
		t.Fatalf("want code %s, got %v (%s)", code, failure, failure.JSON)
	}
	return failure
}

// must(t)(call()) gives the Result of a call that must succeed.
func must(t *testing.T) func(*Result, error) *Result {
	return func(result *Result, err error) *Result {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return result
	}
}

func TestClientLoginGraphQLLogout(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()

	login := must(t)(client.Login(bg))
	if got := field(t, login.JSON, "token.type"); got != "Bearer" {
		t.Errorf("token.type = %v", got)
	}
	if _, exposed := lookup(login.JSON, "token.access_token"); exposed {
		t.Errorf("the token is exposed in %s", login.JSON)
	}
	var token struct {
		Token struct {
			ExpiresIn   float64 `json:"expires_in"`
			Refreshable bool    `json:"refreshable"`
		} `json:"token"`
	}
	if err := login.Decode(&token); err != nil || token.Token.ExpiresIn < 3000 || token.Token.Refreshable {
		t.Errorf("Decode gave %+v, %v from %s", token, err, login.JSON)
	}

	// Variables as a Go map, encoded by the binding.
	result := must(t)(client.GraphQL(bg, "query($site: String) { network { devices { ip } } }",
		map[string]any{"site": "/World"}))
	if result.Status() != 200 {
		t.Errorf("Status = %d", result.Status())
	}
	var data struct {
		Variables struct{ Site string }
		Network   struct{ Devices []struct{ IP string } }
	}
	if err := json.Unmarshal(result.Data(), &data); err != nil {
		t.Fatal(err)
	}
	if data.Variables.Site != "/World" || len(data.Network.Devices) != 2 || data.Network.Devices[1].IP != "10.0.0.2" {
		t.Errorf("Data = %s", result.Data())
	}
	// Variables as JSON text, passed as they are.
	result = must(t)(client.GraphQL(bg, "query($n: Int) { a }", `{"n": 7}`))
	if got := field(t, result.JSON, "data.variables.n"); got != 7.0 {
		t.Errorf("data.variables.n = %v", got)
	}

	logout := must(t)(client.Logout(bg))
	if got := field(t, logout.JSON, "revoked"); got != false {
		t.Errorf("revoked = %v", got)
	}
	if got := e.counter("xmc_token"); got != 1 {
		t.Errorf("xmc_token = %v, want 1", got)
	}
	if got := e.counter("graphql"); got != 2 {
		t.Errorf("graphql = %v, want 2", got)
	}
}

func TestClientGraphQLErrorKeepsPartialData(t *testing.T) {
	e := newEmulator(t)
	_, err := e.xmcClient().GraphQL(bg, "{ error }", nil)
	failure := wantError(t, err, "graphql")
	if failure.Status != 200 || string(failure.Data) != `{"partial":true}` {
		t.Errorf("Status %d, Data %s", failure.Status, failure.Data)
	}
	field(t, failure.JSON, "error.errors.0.message")
}

func TestClientREST(t *testing.T) {
	e := newEmulator(t)
	client := e.client(`{"profile":"xiq","base_url":"${BASE_URL}",` +
		`"username":"admin@cust001.com","password":"xiq-password"}`)

	page := must(t)(client.Request(bg, "GET", "/devices?page=3&limit=10", nil))
	if field(t, page.JSON, "data.count") != 5.0 || field(t, page.JSON, "data.data.4.hostname") != "dev-25" {
		t.Errorf("page 3: %s", page.Data())
	}

	// A Go value as the body, encoded by the binding...
	echo := must(t)(client.Request(bg, "PATCH", "/api/things/7",
		struct {
			Name string   `json:"name"`
			Tags []string `json:"tags"`
		}{"x", []string{"a", "b"}}))
	if field(t, echo.JSON, "data.method") != "PATCH" || field(t, echo.JSON, "data.body.tags.1") != "b" {
		t.Errorf("echo: %s", echo.Data())
	}
	// ...and JSON text, sent as it is.
	echo = must(t)(client.Request(bg, "POST", "/api/raw", []byte(`[1, 2, 3]`)))
	if got := field(t, echo.JSON, "data.body.2"); got != 3.0 {
		t.Errorf("data.body.2 = %v", got)
	}

	_, err := client.Request(bg, "GET", "/api/status/500", nil)
	failure := wantError(t, err, "http")
	if failure.Status != 500 || string(failure.Data) != `{"status":500}` {
		t.Errorf("Status %d, Data %s", failure.Status, failure.Data)
	}
	if want := "extapi: http (HTTP 500): " + failure.Message; failure.Error() != want {
		t.Errorf("Error() = %q, want %q", failure.Error(), want)
	}

	must(t)(client.Logout(bg))
	info := must(t)(client.Info())
	if got := field(t, info.JSON, "has_token"); got != false {
		t.Errorf("has_token = %v after logout", got)
	}
	for name, want := range map[string]float64{"xiq_login": 1, "devices": 1, "api": 3, "xiq_logout": 1} {
		if got := e.counter(name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

func TestClientResponseHeadersAndRateLimit(t *testing.T) {
	e := newEmulator(t)
	e.configure(map[string]string{"rate_limit_headers": "ietf"})
	client := e.client(`{"profile":"xiq","base_url":"${BASE_URL}",` +
		`"username":"admin@cust001.com","password":"xiq-password",` +
		`"response_headers":["ETag","Link"]}`)

	page := must(t)(client.Request(bg, "GET", "/devices?page=1&limit=10", nil))
	if next := page.Headers()["link"]; !strings.HasSuffix(next, `/devices?page=2&limit=10>; rel="next"`) {
		t.Errorf("Headers = %v", page.Headers())
	}
	if _, found := page.Headers()["etag"]; found {
		t.Errorf("an etag the server did not send: %v", page.Headers())
	}
	if rl := page.RateLimit(); rl == nil || *rl.Limit != 1000 || *rl.Remaining != 999 || *rl.ResetSeconds != 60 {
		t.Errorf("RateLimit = %+v in %s", rl, page.JSON)
	}
	last := must(t)(client.Request(bg, "GET", "/devices?page=3&limit=10", nil))
	if last.Headers() != nil {
		t.Errorf("Headers = %v on the last page", last.Headers())
	}

	// Failures carry them too (/api/status sends no ETag).
	_, err := client.Request(bg, "GET", "/api/status/404", nil)
	failure := wantError(t, err, "http")
	if failure.Headers != nil || failure.RateLimit == nil || *failure.RateLimit.Remaining != 997 || failure.RetryAfter != 0 {
		t.Errorf("404: %+v in %s", failure, failure.JSON)
	}
}

func TestClientRetryAfter(t *testing.T) {
	e := newEmulator(t)
	e.fault(map[string]any{"path": "/api/limited", "kind": "status", "status": 429, "retry_after": "1",
		"headers": map[string]string{"RateLimit-Limit": "100", "RateLimit-Remaining": "0"}})
	client := e.client(`{"profile":"basic","base_url":"${BASE_URL}",` +
		`"username":"basic-user","password":"basic-password","retries":0}`)
	_, err := client.Request(bg, "GET", "/api/limited", nil)
	failure := wantError(t, err, "rate_limited")
	if failure.RetryAfter != time.Second {
		t.Errorf("RetryAfter = %v", failure.RetryAfter)
	}
	if rl := failure.RateLimit; rl == nil || *rl.Limit != 100 || *rl.Remaining != 0 || rl.ResetSeconds != nil {
		t.Errorf("RateLimit = %+v in %s", rl, failure.JSON)
	}
}

// Data keeps the server's bytes: an id beyond 2^53 survives, and redaction
// replaces only a whole string equal to the password.
func TestClientDataIsLossless(t *testing.T) {
	e := newEmulator(t)
	e.configure(map[string]string{"basic_password": "admin"})
	body := `{"id":9007199254740993,"name":"admin-building","owner":"admin"}`
	e.fault(map[string]any{"path": "/api/big", "kind": "status", "status": 200, "body": body})
	client := e.client(`{"profile":"basic","base_url":"${BASE_URL}","username":"basic-user","password":"admin"}`)
	result := must(t)(client.Request(bg, "GET", "/api/big", nil))
	if want := `{"id":9007199254740993,"name":"admin-building","owner":"[redacted]"}`; string(result.Data()) != want {
		t.Errorf("Data = %s, want %s", result.Data(), want)
	}
	var typed struct {
		ID   uint64
		Name string
	}
	if err := json.Unmarshal(result.Data(), &typed); err != nil || typed.ID != 9007199254740993 || typed.Name != "admin-building" {
		t.Errorf("unmarshalled %+v, %v", typed, err)
	}
	var loose struct{ Data map[string]any }
	if err := result.Decode(&loose); err != nil || loose.Data["id"] != json.Number("9007199254740993") {
		t.Errorf("Decode gave %#v, %v", loose.Data["id"], err)
	}
}

func TestClientInfoExchanges(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()
	must(t)(client.GraphQL(bg, "{ a }", nil))
	var info struct {
		Exchanges []struct {
			Method, URL, Endpoint string
			Status                int
			ClientAuth            *string `json:"client_auth"`
			Reason, Error         *string
		}
	}
	if err := must(t)(client.Info()).Decode(&info); err != nil {
		t.Fatal(err)
	}
	if len(info.Exchanges) != 2 {
		t.Fatalf("exchanges: %+v", info.Exchanges)
	}
	token, api := info.Exchanges[0], info.Exchanges[1]
	if token.Endpoint != "token" || token.Method != "POST" || token.Status != 200 ||
		token.ClientAuth == nil || *token.ClientAuth != "basic_raw" || strings.Contains(token.URL, "?") {
		t.Errorf("token exchange %+v", token)
	}
	if api.Endpoint != "api" || !strings.HasSuffix(api.URL, "/nbi/graphql") || api.ClientAuth != nil || api.Error != nil {
		t.Errorf("api exchange %+v", api)
	}
}

func TestClientTokenRefresh(t *testing.T) {
	e := newEmulator(t)
	client := e.client(`{"profile":"oauth2","base_url":"${BASE_URL}",` +
		`"client_id":"oauth-client","client_secret":"oauth-secret+/=!",` +
		`"grant_type":"password","username":"alice","password":"alice-password"}`)
	must(t)(client.Login(bg))
	for i := 0; i < 2; i++ {
		refreshed := must(t)(client.TokenRefresh(bg))
		if got := field(t, refreshed.JSON, "token.refreshable"); got != true {
			t.Errorf("refresh %d: token.refreshable = %v", i, got)
		}
	}
	must(t)(client.Request(bg, "GET", "/api/after-refresh", nil))
	info := must(t)(client.Info())
	if got := field(t, info.JSON, "counters.refreshes"); got != 2.0 {
		t.Errorf("counters.refreshes = %v", got)
	}
	if got := e.counter("oauth_token_refresh_token"); got != 2 {
		t.Errorf("oauth_token_refresh_token = %v, want 2", got)
	}
}

func TestClientBadConfig(t *testing.T) {
	for name, config := range map[string]Config{
		"unknown profile": {Profile: "nope", BaseURL: "http://127.0.0.1:1"},
		"no profile":      {BaseURL: "http://127.0.0.1:1"},
		"missing secret":  {Profile: ProfileXMC, BaseURL: "http://127.0.0.1:1", ClientID: "c"},
		"secret twice":    {Profile: ProfileXMC, BaseURL: "http://127.0.0.1:1", ClientID: "c", ClientSecret: "s", ClientSecretEnv: "XMC_CLIENT_SECRET"},
		"retries":         {Profile: ProfileBasic, BaseURL: "http://127.0.0.1:1", Username: "u", Password: "p", Retries: Ptr(99)},
	} {
		client, err := NewClient(config)
		if client != nil {
			t.Errorf("%s: NewClient gave a client", name)
		}
		failure := wantError(t, err, CodeInvalidConfig)
		if !errors.Is(err, ErrInvalidConfig) || errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: errors.Is disagrees with Code %s", name, failure.Code)
		}
		if key := field(t, failure.JSON, "error.key"); failure.Key != key || !strings.HasPrefix(failure.Message, failure.Key+": ") {
			t.Errorf("%s: Key %q, %v from %s", name, failure.Key, failure, failure.JSON)
		}
	}
	// Through newClient the library's own answer shows: every call is
	// invalid_config, and Info says why.
	client := newClient(`{"profile":"xmc","base_url":"http://127.0.0.1:1","bogus":1}`)
	defer client.Close()
	_, err := client.Login(bg)
	wantError(t, err, "invalid_config")
	info := must(t)(client.Info())
	if got := field(t, info.JSON, "config_error.key"); got != "bogus" {
		t.Errorf("config_error.key = %v", got)
	}
}

// Zero fields are left out of the JSON (the library's defaults apply);
// pointer fields carry a meaningful zero.
func TestClientConfigJSON(t *testing.T) {
	text, err := json.Marshal(Config{Profile: ProfileBasic, BaseURL: "http://h", Retries: Ptr(0),
		VerifyTLS: Ptr(false), TimeoutMS: 1500})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"profile":"basic","base_url":"http://h","timeout_ms":1500,"retries":0,"verify_tls":false}`
	if string(text) != want {
		t.Errorf("Config encodes as %s, want %s", text, want)
	}
}

func TestClientRefusesNulBytes(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()
	_, err := client.GraphQL(bg, "{ a }\x00{ b }", nil)
	wantError(t, err, "invalid_argument")
	_, err = client.Request(bg, "GET", "/api/x\x00y", nil)
	wantError(t, err, "invalid_argument")
	_, err = client.Request(bg, "POST", "/api/x", "\"a\x00\"")
	wantError(t, err, "invalid_argument")
	if got := e.counter("xmc_token") + e.counter("graphql") + e.counter("api"); got != 0 {
		t.Errorf("%v requests reached the server", got)
	}
}

func TestClientClose(t *testing.T) {
	e := newEmulator(t)
	client := e.xmcClient()
	must(t)(client.GraphQL(bg, "{ a }", nil))
	if err := client.Close(); err != nil {
		t.Fatal(err)
	}
	if err := client.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	// Every call on a closed client is ErrClosed, never a crash or a hang.
	calls := map[string]func() (*Result, error){
		"Login":        func() (*Result, error) { return client.Login(bg) },
		"TokenRefresh": func() (*Result, error) { return client.TokenRefresh(bg) },
		"Logout":       func() (*Result, error) { return client.Logout(bg) },
		"Info":         client.Info,
		"GraphQL":      func() (*Result, error) { return client.GraphQL(bg, "{ a }", nil) },
		"Request":      func() (*Result, error) { return client.Request(bg, "GET", "/api/x", nil) },
	}
	for name, call := range calls {
		result, err := call()
		if result != nil || !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, %v", name, result, err)
		}
		if failure := wantError(t, err, CodeClosed); failure.Timeout() {
			t.Errorf("%s: a closed client's error says Timeout", name)
		}
	}
	if got := e.counter("graphql"); got != 1 {
		t.Errorf("graphql = %v after Close, want 1", got)
	}
}

func TestClientVersion(t *testing.T) {
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(Version()) {
		t.Errorf("Version() = %q", Version())
	}
}

// The library returns NULL only when out of memory; SWIG hands that over as
// an empty string, which must be an *Error, not a JSON syntax error.
func TestClientEmptyDocumentIsOutOfMemory(t *testing.T) {
	_, err := parse("")
	wantError(t, err, CodeOutOfMemory)
}

// A Result keeps its document as text and parses it on first use; an
// error document still gives an *Error with its code and message.
func TestClientLazyResult(t *testing.T) {
	doc := `{"ok":true,"status":201,"data":{"id":9007199254740993},"headers":{"etag":"x"},"rate_limit":{"limit":5}}`
	result, err := parse(doc)
	if err != nil || result.JSON != doc {
		t.Fatalf("parse gave %v, %v", result, err)
	}
	if result.fields.Data != nil {
		t.Errorf("parsed before anyone asked: %s", result.fields.Data)
	}
	if result.Status() != 201 || string(result.Data()) != `{"id":9007199254740993}` ||
		result.Headers()["etag"] != "x" || result.RateLimit() == nil || *result.RateLimit().Limit != 5 {
		t.Errorf("Status %d, Data %s, Headers %v, RateLimit %+v", result.Status(), result.Data(), result.Headers(), result.RateLimit())
	}
	// Not the library's order: still read right.
	other, err := parse(`{"data":[1],"ok":true,"status":200}`)
	if err != nil || other.Status() != 200 || string(other.Data()) != `[1]` {
		t.Errorf("reordered document: %v, %v", other, err)
	}
	login, err := parse(`{"ok":true,"token":{"type":"Bearer"}}`)
	if err != nil || login.Status() != 0 || string(login.Data()) != "" {
		t.Errorf("login document: Status %d, Data %s, %v", login.Status(), login.Data(), err)
	}
	_, err = parse(`{"ok":false,"status":404,"error":{"code":"http","message":"not found"},"data":{"x":1},"retry_after_s":2}`)
	var failure *Error
	if !errors.As(err, &failure) || failure.Code != CodeHTTP || failure.Message != "not found" ||
		failure.Status != 404 || string(failure.Data) != `{"x":1}` || failure.RetryAfter != 2*time.Second {
		t.Errorf("error document gave %#v", err)
	}
	if _, err := parse(`{"ok":tru`); !errors.Is(err, ErrInternal) {
		t.Errorf("unreadable document gave %v", err)
	}
}
