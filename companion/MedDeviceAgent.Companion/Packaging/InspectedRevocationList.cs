using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A carried revocation list as found (docs/package-format.md, "Revocation list"); each field null when absent or of the wrong type.</summary>
    public sealed class InspectedRevocationList : InspectedStatement
    {
        internal InspectedRevocationList(int size)
            : base(size)
        {
        }

        /// <summary>Key 1: the list's version.</summary>
        public long? Version { get; internal set; }

        /// <summary>Key 2: the revoked key ids, in list order (null when the array holds anything but byte strings).</summary>
        public IReadOnlyList<byte[]>? RevokedKeyIds { get; internal set; }

        /// <summary>Key 3: issue time, Unix seconds.</summary>
        public long? Issued { get; internal set; }

        /// <summary>Key 4: the issuing root's key id.</summary>
        public byte[]? IssuerKeyId { get; internal set; }
    }
}
