using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>The tls/tls.json document: public facts about the TLS PKI (certificates issued, CRL state). It never holds secrets.</summary>
    internal sealed class TlsMetadata
    {
        [JsonPropertyName("formatVersion")]
        public int FormatVersion { get; set; } = 1;

        /// <summary>"offline-root" when the offline root key (P-256) is the TLS root CA key; "tls-root" when a separate P-256 key is (Ed25519 offline root).</summary>
        [JsonPropertyName("tlsRootKind")]
        public string TlsRootKind { get; set; } = string.Empty;

        /// <summary>Key file of the TLS root CA (relative to the PKI directory).</summary>
        [JsonPropertyName("tlsRootKeyFile")]
        public string TlsRootKeyFile { get; set; } = string.Empty;

        [JsonPropertyName("deviceCaKeyFile")]
        public string DeviceCaKeyFile { get; set; } = string.Empty;

        [JsonPropertyName("deviceCaNotAfter")]
        public long DeviceCaNotAfter { get; set; }

        [JsonPropertyName("brokerKeyFile")]
        public string BrokerKeyFile { get; set; } = string.Empty;

        [JsonPropertyName("brokerHosts")]
        public List<string> BrokerHosts { get; set; } = new List<string>();

        [JsonPropertyName("brokerNotAfter")]
        public long BrokerNotAfter { get; set; }

        [JsonPropertyName("crlNumber")]
        public long CrlNumber { get; set; }

        [JsonPropertyName("crlNextUpdate")]
        public long CrlNextUpdate { get; set; }

        [JsonPropertyName("devices")]
        public List<CertificateRecord> Devices { get; set; } = new List<CertificateRecord>();

        [JsonPropertyName("operators")]
        public List<CertificateRecord> Operators { get; set; } = new List<CertificateRecord>();

        /// <summary>One issued end-entity certificate.</summary>
        internal sealed class CertificateRecord
        {
            [JsonPropertyName("name")]
            public string Name { get; set; } = string.Empty;

            [JsonPropertyName("serial")]
            public string Serial { get; set; } = string.Empty;

            [JsonPropertyName("certificateFile")]
            public string CertificateFile { get; set; } = string.Empty;

            [JsonPropertyName("telemetryKeyFile")]
            public string? TelemetryKeyFile { get; set; }

            [JsonPropertyName("notBefore")]
            public long NotBefore { get; set; }

            [JsonPropertyName("notAfter")]
            public long NotAfter { get; set; }

            [JsonPropertyName("revoked")]
            public bool Revoked { get; set; }

            [JsonPropertyName("revokedAt")]
            public long RevokedAt { get; set; }
        }
    }
}
