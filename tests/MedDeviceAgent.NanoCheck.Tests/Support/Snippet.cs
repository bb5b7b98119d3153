using System;
using System.Collections.Generic;
using System.Linq;

namespace MedDeviceAgent.NanoCheck.Tests.Support
{
    /// <summary>Checks one in-memory source whose offending line is marked with <c>// HERE</c>.</summary>
    internal static class Snippet
    {
        public const string FileName = "/virtual/Snippet.cs";

        private const string Marker = "// HERE";

        /// <summary>Checks <paramref name="body"/> placed inside a class, against the real mscorlib plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckMembers(string body, params string[] packages)
        {
            return CheckMembersWith(RealCoreLibrary(), body, packages);
        }

        /// <summary>Checks <paramref name="body"/> placed inside a class, against <paramref name="coreLibrary"/> plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckMembersWith(CoreLibrary coreLibrary, string body, params string[] packages)
        {
            return CheckFileWith(coreLibrary, "using System;\nusing System.Collections;\n\nnamespace Probe\n{\n    public class Subject\n    {\n" + body + "\n    }\n}\n", packages);
        }

        /// <summary>Checks a whole file against the real mscorlib plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckFile(string text, params string[] packages)
        {
            return CheckFileWith(RealCoreLibrary(), text, packages);
        }

        /// <summary>Checks a whole file against <paramref name="coreLibrary"/> plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckFileWith(CoreLibrary coreLibrary, string text, params string[] packages)
        {
            List<string> all = new List<string> { "nanoFramework.CoreLibrary" };
            all.AddRange(packages);
            return NanoChecker.Check(new[] { new SourceFile(FileName, text) }, RepoPaths.ApiDir, all, coreLibrary: coreLibrary);
        }

        /// <summary>The real mscorlib this build restored; fails the test when it is missing (the suite must not quietly test only the fallback).</summary>
        public static CoreLibrary RealCoreLibrary()
        {
            CoreLibrary coreLibrary = CoreLibrary.Locate();
            Assert.True(coreLibrary.IsReal, coreLibrary.MissingMessage);
            return coreLibrary;
        }

        /// <summary>The mscorlib a check uses in <paramref name="mode"/>: "real" (the restored package) or "generated" (from corelib-api.txt).</summary>
        public static CoreLibrary CoreLibraryFor(string mode)
        {
            return mode == "real" ? RealCoreLibrary() : CoreLibrary.GeneratedOnly();
        }

        /// <summary>The 1-based line of the marker in the text built by <see cref="CheckMembers"/>.</summary>
        public static int MarkedLine(string body)
        {
            string text = "using System;\nusing System.Collections;\n\nnamespace Probe\n{\n    public class Subject\n    {\n" + body;
            string[] lines = text.Split('\n');
            int index = Array.FindIndex(lines, l => l.Contains(Marker, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new ArgumentException("snippet has no marker");
            }

            return index + 1;
        }

        /// <summary>Asserts a violation on the marked line whose message contains every one of <paramref name="expected"/>.</summary>
        public static Violation AssertRejected(string body, string[] packages, params string[] expected)
        {
            return AssertRejectedWith(RealCoreLibrary(), body, packages, expected);
        }

        /// <summary>As <see cref="AssertRejected"/>, against <paramref name="coreLibrary"/>.</summary>
        public static Violation AssertRejectedWith(CoreLibrary coreLibrary, string body, string[] packages, params string[] expected)
        {
            CheckResult result = CheckMembersWith(coreLibrary, body, packages);
            int line = MarkedLine(body);
            Assert.False(result.IsClean, "expected a violation");
            Violation? match = result.Violations.FirstOrDefault(v =>
                v.Line == line && expected.All(e => v.Message.Contains(e, StringComparison.Ordinal)));
            Assert.True(
                match != null,
                "no violation on line " + line + " naming [" + string.Join(", ", expected) + "]; got:\n" + string.Join("\n", result.Violations.Select(v => v.ToString())));
            Assert.Equal(FileName, match!.Path);
            Assert.StartsWith(FileName + "(" + line + ",", match.ToString(), StringComparison.Ordinal);
            Assert.Contains(": error NANO001: ", match.ToString(), StringComparison.Ordinal);
            return match;
        }
    }
}
