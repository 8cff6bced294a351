package extapi

// Profile selects how a Client authenticates.
type Profile string

// The profiles libextapi knows.
const (
	ProfileXIQ    Profile = "xiq"    // ExtremeCloud IQ: username and password at /login
	ProfileXMC    Profile = "xmc"    // XMC / Site Engine: OAuth client credentials
	ProfileOAuth2 Profile = "oauth2" // any OAuth 2.0 token endpoint
	ProfileBasic  Profile = "basic"  // HTTP Basic on every call
	ProfileBearer Profile = "bearer" // a ready bearer token
	ProfileAPIKey Profile = "apikey" // an API key in a header or the query
)

// Config is the session's configuration, encoded as the JSON object the C
// library reads (`man 3 extapi`, CONFIGURATION, lists every key and its default).
// A zero field is left out, so the library's default applies; the few
// settings whose zero value is meaningful (Retries, RefreshLeewayS,
// VerifyTLS) are pointers: use Ptr(0) or Ptr(false).
//
// Keep secrets out of the program: name the environment variable that
// holds one in the matching *Env field (ClientSecretEnv:
// "XMC_CLIENT_SECRET"); the library reads it once, in NewClient.
type Config struct {
	Profile Profile `json:"profile"`
	// BaseURL is the service's scheme, host, port and optional path prefix.
	BaseURL string `json:"base_url"`

	Username        string `json:"username,omitempty"`
	UsernameEnv     string `json:"username_env,omitempty"`
	Password        string `json:"password,omitempty"`
	PasswordEnv     string `json:"password_env,omitempty"`
	ClientID        string `json:"client_id,omitempty"`
	ClientIDEnv     string `json:"client_id_env,omitempty"`
	ClientSecret    string `json:"client_secret,omitempty"`
	ClientSecretEnv string `json:"client_secret_env,omitempty"`
	Token           string `json:"token,omitempty"`
	TokenEnv        string `json:"token_env,omitempty"`
	APIKey          string `json:"api_key,omitempty"`
	APIKeyEnv       string `json:"api_key_env,omitempty"`

	// GrantType is the oauth2 grant: client_credentials (default),
	// password, or an extension grant's URI.
	GrantType string `json:"grant_type,omitempty"`
	// TokenParams are extra fields sent with every token request.
	TokenParams map[string]string `json:"token_params,omitempty"`
	Scope       string            `json:"scope,omitempty"`
	ClientAuth  string            `json:"client_auth,omitempty"` // auto, basic_raw, basic, body

	TokenURL    string `json:"token_url,omitempty"`
	RevokeURL   string `json:"revoke_url,omitempty"`
	GraphQLPath string `json:"graphql_path,omitempty"`
	LoginPath   string `json:"login_path,omitempty"`
	LogoutPath  string `json:"logout_path,omitempty"`

	APIKeyHeader string `json:"api_key_header,omitempty"`
	APIKeyQuery  string `json:"api_key_query,omitempty"`

	// Headers are sent on every API call; ResponseHeaders names the answer
	// headers each Result carries in Headers.
	Headers         map[string]string `json:"headers,omitempty"`
	ResponseHeaders []string          `json:"response_headers,omitempty"`

	// TimeoutMS and ConnectTimeoutMS bound each HTTP exchange; DeadlineMS
	// bounds a whole call, retries and renewals included.
	TimeoutMS        int  `json:"timeout_ms,omitempty"`
	ConnectTimeoutMS int  `json:"connect_timeout_ms,omitempty"`
	DeadlineMS       int  `json:"deadline_ms,omitempty"`
	Retries          *int `json:"retries,omitempty"`
	RefreshLeewayS   *int `json:"refresh_leeway_s,omitempty"`

	VerifyTLS  *bool  `json:"verify_tls,omitempty"`
	CAFile     string `json:"ca_file,omitempty"`
	ClientCert string `json:"client_cert,omitempty"`
	ClientKey  string `json:"client_key,omitempty"`
	Proxy      string `json:"proxy,omitempty"`
	UserAgent  string `json:"user_agent,omitempty"`
	// AllowHTTP allows credentials over http:// to a non-loopback host.
	AllowHTTP bool `json:"allow_http,omitempty"`

	// TokenCache is a file where tokens survive between processes.
	TokenCache       string `json:"token_cache,omitempty"`
	MaxResponseBytes int64  `json:"max_response_bytes,omitempty"`
	// ExposeToken puts the access token into login and refresh results.
	ExposeToken bool `json:"expose_token,omitempty"`
}

// Ptr returns a pointer to v, for Config's optional fields:
// Retries: extapi.Ptr(0).
func Ptr[T any](v T) *T { return &v }
