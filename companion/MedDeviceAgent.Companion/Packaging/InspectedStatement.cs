using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A statement carried in an envelope, decoded for display only (its signature is not checked here).</summary>
    /// <typeparam name="T">The decoded payload type.</typeparam>
    public sealed class InspectedStatement<T>
        where T : class
    {
        internal InspectedStatement(byte[]? signerKeyId, CoseAlgorithm algorithm, T? value, string? error, int size)
        {
            SignerKeyId = signerKeyId;
            Algorithm = algorithm;
            Value = value;
            Error = error;
            Size = size;
        }

        /// <summary>The statement's kid (its claimed signer), when decodable.</summary>
        public byte[]? SignerKeyId { get; }

        /// <summary>The statement's protected algorithm.</summary>
        public CoseAlgorithm Algorithm { get; }

        /// <summary>The decoded payload, or null.</summary>
        public T? Value { get; }

        /// <summary>Why it could not be decoded, or null.</summary>
        public string? Error { get; }

        /// <summary>Size of the statement in bytes.</summary>
        public int Size { get; }
    }
}
