using System;
using System.Collections.Generic;
using System.IO;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The explicit list of operator identities (certificate CNs): one a line, blank lines and text after '#' ignored.
    /// Only names on the list are operators; there are no prefixes or patterns, so Mosquitto's ACL can say the same.
    /// </summary>
    public sealed class OperatorNames
    {
        private readonly HashSet<string> _names;

        /// <summary>The given names (each must be a valid identifier).</summary>
        public OperatorNames(IEnumerable<string> names)
        {
            ArgumentNullException.ThrowIfNull(names);
            _names = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                if (!CertificateIdentity.IsIdentifier(name))
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "operator name '" + name + "' is not 1-64 characters of A-Z a-z 0-9 . _ -");
                }

                _names.Add(name);
            }
        }

        /// <summary>The names, sorted.</summary>
        public IReadOnlyList<string> Names
        {
            get
            {
                List<string> sorted = new List<string>(_names);
                sorted.Sort(StringComparer.Ordinal);
                return sorted;
            }
        }

        /// <summary>Reads an operators file (see the class summary).</summary>
        public static OperatorNames Load(string path)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "operators file unreadable: " + path + ": " + e.Message, e);
            }

            List<string> names = new List<string>();
            foreach (string line in lines)
            {
                int hash = line.IndexOf('#', StringComparison.Ordinal);
                string name = (hash >= 0 ? line.Substring(0, hash) : line).Trim();
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }

            return new OperatorNames(names);
        }

        /// <summary>True when <paramref name="identity"/> is on the list.</summary>
        public bool Contains(string identity) => _names.Contains(identity);
    }
}
