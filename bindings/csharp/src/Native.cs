// The documents the calls return, taken from the C library: SWIG hands
// each over as the C string itself (extapi_csharp.i); its UTF-8 bytes are
// copied once into a byte[] and the C string freed at once.  A GraphQL
// query goes the other way as UTF-8 bytes encoded here.
using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace ExtApi {

static class Native {
    [DllImport("extapi_csharp", EntryPoint = "ExtApi_DocumentLength")]
    static extern UIntPtr DocumentLength(IntPtr document);

    [DllImport("extapi_csharp", EntryPoint = "ExtApi_FreeDocument")]
    static extern void FreeDocument(IntPtr document);

    // Copies length bytes of the document into bytes and frees it.
    [DllImport("extapi_csharp", EntryPoint = "ExtApi_TakeDocument")]
    static extern void TakeDocument(IntPtr document, byte[] bytes, UIntPtr length);

    sealed class Encoded {
        internal readonly string Text;
        internal readonly byte[] Bytes;
        internal Encoded(string text, byte[] bytes) { Text = text; Bytes = bytes; }
    }

    // The last query encoded (immutable, so any thread may use it).
    static Encoded lastQuery;

    // A query as NUL-terminated UTF-8 (null for null); the same string
    // object as the last time gives the same bytes without encoding again.
    internal static byte[] Query(string text) {
        if (text == null) return null;
        Encoded last = Volatile.Read(ref lastQuery);
        if (last != null && ReferenceEquals(last.Text, text)) return last.Bytes;
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
        Volatile.Write(ref lastQuery, new Encoded(text, bytes));
        return bytes;
    }

    // The document's UTF-8 bytes (null for a NULL document: out of memory);
    // the C string is freed whatever happens.
    internal static byte[] TakeDocument(IntPtr document) {
        if (document == IntPtr.Zero) return null;
        bool taken = false;
        try {
            var bytes = new byte[checked((int)(ulong)DocumentLength(document))];
            // Freed by the call (set first: a double free would be worse
            // than a leak should the call somehow not complete).
            taken = true;
            TakeDocument(document, bytes, (UIntPtr)(uint)bytes.Length);
            return bytes;
        } finally {
            if (!taken) FreeDocument(document);
        }
    }
}

}
