// The test harness: named tests, assertions, the pass/fail tally.
using System;
using System.Collections;
using System.Collections.Generic;

sealed class CheckFailed : Exception {
    public CheckFailed(string message) : base(message) { }
}

static class Check {
    public static int Passed, Failed;

    /// Runs one test; a CheckFailed or any other exception fails it.
    public static void Run(string name, Action test) {
        try {
            test();
            Passed++;
            Console.WriteLine("PASS " + name);
        } catch (Exception e) {
            Failed++;
            Console.WriteLine("FAIL " + name + ": " + (e is CheckFailed ? e.Message : e.ToString()));
        }
    }

    public static void That(bool condition, string message) {
        if (!condition) throw new CheckFailed(message);
    }

    /// JSON-value equality: numbers compare as numbers, objects by keys.
    public static void Equal(object expected, object actual, string what) {
        if (!JsonEquals(expected, actual))
            throw new CheckFailed(what + ": expected " + TestJson.Serialize(expected) +
                                  ", got " + TestJson.Serialize(actual));
    }

    public static bool JsonEquals(object a, object b) {
        if (a == null || b == null) return a == null && b == null;
        if (IsNumber(a) && IsNumber(b)) return Convert.ToDouble(a) == Convert.ToDouble(b);
        var mapA = a as IDictionary<string, object>;
        var mapB = b as IDictionary<string, object>;
        if (mapA != null && mapB != null) {
            if (mapA.Count != mapB.Count) return false;
            foreach (var entry in mapA) {
                object other;
                if (!mapB.TryGetValue(entry.Key, out other) || !JsonEquals(entry.Value, other)) return false;
            }
            return true;
        }
        var listA = a as IList;
        var listB = b as IList;
        if (listA != null && listB != null) {
            if (listA.Count != listB.Count) return false;
            for (int i = 0; i < listA.Count; i++)
                if (!JsonEquals(listA[i], listB[i])) return false;
            return true;
        }
        return a.Equals(b);
    }

    static bool IsNumber(object x) {
        return x is double || x is int || x is long;
    }
}
