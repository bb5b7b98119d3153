using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// An explicit set of operator identities (certificate CNs), as <see cref="LiveOperators"/> reads them from the
    /// PKI's register. Only names in the set are operators; there are no prefixes or patterns, so Mosquitto's ACL can
    /// say the same.
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

        /// <summary>True when <paramref name="identity"/> is on the list.</summary>
        public bool Contains(string identity) => _names.Contains(identity);
    }
}
