// ExtApiException and ExtApiErrorCode: how a call the library answered
// with {"ok":false} fails in C#.
using System;

namespace ExtApi {

/// <summary>The library's error codes (error.code), as an enum.</summary>
public enum ExtApiErrorCode {
    /// <summary>No error: the call succeeded.</summary>
    None = 0,
    /// <summary>A code this version of the binding does not know (see
    /// <see cref="Result.ErrorCodeText"/>).</summary>
    Unknown,
    /// <summary>invalid_argument: a bad argument or per-call option.</summary>
    InvalidArgument,
    /// <summary>invalid_config: the configuration is wrong.</summary>
    InvalidConfig,
    /// <summary>network: the server could not be reached.</summary>
    Network,
    /// <summary>timeout: timeout_ms or a deadline expired.</summary>
    Timeout,
    /// <summary>tls: the TLS handshake or verification failed.</summary>
    Tls,
    /// <summary>insecure_transport: credentials would go over plain http.</summary>
    InsecureTransport,
    /// <summary>auth_failed: the credentials or the token were refused.</summary>
    AuthFailed,
    /// <summary>http: a non-2xx answer.</summary>
    Http,
    /// <summary>graphql: the answer carried GraphQL errors.</summary>
    GraphQL,
    /// <summary>rate_limited: 429 after the retries, or a wait too long.</summary>
    RateLimited,
    /// <summary>invalid_response: the answer could not be used.</summary>
    InvalidResponse,
    /// <summary>out_of_memory.</summary>
    OutOfMemory,
    /// <summary>internal: a bug in the library.</summary>
    Internal,
    /// <summary>cancelled (1.1): the call's cancel handle was fired.  The
    /// async methods throw OperationCanceledException instead.</summary>
    Cancelled,
}

/// <summary>Thrown by every call the library answers with a failure
/// (the Try... variants return the <see cref="Result"/> instead), and by the
/// constructors for an invalid configuration.</summary>
public sealed class ExtApiException : Exception {
    /// <summary>Wraps a failed result.</summary>
    public ExtApiException(Result result)
        : base(Describe(result)) {
        Result = result;
    }

    /// <summary>The failed call's full result.</summary>
    public Result Result { get; private set; }

    /// <summary>The error code.</summary>
    public ExtApiErrorCode Code { get { return Result.ErrorCode; } }

    /// <summary>The HTTP status, 0 when there was none.</summary>
    public int Status { get { return Result.Status; } }

    static string Describe(Result result) {
        string text = (result.ErrorCodeText ?? "error") + ": " + (result.ErrorMessage ?? result.Json);
        return result.Status != 0 ? text + " (HTTP " + result.Status + ")" : text;
    }
}

}
