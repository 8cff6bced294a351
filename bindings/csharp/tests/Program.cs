// ExtApiTests.exe SUITE...: runs the named suites (conformance, client, async,
// threads, memory; all when none is named) against the emulator at
// EXTAPI_EMULATOR_URL and prints "N passed, N failed" last.
using System;
using System.Collections.Generic;

static class Program {
    static readonly Dictionary<string, Action<Emulator>> Suites = new Dictionary<string, Action<Emulator>> {
        { "conformance", ConformanceTests.Run },
        { "client", ClientTests.Run },
        { "async", AsyncTests.Run },
        { "threads", ThreadTests.Run },
        { "memory", MemoryTests.Run },
    };

    static int Main(string[] args) {
        var names = args.Length > 0 ? (IEnumerable<string>)args : Suites.Keys;
        using (var emulator = new Emulator()) {
            foreach (string name in names) {
                Action<Emulator> suite;
                if (Suites.TryGetValue(name, out suite))
                    suite(emulator);
                else
                    Check.Run(name, () => { throw new CheckFailed("no such suite"); });
            }
        }
        Console.WriteLine(Check.Passed + " passed, " + Check.Failed + " failed");
        return Check.Failed == 0 && Check.Passed > 0 ? 0 : 1;
    }
}
