using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>Expands an MSBuild item path (<c>*</c>, <c>?</c>, <c>**</c>) to the files it names.</summary>
    internal static class SourceGlob
    {
        /// <summary>True when <paramref name="path"/> contains a wildcard.</summary>
        public static bool HasWildcard(string path) => path.IndexOfAny(new[] { '*', '?' }) >= 0;

        /// <summary>The files matching the absolute pattern, sorted ordinally.</summary>
        public static IReadOnlyList<string> Expand(string pattern)
        {
            string normalized = pattern.Replace('\\', '/');
            if (!HasWildcard(normalized))
            {
                return File.Exists(normalized) ? new[] { Path.GetFullPath(normalized) } : Array.Empty<string>();
            }

            string[] segments = normalized.Split('/');
            int firstWild = Array.FindIndex(segments, HasWildcard);
            string baseDir = string.Join("/", segments.Take(firstWild));
            if (baseDir.Length == 0)
            {
                baseDir = "/";
            }

            if (!Directory.Exists(baseDir))
            {
                return Array.Empty<string>();
            }

            Regex matcher = ToRegex(segments.Skip(firstWild).ToArray());
            string root = Path.GetFullPath(baseDir);
            return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => matcher.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')))
                .Select(Path.GetFullPath)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        private static Regex ToRegex(string[] segments)
        {
            StringBuilder pattern = new StringBuilder("^");
            for (int i = 0; i < segments.Length; i++)
            {
                bool last = i == segments.Length - 1;
                if (segments[i] == "**")
                {
                    pattern.Append(last ? ".*" : "(?:[^/]+/)*");
                    continue;
                }

                foreach (char c in segments[i])
                {
                    pattern.Append(c switch
                    {
                        '*' => "[^/]*",
                        '?' => "[^/]",
                        _ => Regex.Escape(c.ToString()),
                    });
                }

                if (!last)
                {
                    pattern.Append('/');
                }
            }

            pattern.Append('$');
            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
        }
    }
}
