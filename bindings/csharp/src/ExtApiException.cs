// Thrown by Result.EnsureOk() for a failed call; the calls themselves never
// throw for a failure the library reports.
using System;

namespace ExtApi {

public sealed class ExtApiException : Exception {
    public ExtApiException(Result result)
        : base(Describe(result)) {
        Result = result;
    }

    /// The failed call's full result.
    public Result Result { get; private set; }

    /// error.code, e.g. "auth_failed".
    public string Code { get { return Result.ErrorCode; } }

    /// The HTTP status, 0 when there was none.
    public int Status { get { return Result.Status; } }

    static string Describe(Result result) {
        string text = (result.ErrorCode ?? "error") + ": " + (result.ErrorMessage ?? result.Json);
        return result.Status != 0 ? text + " (HTTP " + result.Status + ")" : text;
    }
}

}
