package extapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/libextapi/extapi-go/internal/native"
)

// The shared conformance cases (tests/conformance/cases.json; format in
// tests/conformance/README.md), each run as a subtest through Client.

type conformanceCase struct {
	Name     string             `json:"name"`
	Emulator json.RawMessage    `json:"emulator"`
	Faults   []json.RawMessage  `json:"faults"`
	Config   json.RawMessage    `json:"config"`
	Steps    []conformanceStep  `json:"steps"`
	Counters map[string]float64 `json:"counters"`
}

type conformanceStep struct {
	Call      string          `json:"call"`
	Query     string          `json:"query"`
	Variables json.RawMessage `json:"variables"`
	Method    string          `json:"method"`
	Path      string          `json:"path"`
	Body      json.RawMessage `json:"body"`
	Ms        int             `json:"ms"`
	// Options (1.1) is passed as options_json to the _ex call; Cancel
	// "fired" makes the call with an already fired cancel handle.
	Options json.RawMessage `json:"options"`
	Cancel  string          `json:"cancel"`
	Expect  *struct {
		OK      *bool                      `json:"ok"`
		Code    *Code                      `json:"code"`
		Status  *int                       `json:"status"`
		Fields  map[string]json.RawMessage `json:"fields"`
		Present []string                   `json:"present"`
		Absent  []string                   `json:"absent"`
		Raw     []string                   `json:"raw_contains"`
	} `json:"expect"`
}

func TestConformance(t *testing.T) {
	path := os.Getenv("EXTAPI_CONFORMANCE_CASES")
	if path == "" {
		t.Fatal("EXTAPI_CONFORMANCE_CASES (the path of tests/conformance/cases.json) is not set")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Format string            `json:"format"`
		Cases  []conformanceCase `json:"cases"`
	}
	if err := json.Unmarshal(text, &file); err != nil {
		t.Fatal(err)
	}
	if file.Format != "libextapi-conformance" || len(file.Cases) == 0 {
		t.Fatalf("%s holds no conformance cases", path)
	}
	for _, c := range file.Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) { runCase(t, c) })
	}
}

func runCase(t *testing.T, c conformanceCase) {
	e := newEmulator(t)
	if len(c.Emulator) > 0 {
		e.configure(c.Emulator)
	}
	for _, fault := range c.Faults {
		e.fault(fault)
	}
	// newClient, not NewClient: the cases check how a session with a bad
	// configuration answers each call.
	client := newClient(e.config(string(c.Config)))
	defer client.Close()

	for i, step := range c.Steps {
		if step.Call == "sleep" {
			time.Sleep(time.Duration(step.Ms) * time.Millisecond)
			continue
		}
		document, err := runStep(client, step)
		if err != nil {
			t.Errorf("step %d (%s): %v", i, step.Call, err)
			continue
		}
		for _, problem := range checkStep(step, document) {
			t.Errorf("step %d (%s): %s in %s", i, step.Call, problem, document)
		}
	}
	counters := e.counters()
	for name, want := range c.Counters {
		if got := counters[name]; got != want {
			t.Errorf("counter %s = %v, want %v (all: %v)", name, got, want, counters)
		}
	}
}

// runStep makes the step's call and gives the document it returned; the
// document must agree with the Result or *Error the binding made of it.
func runStep(client *Client, step conformanceStep) (string, error) {
	var result *Result
	var err error
	switch {
	case len(step.Options) > 0 || step.Cancel != "":
		result, err = runExStep(client, step)
	default:
		result, err = runPlainStep(client, step)
	}
	return checkOutcome(result, err)
}

// runPlainStep makes the call through the public API.
func runPlainStep(client *Client, step conformanceStep) (result *Result, err error) {
	switch step.Call {
	case "login":
		result, err = client.Login(bg)
	case "token_refresh":
		result, err = client.TokenRefresh(bg)
	case "logout":
		result, err = client.Logout(bg)
	case "info":
		result, err = client.Info()
	case "graphql":
		result, err = client.GraphQL(bg, step.Query, optionalJSON(step.Variables))
	case "request":
		result, err = client.Request(bg, step.Method, step.Path, optionalJSON(step.Body))
	default:
		return nil, fmt.Errorf("unknown call %q", step.Call)
	}
	return result, err
}

// runExStep makes a 1.1 call with the step's options_json as written (the
// cases also test options no CallOption can express, such as unknown
// keys) and, for "cancel": "fired", a cancel handle fired before the call.
func runExStep(client *Client, step conformanceStep) (*Result, error) {
	options := string(step.Options)
	switch step.Cancel {
	case "", "fired":
	default:
		return nil, fmt.Errorf("unknown cancel %q", step.Cancel)
	}
	fire := func(k native.Cancel) {
		if step.Cancel == "fired" {
			k.Fire()
		}
	}
	variables, body := string(step.Variables), string(step.Body)
	// With options.content_type a string body is sent as its text.
	var contentType struct {
		ContentType *string `json:"content_type"`
	}
	var text string
	if json.Unmarshal(step.Options, &contentType) == nil && contentType.ContentType != nil &&
		json.Unmarshal(step.Body, &text) == nil {
		body = text
	}
	switch step.Call {
	case "login":
		return client.call(bg, func(s native.Session, k native.Cancel) string {
			fire(k)
			return s.LoginEx(options, k)
		})
	case "graphql":
		return client.call(bg, func(s native.Session, k native.Cancel) string {
			fire(k)
			return s.GraphQLEx(step.Query, variables, options, k)
		})
	case "request":
		return client.call(bg, func(s native.Session, k native.Cancel) string {
			fire(k)
			return s.RequestEx(step.Method, step.Path, body, options, k)
		})
	}
	return nil, fmt.Errorf("call %q has no options or cancel handle", step.Call)
}

// checkOutcome gives the document of a call; it must agree with the
// Result or *Error the binding made of it.
func checkOutcome(result *Result, err error) (string, error) {
	var failure *Error
	switch {
	case err == nil:
		if ok, _ := lookup(result.JSON, "ok"); ok != true {
			return "", fmt.Errorf("a Result for a failed call: %s", result.JSON)
		}
		return result.JSON, typedFieldsAgree(result.JSON, result.Headers(), result.RateLimit(), 0)
	case errors.As(err, &failure):
		if ok, _ := lookup(failure.JSON, "ok"); ok != false {
			return "", fmt.Errorf("an *Error for a successful call: %s", failure.JSON)
		}
		if code, _ := lookup(failure.JSON, "error.code"); code != string(failure.Code) {
			return "", fmt.Errorf("Error.Code %q disagrees with %s", failure.Code, failure.JSON)
		}
		return failure.JSON, typedFieldsAgree(failure.JSON, failure.Headers, failure.RateLimit, failure.RetryAfter)
	default:
		return "", err
	}
}

// typedFieldsAgree checks Headers, RateLimit and RetryAfter against the
// document's headers, rate_limit and retry_after_s.
func typedFieldsAgree(document string, headers map[string]string, rateLimit *RateLimit, retryAfter time.Duration) error {
	typed := map[string]any{}
	if headers != nil {
		typed["headers"] = headers
	}
	if rateLimit != nil {
		typed["rate_limit"] = rateLimit
	}
	if retryAfter != 0 {
		typed["retry_after_s"] = int64(retryAfter / time.Second)
	}
	for _, name := range []string{"headers", "rate_limit", "retry_after_s"} {
		got, found := lookup(document, name)
		if name == "retry_after_s" && got == 0.0 {
			got, found = nil, false // Retry-After: 0 is RetryAfter 0
		}
		var want any
		value, has := typed[name]
		if has {
			text, _ := json.Marshal(value)
			json.Unmarshal(text, &want)
		}
		if found != has || !reflect.DeepEqual(got, want) {
			return fmt.Errorf("the typed %s (%v) disagrees with %s", name, want, document)
		}
	}
	return nil
}

// optionalJSON maps an absent argument to nil (NULL in C).
func optionalJSON(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	return raw
}

// checkStep lists how the document differs from the step's expectation.
func checkStep(step conformanceStep, document string) []string {
	expect := step.Expect
	if expect == nil {
		return nil
	}
	var problems []string
	want := func(path string, value any) {
		got, found := lookup(document, path)
		if !found {
			problems = append(problems, fmt.Sprintf("%s missing, want %v", path, value))
		} else if !reflect.DeepEqual(got, value) {
			problems = append(problems, fmt.Sprintf("%s = %v, want %v", path, got, value))
		}
	}
	if expect.OK != nil {
		want("ok", *expect.OK)
	}
	if expect.Code != nil {
		want("error.code", string(*expect.Code))
	}
	if expect.Status != nil {
		want("status", float64(*expect.Status))
	}
	for path, raw := range expect.Fields {
		var value any
		if err := json.Unmarshal(raw, &value); err != nil {
			problems = append(problems, fmt.Sprintf("bad expectation for %s: %v", path, err))
			continue
		}
		want(path, value)
	}
	for _, path := range expect.Present {
		if value, found := lookup(document, path); !found || value == nil {
			problems = append(problems, path+" is absent or null")
		}
	}
	for _, path := range expect.Absent {
		if _, found := lookup(document, path); found {
			problems = append(problems, path+" is present")
		}
	}
	for _, text := range expect.Raw {
		if !strings.Contains(document, text) {
			problems = append(problems, fmt.Sprintf("the text %q is missing", text))
		}
	}
	return problems
}
