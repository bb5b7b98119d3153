using MedDeviceAgent.Companion.Cose;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>The framing and decoded envelope of an .mdpkg file (steps 1-3 of the verification order passed).</summary>
    public sealed class PackageEnvelope
    {
        internal PackageEnvelope(int envelopeLength, byte[] envelopeBytes, CoseSign1Message cose, long fileLength)
        {
            EnvelopeLength = envelopeLength;
            EnvelopeBytes = envelopeBytes;
            Cose = cose;
            FileLength = fileLength;
        }

        /// <summary>Format version byte of the header.</summary>
        public int FormatVersion => Protocol.PackageFormat.FormatVersion;

        /// <summary>Envelope length N from the header.</summary>
        public int EnvelopeLength { get; }

        /// <summary>The envelope bytes (the COSE_Sign1).</summary>
        public byte[] EnvelopeBytes { get; }

        /// <summary>The decoded envelope.</summary>
        public CoseSign1Message Cose { get; }

        /// <summary>Offset of the payload: 8 + N.</summary>
        public long PayloadOffset => Protocol.PackageFormat.HeaderSize + EnvelopeLength;

        /// <summary>Length of the whole file.</summary>
        public long FileLength { get; }
    }
}
