using System;

namespace MedDeviceAgent.Companion.McuBoot
{
    /// <summary>One MCUboot TLV record (type, value) and whether it sits in the protected (hashed) area.</summary>
    public sealed class McuBootTlv
    {
        /// <summary>IMAGE_TLV_KEYHASH: SHA-256 of the signing key's SubjectPublicKeyInfo DER.</summary>
        public const ushort KeyHash = 0x01;

        /// <summary>IMAGE_TLV_SHA256: SHA-256 over header, image and protected TLV area.</summary>
        public const ushort Sha256 = 0x10;

        /// <summary>IMAGE_TLV_ECDSA_SIG: DER ECDSA signature over the SHA-256 digest.</summary>
        public const ushort EcdsaSignature = 0x22;

        /// <summary>IMAGE_TLV_ED25519: Ed25519 signature over the 32 digest bytes.</summary>
        public const ushort Ed25519Signature = 0x24;

        /// <summary>IMAGE_TLV_SEC_CNT: 32-bit little-endian security counter (protected).</summary>
        public const ushort SecurityCounter = 0x50;

        /// <summary>Creates a record.</summary>
        public McuBootTlv(ushort type, byte[] value, bool isProtected)
        {
            Type = type;
            Value = value ?? throw new ArgumentNullException(nameof(value));
            IsProtected = isProtected;
        }

        /// <summary>The TLV type.</summary>
        public ushort Type { get; }

        /// <summary>The value bytes.</summary>
        public byte[] Value { get; }

        /// <summary>True when the record is in the protected area (covered by the image hash).</summary>
        public bool IsProtected { get; }

        /// <summary>The MCUboot name of <see cref="Type"/> (imgtool spelling), or hex for unknown types.</summary>
        public string Name
        {
            get
            {
                switch (Type)
                {
                    case KeyHash: return "KEYHASH";
                    case Sha256: return "SHA256";
                    case EcdsaSignature: return "ECDSASIG";
                    case Ed25519Signature: return "ED25519";
                    case SecurityCounter: return "SEC_CNT";
                    default: return "0x" + Type.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
    }
}
