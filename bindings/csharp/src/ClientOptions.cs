// ClientOptions: the session configuration as a typed class, written out
// as the library's JSON configuration (the keys of `man 3 extapi`,
// CONFIGURATION).  Null properties are left out: the library's
// default applies.
using System;
using System.Collections.Generic;
using System.Json;

namespace ExtApi {

/// <summary>The kind of service, and so how the session authenticates.</summary>
public enum Profile {
    /// <summary>ExtremeCloud IQ: username and password at /login.</summary>
    Xiq,
    /// <summary>XMC / Site Engine: OAuth client credentials.</summary>
    Xmc,
    /// <summary>Any OAuth 2.0 service.</summary>
    OAuth2,
    /// <summary>HTTP Basic on every call.</summary>
    Basic,
    /// <summary>A fixed bearer token.</summary>
    Bearer,
    /// <summary>A fixed API key in a header or the query.</summary>
    ApiKey,
}

/// <summary>A session's configuration.  Credentials are best given through
/// the *Env properties: the library reads the named environment variable
/// once, when the Client is created, and the secret stays out of the
/// program.</summary>
public sealed class ClientOptions {
    /// <summary>Required: the kind of service.</summary>
    public Profile Profile { get; set; }
    /// <summary>Required: scheme, host, port (and optional path prefix).</summary>
    public string BaseUrl { get; set; }
    /// <summary>xiq, basic, oauth2 password grant.</summary>
    public string Username { get; set; }
    /// <summary>The environment variable holding the username.</summary>
    public string UsernameEnv { get; set; }
    /// <summary>xiq, basic, oauth2 password grant.</summary>
    public string Password { get; set; }
    /// <summary>The environment variable holding the password.</summary>
    public string PasswordEnv { get; set; }
    /// <summary>OAuth client (xmc, oauth2).</summary>
    public string ClientId { get; set; }
    /// <summary>The environment variable holding the client id.</summary>
    public string ClientIdEnv { get; set; }
    /// <summary>OAuth client secret (xmc, oauth2).</summary>
    public string ClientSecret { get; set; }
    /// <summary>The environment variable holding the client secret.</summary>
    public string ClientSecretEnv { get; set; }
    /// <summary>A ready bearer token (bearer).</summary>
    public string Token { get; set; }
    /// <summary>The environment variable holding the token.</summary>
    public string TokenEnv { get; set; }
    /// <summary>An API key (apikey).</summary>
    public string ApiKey { get; set; }
    /// <summary>The environment variable holding the API key.</summary>
    public string ApiKeyEnv { get; set; }
    /// <summary>The header carrying the API key (default X-API-Key).</summary>
    public string ApiKeyHeader { get; set; }
    /// <summary>The query parameter carrying the API key, instead of a header.</summary>
    public string ApiKeyQuery { get; set; }
    /// <summary>oauth2: client_credentials (default), password, or an extension grant's URI.</summary>
    public string GrantType { get; set; }
    /// <summary>Extra string fields sent with every token request.</summary>
    public IDictionary<string, string> TokenParams { get; set; }
    /// <summary>Extra headers sent on every API call.</summary>
    public IDictionary<string, string> Headers { get; set; }
    /// <summary>Response header names each API result carries in Result.Headers.</summary>
    public IList<string> ResponseHeaders { get; set; }
    /// <summary>Bound on one whole call, retries and renewals included.</summary>
    public TimeSpan? Deadline { get; set; }
    /// <summary>The token endpoint, absolute URL or path.</summary>
    public string TokenUrl { get; set; }
    /// <summary>The RFC 7009 revocation endpoint (oauth2).</summary>
    public string RevokeUrl { get; set; }
    /// <summary>Default /nbi/graphql for xmc, /graphql otherwise.</summary>
    public string GraphQLPath { get; set; }
    /// <summary>xiq: default /login.</summary>
    public string LoginPath { get; set; }
    /// <summary>xiq: default /logout.</summary>
    public string LogoutPath { get; set; }
    /// <summary>auto (default), basic_raw, basic or body.</summary>
    public string ClientAuth { get; set; }
    /// <summary>The OAuth scope.</summary>
    public string Scope { get; set; }
    /// <summary>Renew this long before expiry (default 60 s).</summary>
    public TimeSpan? RefreshLeeway { get; set; }
    /// <summary>Per HTTP exchange (default 30 s).</summary>
    public TimeSpan? Timeout { get; set; }
    /// <summary>Per connection attempt (default 10 s).</summary>
    public TimeSpan? ConnectTimeout { get; set; }
    /// <summary>Retries on 429/502/503/504 and connection failures, 0-10 (default 2).</summary>
    public int? Retries { get; set; }
    /// <summary>Verify the certificate and host name (default true).</summary>
    public bool? VerifyTls { get; set; }
    /// <summary>A CA bundle instead of the system's.</summary>
    public string CaFile { get; set; }
    /// <summary>A TLS client certificate.</summary>
    public string ClientCert { get; set; }
    /// <summary>The TLS client certificate's key.</summary>
    public string ClientKey { get; set; }
    /// <summary>A proxy URL (default: the environment's).</summary>
    public string Proxy { get; set; }
    /// <summary>The User-Agent (default libextapi/VERSION).</summary>
    public string UserAgent { get; set; }
    /// <summary>Allow credentials over http:// to a non-loopback host.</summary>
    public bool? AllowHttp { get; set; }
    /// <summary>A file where tokens survive between processes.</summary>
    public string TokenCache { get; set; }
    /// <summary>Larger responses fail with InvalidResponse (default 64 MiB).</summary>
    public long? MaxResponseBytes { get; set; }
    /// <summary>Include token.access_token in login and refresh results.</summary>
    public bool? ExposeToken { get; set; }

    /// <summary>The library's JSON configuration for these options.</summary>
    public string ToJson() {
        var o = new JsonObject();
        o["profile"] = Profile.ToString().ToLowerInvariant();
        Put(o, "base_url", BaseUrl);
        Put(o, "username", Username); Put(o, "username_env", UsernameEnv);
        Put(o, "password", Password); Put(o, "password_env", PasswordEnv);
        Put(o, "client_id", ClientId); Put(o, "client_id_env", ClientIdEnv);
        Put(o, "client_secret", ClientSecret); Put(o, "client_secret_env", ClientSecretEnv);
        Put(o, "token", Token); Put(o, "token_env", TokenEnv);
        Put(o, "api_key", ApiKey); Put(o, "api_key_env", ApiKeyEnv);
        Put(o, "api_key_header", ApiKeyHeader); Put(o, "api_key_query", ApiKeyQuery);
        Put(o, "grant_type", GrantType);
        if (TokenParams != null) o["token_params"] = Object(TokenParams);
        if (Headers != null) o["headers"] = Object(Headers);
        if (ResponseHeaders != null) {
            var names = new JsonArray();
            foreach (string name in ResponseHeaders) names.Add(name);
            o["response_headers"] = names;
        }
        Millis(o, "deadline_ms", Deadline);
        Put(o, "token_url", TokenUrl); Put(o, "revoke_url", RevokeUrl);
        Put(o, "graphql_path", GraphQLPath); Put(o, "login_path", LoginPath); Put(o, "logout_path", LogoutPath);
        Put(o, "client_auth", ClientAuth); Put(o, "scope", Scope);
        if (RefreshLeeway.HasValue) o["refresh_leeway_s"] = (long)RefreshLeeway.Value.TotalSeconds;
        Millis(o, "timeout_ms", Timeout);
        Millis(o, "connect_timeout_ms", ConnectTimeout);
        if (Retries.HasValue) o["retries"] = Retries.Value;
        if (VerifyTls.HasValue) o["verify_tls"] = VerifyTls.Value;
        Put(o, "ca_file", CaFile); Put(o, "client_cert", ClientCert); Put(o, "client_key", ClientKey);
        Put(o, "proxy", Proxy); Put(o, "user_agent", UserAgent);
        if (AllowHttp.HasValue) o["allow_http"] = AllowHttp.Value;
        Put(o, "token_cache", TokenCache);
        if (MaxResponseBytes.HasValue) o["max_response_bytes"] = MaxResponseBytes.Value;
        if (ExposeToken.HasValue) o["expose_token"] = ExposeToken.Value;
        return o.ToString();
    }

    internal static void Put(JsonObject o, string key, string value) {
        if (value != null) o[key] = value;
    }

    internal static void Millis(JsonObject o, string key, TimeSpan? value) {
        if (value.HasValue) o[key] = (long)Math.Ceiling(value.Value.TotalMilliseconds);
    }

    internal static JsonObject Object(IDictionary<string, string> map) {
        var o = new JsonObject();
        foreach (var entry in map) o[entry.Key] = entry.Value;
        return o;
    }
}

/// <summary>How Request returns the response body.</summary>
public enum ResponseFormat {
    /// <summary>Data is the JSON body (the default).</summary>
    Json,
    /// <summary>Data is the body as a string.</summary>
    Text,
    /// <summary>Data is the body in base64, for binary answers.</summary>
    Base64,
}

/// <summary>Options for one call (library 1.1).  Each applies to some
/// calls only; giving one a call does not take (Headers to Login) is
/// InvalidArgument naming "options.headers".</summary>
public sealed class CallOptions {
    /// <summary>Bound on this whole call, over the session's Deadline.</summary>
    public TimeSpan? Deadline { get; set; }
    /// <summary>Request headers merged over the session's (GraphQL, Request).</summary>
    public IDictionary<string, string> Headers { get; set; }
    /// <summary>Query parameters, encoded and appended (GraphQL, Request).</summary>
    public IDictionary<string, string> Query { get; set; }
    /// <summary>The GraphQL operationName (GraphQL).</summary>
    public string OperationName { get; set; }
    /// <summary>Send the body as given with this Content-Type instead of
    /// as JSON: form, text, XML (Request).</summary>
    public string ContentType { get; set; }
    /// <summary>How the body comes back (Request); null is Json.</summary>
    public ResponseFormat? Response { get; set; }

    /// <summary>The library's options_json for these options.</summary>
    public string ToJson() {
        var o = new JsonObject();
        ClientOptions.Millis(o, "deadline_ms", Deadline);
        if (Headers != null) o["headers"] = ClientOptions.Object(Headers);
        if (Query != null) o["query"] = ClientOptions.Object(Query);
        ClientOptions.Put(o, "operation_name", OperationName);
        ClientOptions.Put(o, "content_type", ContentType);
        if (Response.HasValue) o["response"] = Response.Value.ToString().ToLowerInvariant();
        return o.ToString();
    }
}

}
