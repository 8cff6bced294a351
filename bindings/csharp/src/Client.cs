// ExtApi.Client: one libextapi session, safe to share between threads.
using System;
using System.Threading;

namespace ExtApi {

public sealed class Client : IDisposable {
    // The SWIG proxy owns the native session; its finalizer frees it when a
    // Client is dropped without Dispose, so Client needs no finalizer.
    readonly Session session;
    // Calls hold it shared, Dispose exclusively: the C API forbids freeing a
    // session while another thread is inside a call on it, so Dispose waits
    // for calls in flight instead of pulling the session from under them.
    readonly ReaderWriterLockSlim gate = new ReaderWriterLockSlim();

    /// Creates a client from a JSON configuration (see the library's
    /// README).  Never throws for a bad configuration: every call then
    /// answers invalid_config, and Info() says why.  No network I/O here.
    public Client(string configJson) {
        session = new Session(configJson);
    }

    /// The native library's version, "MAJOR.MINOR.PATCH".
    public static string LibraryVersion { get { return extapi.Version(); } }

    /// Obtains a token now (fixed-credential profiles only validate).
    public Result Login() { return Call(s => s.Login()); }

    /// Runs a GraphQL query; variablesJson is a JSON object or null.
    public Result GraphQL(string query, string variablesJson = null) {
        return Call(s => s.GraphQL(query, variablesJson));
    }

    /// A REST call to a path under base_url; bodyJson is sent as
    /// application/json, or nothing when null.
    public Result Request(string method, string path, string bodyJson = null) {
        return Call(s => s.Request(method, path, bodyJson));
    }

    /// Renews the token now, even if it is still valid.
    public Result TokenRefresh() { return Call(s => s.TokenRefresh()); }

    /// Revokes the token where the profile can, then forgets it.
    public Result Logout() { return Call(s => s.Logout()); }

    /// Describes the session, secrets redacted.  Never blocks.
    public Result Info() { return Call(s => s.Info()); }

    /// Frees the native session and wipes its secrets now.  Later calls
    /// answer invalid_argument; disposing twice is harmless.
    public void Dispose() {
        gate.EnterWriteLock();
        try {
            // Close, not the proxy's Dispose: that would null the handle the
            // generated wrapper dereferences, where a closed session answers
            // invalid_argument.  The proxy's finalizer frees the struct left.
            session.Close();
        } finally {
            gate.ExitWriteLock();
        }
    }

    Result Call(Func<Session, string> call) {
        string json;
        gate.EnterReadLock();
        try {
            json = call(session);
        } finally {
            gate.ExitReadLock();
        }
        return new Result(json);
    }
}

}
