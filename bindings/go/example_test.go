package extapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/libextapi/extapi-go"
)

// NewClient checks the configuration before any call: here the XMC
// profile's client secret is missing.
func ExampleNewClient() {
	_, err := extapi.NewClient(extapi.Config{
		Profile:  extapi.ProfileXMC,
		BaseURL:  "https://xmc.example:8443",
		ClientID: "xmc-client",
	})
	var failure *extapi.Error
	if errors.As(err, &failure) {
		fmt.Println(errors.Is(err, extapi.ErrInvalidConfig), failure.Code, failure.Key)
	}
	// Output: true invalid_config client_secret
}

// A call honours its context: one whose deadline has passed fails with
// ErrCancelled, which also matches context.DeadlineExceeded.
func ExampleClient_GraphQL() {
	// Set here so that the example runs anywhere; a real program gets it
	// from its environment.
	os.Setenv("XMC_CLIENT_SECRET", "example-secret")
	client, err := extapi.NewClient(extapi.Config{
		Profile:         extapi.ProfileXMC,
		BaseURL:         "https://xmc.example:8443",
		ClientID:        "xmc-client",
		ClientSecretEnv: "XMC_CLIENT_SECRET",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	_, err = client.GraphQL(ctx, "{ network { devices { ip } } }", nil)
	var failure *extapi.Error
	switch {
	case errors.Is(err, extapi.ErrAuthFailed):
		fmt.Println("the credentials were refused")
	case errors.Is(err, context.DeadlineExceeded) && errors.As(err, &failure):
		fmt.Println("out of time:", failure.Code, failure.Timeout())
	case err != nil:
		fmt.Println("failed:", err)
	}
	// Output: out of time: cancelled true
}

// A Config encodes as the library's configuration object; zero fields are
// left out so the library's defaults apply, and Ptr gives a meaningful
// zero.
func ExampleConfig() {
	text, _ := json.Marshal(extapi.Config{
		Profile:     extapi.ProfileBasic,
		BaseURL:     "https://api.example",
		UsernameEnv: "API_USER",
		PasswordEnv: "API_PASSWORD",
		TimeoutMS:   5000,
		Retries:     extapi.Ptr(0),
	})
	fmt.Println(string(text))
	// Output: {"profile":"basic","base_url":"https://api.example","username_env":"API_USER","password_env":"API_PASSWORD","timeout_ms":5000,"retries":0}
}

// Per-call options: a query string and a header for one request.
func ExampleWithQuery() {
	os.Setenv("XMC_CLIENT_SECRET", "example-secret")
	client, err := extapi.NewClient(extapi.Config{
		Profile:         extapi.ProfileXMC,
		BaseURL:         "https://xmc.example:8443",
		ClientID:        "xmc-client",
		ClientSecretEnv: "XMC_CLIENT_SECRET",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	client.Close() // a closed client answers every call with ErrClosed
	_, err = client.Request(context.Background(), "GET", "/devices",
		nil, extapi.WithQuery(map[string]string{"page": "2"}), extapi.WithHeaders(map[string]string{"X-Trace": "1"}))
	fmt.Println(errors.Is(err, extapi.ErrClosed))
	// Output: true
}
