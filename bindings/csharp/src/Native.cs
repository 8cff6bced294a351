// The documents the calls return, taken from the C library: SWIG hands
// each over as the C string itself (extapi_csharp.i); its UTF-8 bytes are
// copied once into a byte[] and the C string freed at once.
using System;
using System.Runtime.InteropServices;

namespace ExtApi {

static class Native {
    [DllImport("extapi_csharp", EntryPoint = "ExtApi_DocumentLength")]
    static extern UIntPtr DocumentLength(IntPtr document);

    [DllImport("extapi_csharp", EntryPoint = "ExtApi_FreeDocument")]
    static extern void FreeDocument(IntPtr document);

    // The document's UTF-8 bytes (null for a NULL document: out of memory);
    // the C string is freed whatever happens.
    internal static byte[] TakeDocument(IntPtr document) {
        if (document == IntPtr.Zero) return null;
        try {
            var bytes = new byte[checked((int)(ulong)DocumentLength(document))];
            Marshal.Copy(document, bytes, 0, bytes.Length);
            return bytes;
        } finally {
            FreeDocument(document);
        }
    }
}

}
