package extapi

import (
	"encoding/json"
	"time"
)

// CallOption adjusts one GraphQL or Request call (library 1.1's per-call
// options).  An option that does not apply to the call, such as
// WithContentType on GraphQL, makes the call fail with ErrInvalidArgument.
type CallOption func(*callOptions)

// callOptions is the options_json object of ext_graphql_ex and
// ext_request_ex.
type callOptions struct {
	DeadlineMS    int64             `json:"deadline_ms,omitempty"`
	Headers       map[string]string `json:"headers,omitempty"`
	Query         map[string]string `json:"query,omitempty"`
	OperationName string            `json:"operation_name,omitempty"`
	ContentType   string            `json:"content_type,omitempty"`
	Response      ResponseFormat    `json:"response,omitempty"`
	MaxPages      int               `json:"max_pages,omitempty"`
}

// ResponseFormat says how a Request's answer body becomes Result.Data.
type ResponseFormat string

// The response formats of WithResponse.
const (
	ResponseJSON   ResponseFormat = "json"   // the JSON body as sent (the default)
	ResponseText   ResponseFormat = "text"   // the body as a JSON string
	ResponseBase64 ResponseFormat = "base64" // the body in base64, for binary answers: see Result.Bytes
)

// WithHeaders sends these request headers, merged over the Config's.
func WithHeaders(headers map[string]string) CallOption {
	return func(o *callOptions) { o.Headers = headers }
}

// WithQuery appends these query parameters, encoded, to the URL.
func WithQuery(query map[string]string) CallOption {
	return func(o *callOptions) { o.Query = query }
}

// WithOperationName sets the GraphQL operationName (GraphQL only).
func WithOperationName(name string) CallOption {
	return func(o *callOptions) { o.OperationName = name }
}

// WithContentType sends the body as given with this Content-Type instead
// of checking it as JSON: a form, text, XML (Request only).
func WithContentType(contentType string) CallOption {
	return func(o *callOptions) { o.ContentType = contentType }
}

// WithResponse chooses how the answer body is returned (Request only).
func WithResponse(format ResponseFormat) CallOption {
	return func(o *callOptions) { o.Response = format }
}

// WithMaxPages stops Paginate after n pages (default 100).
func WithMaxPages(n int) CallOption {
	return func(o *callOptions) { o.MaxPages = n }
}

// WithTimeout bounds the whole call, retries and renewals included, in
// the library (its error is then ErrTimeout); a context deadline does the
// same from Go.  Whole milliseconds; less than 1 ms counts as 1 ms.
func WithTimeout(d time.Duration) CallOption {
	return func(o *callOptions) {
		o.DeadlineMS = int64(d / time.Millisecond)
		if o.DeadlineMS < 1 {
			o.DeadlineMS = 1
		}
	}
}

// optionsJSON gives the options_json text for a call, "" (NULL) for none.
func optionsJSON(options []CallOption) (string, error) {
	if len(options) == 0 {
		return "", nil
	}
	var o callOptions
	for _, option := range options {
		option(&o)
	}
	text, err := json.Marshal(o)
	if err != nil {
		return "", invalidArgument("options", err.Error())
	}
	if string(text) == "{}" {
		return "", nil
	}
	return string(text), checkText("options", string(text))
}
