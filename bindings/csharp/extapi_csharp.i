/*
 * extapi_csharp.i - the C# entry file for the shared interface.
 *
 * Generated with: swig -csharp -namespace ExtApi -dllimport extapi_csharp
 * The generated classes are internal: the public API is the hand-written
 * ExtApi.Client (src/Client.cs), which adds IDisposable semantics that are
 * safe across threads.  SWIG's own naming (Session, Login, ...) is already
 * C#'s, so nothing is renamed.
 */
%module extapi

%pragma(csharp) moduleclassmodifiers="internal class"
%typemap(csclassmodifiers) SWIGTYPE "internal class"

%include "extapi.i"
