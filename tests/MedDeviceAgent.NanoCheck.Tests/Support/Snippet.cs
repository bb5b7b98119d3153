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

        /// <summary>Checks <paramref name="body"/> placed inside a class, against CoreLibrary plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckMembers(string body, params string[] packages)
        {
            return CheckFile("using System;\nusing System.Collections;\n\nnamespace Probe\n{\n    public class Subject\n    {\n" + body + "\n    }\n}\n", packages);
        }

        /// <summary>Checks a whole file against CoreLibrary plus <paramref name="packages"/>.</summary>
        public static CheckResult CheckFile(string text, params string[] packages)
        {
            List<string> all = new List<string> { "nanoFramework.CoreLibrary" };
            all.AddRange(packages);
            return NanoChecker.Check(new[] { new SourceFile(FileName, text) }, RepoPaths.ApiDir, all);
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
            CheckResult result = CheckMembers(body, packages);
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
