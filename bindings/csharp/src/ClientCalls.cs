// The calls, each in four shapes: throwing (GraphQL), returning the failed
// Result (TryGraphQL), and their async forms with a CancellationToken.
// Only Login, GraphQL and Request have async forms: TokenRefresh and Logout
// have no cancellable form in the C API (only Dispose cuts them short).
using System;
using System.Threading;
using System.Threading.Tasks;

namespace ExtApi {

public sealed partial class Client {
    /// <summary>Obtains a token now (fixed-credential profiles only
    /// validate the configuration).  Throws ExtApiException on failure.</summary>
    public Result Login(CallOptions options = null) { return Throw(TryLogin(options)); }

    /// <summary>Login, returning a failure as a Result instead of throwing.</summary>
    public Result TryLogin(CallOptions options = null) {
        string o = Options(options);
        return Run((s, c) => s.LoginEx(o, c), CancellationToken.None);
    }

    /// <summary>Login; cancelling the token ends the call within about
    /// 100 ms with OperationCanceledException.</summary>
    public Task<Result> LoginAsync(CallOptions options = null, CancellationToken cancellationToken = default(CancellationToken)) {
        return Throw(TryLoginAsync(options, cancellationToken));
    }

    /// <summary>LoginAsync, returning a failure as a Result (cancellation
    /// still throws OperationCanceledException).</summary>
    public Task<Result> TryLoginAsync(CallOptions options = null, CancellationToken cancellationToken = default(CancellationToken)) {
        string o = Options(options);
        return RunAsync((s, c) => s.LoginEx(o, c), cancellationToken);
    }

    /// <summary>Runs a GraphQL query or mutation; variablesJson is a JSON
    /// object or null.  Throws ExtApiException on failure (GraphQL errors
    /// included: the exception's Result has them).</summary>
    public Result GraphQL(string query, string variablesJson = null, CallOptions options = null) {
        return Throw(TryGraphQL(query, variablesJson, options));
    }

    /// <summary>GraphQL, returning a failure as a Result instead of throwing.</summary>
    public Result TryGraphQL(string query, string variablesJson = null, CallOptions options = null) {
        string o = Options(options);
        byte[] q = Native.Query(query);
        return Run((s, c) => s.GraphQLEx(q, variablesJson, o, c), CancellationToken.None);
    }

    /// <summary>GraphQL; cancelling the token ends the call within about
    /// 100 ms with OperationCanceledException.</summary>
    public Task<Result> GraphQLAsync(string query, string variablesJson = null, CallOptions options = null,
                                     CancellationToken cancellationToken = default(CancellationToken)) {
        return Throw(TryGraphQLAsync(query, variablesJson, options, cancellationToken));
    }

    /// <summary>GraphQLAsync, returning a failure as a Result (cancellation
    /// still throws OperationCanceledException).</summary>
    public Task<Result> TryGraphQLAsync(string query, string variablesJson = null, CallOptions options = null,
                                        CancellationToken cancellationToken = default(CancellationToken)) {
        string o = Options(options);
        byte[] q = Native.Query(query);
        return RunAsync((s, c) => s.GraphQLEx(q, variablesJson, o, c), cancellationToken);
    }

    /// <summary>A REST call to a path under BaseUrl.  body is JSON, or with
    /// options.ContentType any text sent as given; null for none.  Throws
    /// ExtApiException on failure (a non-2xx answer is Http).</summary>
    public Result Request(string method, string path, string body = null, CallOptions options = null) {
        return Throw(TryRequest(method, path, body, options));
    }

    /// <summary>Request, returning a failure as a Result instead of throwing.</summary>
    public Result TryRequest(string method, string path, string body = null, CallOptions options = null) {
        string o = Options(options);
        return Run((s, c) => s.RequestEx(method, path, body, o, c), CancellationToken.None);
    }

    /// <summary>Request; cancelling the token ends the call within about
    /// 100 ms with OperationCanceledException.</summary>
    public Task<Result> RequestAsync(string method, string path, string body = null, CallOptions options = null,
                                     CancellationToken cancellationToken = default(CancellationToken)) {
        return Throw(TryRequestAsync(method, path, body, options, cancellationToken));
    }

    /// <summary>RequestAsync, returning a failure as a Result (cancellation
    /// still throws OperationCanceledException).</summary>
    public Task<Result> TryRequestAsync(string method, string path, string body = null, CallOptions options = null,
                                        CancellationToken cancellationToken = default(CancellationToken)) {
        string o = Options(options);
        return RunAsync((s, c) => s.RequestEx(method, path, body, o, c), cancellationToken);
    }

    /// <summary>Renews the token now, even if it is still valid.  Throws
    /// ExtApiException on failure.</summary>
    public Result TokenRefresh() { return Throw(TryTokenRefresh()); }

    /// <summary>TokenRefresh, returning a failure as a Result.</summary>
    public Result TryTokenRefresh() { return Run((s, c) => s.TokenRefresh(), CancellationToken.None); }

    /// <summary>Revokes the token where the profile can, then forgets it
    /// (even when the revocation fails).  Throws ExtApiException on
    /// failure.</summary>
    public Result Logout() { return Throw(TryLogout()); }

    /// <summary>Logout, returning a failure as a Result.</summary>
    public Result TryLogout() { return Run((s, c) => s.Logout(), CancellationToken.None); }

    // For the conformance runner: a call with raw options JSON (unknown
    // keys included) and a token.
    internal Result TryLoginRaw(string optionsJson, CancellationToken token) {
        return Run((s, c) => s.LoginEx(optionsJson, c), token);
    }

    internal Result TryGraphQLRaw(string query, string variablesJson, string optionsJson, CancellationToken token) {
        byte[] q = Native.Query(query);
        return Run((s, c) => s.GraphQLEx(q, variablesJson, optionsJson, c), token);
    }

    internal Result TryRequestRaw(string method, string path, string body, string optionsJson, CancellationToken token) {
        return Run((s, c) => s.RequestEx(method, path, body, optionsJson, c), token);
    }
}

}
