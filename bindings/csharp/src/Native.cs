// The documents the calls return, taken from the C library: SWIG hands
// each over as the C string itself (extapi_csharp.i), decoded here from
// UTF-8 into one .NET string and freed at once.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace ExtApi {

static class Native {
    [DllImport("extapi_csharp", EntryPoint = "ExtApi_FreeDocument")]
    static extern void FreeDocument(IntPtr document);

    // The document's text (null for a NULL document: out of memory); the C
    // string is freed whatever happens.
    internal static unsafe string TakeDocument(IntPtr document) {
        if (document == IntPtr.Zero) return null;
        try {
            byte* text = (byte*)document;
            int length = 0;
            while (text[length] != 0) length++;
            return Encoding.UTF8.GetString(text, length);
        } finally {
            FreeDocument(document);
        }
    }
}

}
