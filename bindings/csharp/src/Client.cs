// ExtApi.Client: one libextapi session, safe to share between threads.
//
// Every call runs through Run: it takes a fresh native Cancel, which the
// caller's CancellationToken and Dispose both fire, so any blocking call
// can be cut short (ext_cancel, library 1.1).
using System;
using System.Threading;
using System.Threading.Tasks;

namespace ExtApi {

/// <summary>One API session: configuration, credentials, token and
/// connections.  Safe to use from any number of threads at once.</summary>
public sealed partial class Client : IDisposable {
    // The SWIG proxy owns the native session; its finalizer frees it when a
    // Client is dropped without Dispose, so Client needs no finalizer.
    readonly Session session;
    // The calls in flight (a doubly linked list of Slots, each holding its
    // call's Cancel), so Dispose can fire them and wait until there are
    // none (the C API forbids freeing a session while another thread is
    // inside a call on it); also the lock for `disposed`, so a call cannot
    // slip in after Dispose fired.  A list and an array rather than
    // HashSet<Cancel> and Stack<Cancel>: under Mono those are shared
    // generic code, and their hashing and generic-context lookups showed in
    // a profile of every call.
    readonly object gate = new object();
    Slot inFlight; // the first of the list, null when none
    int inFlightCount;
    // Slots of finished calls with their unfired Cancels, reused by the
    // next calls (a native handle each: creating and freeing one per call
    // costs more than the rest of the binding's work); guarded by gate.
    readonly Slot[] spare = new Slot[MaxSpare];
    int spareCount;
    const int MaxSpare = 64;

    sealed class Slot {
        internal readonly Cancel Cancel = new Cancel();
        internal Slot Prev, Next;
    }

    bool disposed;

    /// <summary>Creates a client.  No network I/O happens here.</summary>
    /// <exception cref="ExtApiException">InvalidConfig: the options are
    /// wrong; the message names the key.</exception>
    public Client(ClientOptions options)
        : this(options == null ? null : options.ToJson()) {
    }

    /// <summary>Creates a client from the library's JSON configuration (a
    /// configuration file's text, say).  No network I/O happens here.</summary>
    /// <exception cref="ArgumentNullException">configJson is null.</exception>
    /// <exception cref="ExtApiException">InvalidConfig: the configuration is
    /// wrong; the message names the key.</exception>
    public Client(string configJson) {
        if (configJson == null) throw new ArgumentNullException("configJson");
        session = new Session(configJson);
        if (Result.FromNative(session.Info()).Get("config_error") != null) {
            // Login answers a bad configuration at once, without a request,
            // with the library's own invalid_config document.
            var error = Result.FromNative(session.Login());
            session.Dispose();
            throw new ExtApiException(error);
        }
    }

    /// <summary>The native library's version, "MAJOR.MINOR.PATCH".</summary>
    public static string LibraryVersion { get { return extapi.Version(); } }

    /// <summary>Frees the native session and wipes its secrets.  Calls in
    /// flight on other threads are cancelled and throw
    /// ObjectDisposedException; Dispose returns once they have (within
    /// about 100 ms).  Later calls throw ObjectDisposedException; disposing
    /// twice is harmless.</summary>
    public void Dispose() {
        lock (gate) {
            if (disposed) return;
            disposed = true;
            for (Slot slot = inFlight; slot != null; slot = slot.Next) slot.Cancel.Fire();
            while (spareCount > 0) {
                spareCount--;
                spare[spareCount].Cancel.Dispose();
                spare[spareCount] = null;
            }
            while (inFlightCount > 0) Monitor.Wait(gate);
        }
        session.Dispose();
    }

    /// <summary>Describes the session, secrets redacted.  Never blocks.</summary>
    public Result Info() { return Throw(Run((s, c) => s.Info(), CancellationToken.None)); }

    // Makes one call on this thread with a Cancel of its own (a spare one
    // when there is one), fired by token (at once when it is already
    // cancelled: the library then sends nothing) or by Dispose.
    internal Result Run(Func<Session, Cancel, IntPtr> call, CancellationToken token) {
        IntPtr document;
        Slot slot;
        lock (gate) {
            if (disposed) throw new ObjectDisposedException(GetType().FullName);
            if (spareCount > 0) {
                spareCount--;
                slot = spare[spareCount];
                spare[spareCount] = null;
            } else {
                slot = new Slot();
            }
            slot.Next = inFlight;
            if (inFlight != null) inFlight.Prev = slot;
            inFlight = slot;
            inFlightCount++;
        }
        bool reusable = false;
        try {
            // Disposing the registration waits for a Fire in progress, so
            // the Cancel is never fired after it is freed, and a token not
            // cancelled by then never fired it.
            if (token.CanBeCanceled) {
                using (token.Register(slot.Cancel.Fire)) document = call(session, slot.Cancel);
                reusable = !token.IsCancellationRequested;
            } else {
                document = call(session, slot.Cancel);
                reusable = true;
            }
        } finally {
            lock (gate) {
                if (slot.Prev != null) slot.Prev.Next = slot.Next;
                else inFlight = slot.Next;
                if (slot.Next != null) slot.Next.Prev = slot.Prev;
                slot.Prev = slot.Next = null;
                inFlightCount--;
                // Dispose fires the calls in flight: after it, none is
                // reused, and the last one out lets Dispose go on.
                if (disposed) {
                    if (inFlightCount == 0) Monitor.PulseAll(gate);
                } else if (reusable && spareCount < MaxSpare) {
                    spare[spareCount++] = slot;
                    slot = null;
                }
            }
            if (slot != null) slot.Cancel.Dispose();
        }
        var result = Result.FromNative(document);
        // A call Dispose cut short says so as .NET does.
        if (result.ErrorCode == ExtApiErrorCode.Cancelled && !token.IsCancellationRequested && IsDisposed)
            throw new ObjectDisposedException(GetType().FullName);
        return result;
    }

    // The async shape of Run: the blocking call gets a dedicated thread (not
    // a pool thread it would hold for seconds), and a call the token
    // cancelled ends as a cancelled Task (OperationCanceledException).
    internal async Task<Result> RunAsync(Func<Session, Cancel, IntPtr> call, CancellationToken token) {
        Result result = await Task.Factory.StartNew(() => Run(call, token), CancellationToken.None,
                                                    TaskCreationOptions.LongRunning, TaskScheduler.Default)
                                          .ConfigureAwait(false);
        if (result.ErrorCode == ExtApiErrorCode.Cancelled && token.IsCancellationRequested)
            throw new OperationCanceledException(token);
        return result;
    }

    bool IsDisposed { get { lock (gate) return disposed; } }

    static Result Throw(Result result) { return result.EnsureOk(); }

    static async Task<Result> Throw(Task<Result> result) { return (await result.ConfigureAwait(false)).EnsureOk(); }

    static string Options(CallOptions options) { return options == null ? null : options.ToJson(); }
}

}
