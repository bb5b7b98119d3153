using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>The pki.json document: public facts about the PKI directory. It never holds secrets.</summary>
    internal sealed class PkiMetadata
    {
        [JsonPropertyName("formatVersion")]
        public int FormatVersion { get; set; } = 1;

        [JsonPropertyName("vendorId")]
        public string VendorId { get; set; } = string.Empty;

        [JsonPropertyName("root")]
        public RootRecord Root { get; set; } = new RootRecord();

        [JsonPropertyName("retiredRoots")]
        public List<RootRecord> RetiredRoots { get; set; } = new List<RootRecord>();

        [JsonPropertyName("rootRotations")]
        public List<RotationRecord> RootRotations { get; set; } = new List<RotationRecord>();

        [JsonPropertyName("updateSigner")]
        public SignerRecord? UpdateSigner { get; set; }

        [JsonPropertyName("commandSigner")]
        public SignerRecord? CommandSigner { get; set; }

        [JsonPropertyName("retiredSigners")]
        public List<SignerRecord> RetiredSigners { get; set; } = new List<SignerRecord>();

        [JsonPropertyName("revocationList")]
        public RevocationRecord RevocationList { get; set; } = new RevocationRecord();

        internal sealed class RootRecord
        {
            [JsonPropertyName("sequence")]
            public long Sequence { get; set; }

            [JsonPropertyName("algorithm")]
            public string Algorithm { get; set; } = string.Empty;

            [JsonPropertyName("keyId")]
            public string KeyId { get; set; } = string.Empty;

            [JsonPropertyName("publicKey")]
            public string PublicKey { get; set; } = string.Empty;

            [JsonPropertyName("keyFile")]
            public string KeyFile { get; set; } = string.Empty;

            [JsonPropertyName("created")]
            public string Created { get; set; } = string.Empty;
        }

        internal sealed class RotationRecord
        {
            [JsonPropertyName("sequence")]
            public long Sequence { get; set; }

            [JsonPropertyName("file")]
            public string File { get; set; } = string.Empty;
        }

        internal sealed class SignerRecord
        {
            [JsonPropertyName("role")]
            public string Role { get; set; } = string.Empty;

            [JsonPropertyName("algorithm")]
            public string Algorithm { get; set; } = string.Empty;

            [JsonPropertyName("keyId")]
            public string KeyId { get; set; } = string.Empty;

            [JsonPropertyName("publicKey")]
            public string PublicKey { get; set; } = string.Empty;

            [JsonPropertyName("keyFile")]
            public string KeyFile { get; set; } = string.Empty;

            [JsonPropertyName("delegationFile")]
            public string DelegationFile { get; set; } = string.Empty;

            [JsonPropertyName("notBefore")]
            public long NotBefore { get; set; }

            [JsonPropertyName("notAfter")]
            public long NotAfter { get; set; }

            [JsonPropertyName("revoked")]
            public bool Revoked { get; set; }
        }

        internal sealed class RevocationRecord
        {
            [JsonPropertyName("version")]
            public long Version { get; set; }

            [JsonPropertyName("issued")]
            public long Issued { get; set; }

            [JsonPropertyName("file")]
            public string File { get; set; } = string.Empty;

            [JsonPropertyName("revokedKeyIds")]
            public List<string> RevokedKeyIds { get; set; } = new List<string>();
        }
    }
}
