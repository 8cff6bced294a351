/*
 * extapi_csharp.i - the C# entry file for the shared interface.
 *
 * Generated with: swig -csharp -namespace ExtApi -dllimport extapi_csharp
 * The DllImport names the wrapper library itself (libextapi_csharp.so):
 * "extapi" would resolve to the core libextapi.so, which has none of the
 * CSharp_* entry points, and would need a Mono-only dllmap to redirect it.
 * The generated classes are internal: the public API is the hand-written
 * ExtApi.Client (src/Client.cs), which adds IDisposable semantics that are
 * safe across threads.  SWIG's own naming (Session, Login, ...) is already
 * C#'s, so nothing is renamed.
 *
 * No string typemap is needed: SWIG's default char * "out" typemap copies
 * the document into a .NET string (SWIG_csharp_string_callback) before the
 * shared newfree typemap runs ext_string_free() on the C string.
 */
%module extapi

%pragma(csharp) moduleclassmodifiers="internal class"
%typemap(csclassmodifiers) SWIGTYPE "internal class"

%include "extapi.i"
