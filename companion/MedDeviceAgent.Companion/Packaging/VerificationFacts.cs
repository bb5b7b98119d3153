using System;
using System.Globalization;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;
using CoreCose = MedDeviceAgent.Firmware.Core.Cose.CoseSign1;
using CoreTrustState = MedDeviceAgent.Firmware.Core.Trust.TrustState;
using CoreReport = MedDeviceAgent.Firmware.Core.Update.VerificationReport;
using CoreVerifier = MedDeviceAgent.Firmware.Core.Update.PackageVerifier;
using IPackageSource = MedDeviceAgent.Firmware.Core.Update.IPackageSource;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// What the firmware core established while judging one package, read back for the report:
    /// which stage the verdict came from, the facts known by then, and a reason naming them.
    /// Judges nothing: the verdict is the core's.
    /// </summary>
    /// <remarks>
    /// The header and envelope are read again and parsed with the core's own <c>CoseSign1</c>
    /// (only to learn the kid and offsets); the core's report objects point into an envelope with
    /// the same layout. RAM: one copy of the envelope (at most 8 KiB).
    /// </remarks>
    internal sealed class VerificationFacts
    {
        private readonly VerificationTrust trust;
        private readonly CoreTrustState state;
        private readonly long securityFloor;
        private readonly CoreReport core;
        private readonly UpdateResult result;
        private readonly long fileLength;
        private readonly byte[] header;
        private readonly byte[]? envelope;
        private readonly CoreCose? cose;

        private VerificationFacts(VerificationTrust trust, CoreTrustState state, long securityFloor, CoreReport core, UpdateResult result, long fileLength, byte[] header, byte[]? envelope, CoreCose? cose)
        {
            this.trust = trust;
            this.state = state;
            this.securityFloor = securityFloor;
            this.core = core;
            this.result = result;
            this.fileLength = fileLength;
            this.header = header;
            this.envelope = envelope;
            this.cose = cose;
        }

        /// <summary>The envelope decoded (steps 1-3 passed).</summary>
        private bool EnvelopeDecoded => cose != null;

        /// <summary>The manifest decoded, which the core does only after the envelope signature verified.</summary>
        private bool ManifestDecoded => core.Manifest.VendorId != null;

        /// <summary>The carried rotations were applied (step 4 passed).</summary>
        private bool RootsKnown => EnvelopeDecoded && result != UpdateResult.InvalidRootChain;

        /// <summary>The delegation verified against the current root (step 5, first part, passed).</summary>
        private bool DelegationKnown => RootsKnown && result != UpdateResult.MissingDelegation && result != UpdateResult.InvalidDelegation;

        /// <summary>The delegation's role, window and key id passed (the rest of step 5).</summary>
        private bool DelegationPassed => DelegationKnown && result != UpdateResult.WrongKeyRole && result != UpdateResult.DelegationNotYetValid
            && result != UpdateResult.DelegationExpired && (result != UpdateResult.KeyIdMismatch || ManifestDecoded);

        /// <summary>The revocation list in force was established (step 6 reached its verdict).</summary>
        private bool RevocationKnown => DelegationPassed && result != UpdateResult.InvalidRevocationList;

        /// <summary>Reads what is needed to describe <paramref name="result"/>.</summary>
        public static VerificationFacts Read(IPackageSource source, VerificationTrust trust, CoreTrustState state, long securityFloor, CoreReport core, UpdateResult result)
        {
            long length = source.Length;
            byte[] header = new byte[PackageFormat.HeaderSize];
            int headerRead = CoreVerifier.ReadFully(source, 0, header, header.Length);
            if (headerRead < header.Length)
            {
                Array.Resize(ref header, Math.Max(0, headerRead));
            }

            byte[]? envelope = null;
            CoreCose? cose = null;
            if (core.EnvelopeLength > 0)
            {
                envelope = new byte[core.EnvelopeLength];
                CoreCose parsed = new CoreCose();
                if (CoreVerifier.ReadFully(source, PackageFormat.HeaderSize, envelope, envelope.Length) == envelope.Length
                    && parsed.Parse(envelope, 0, envelope.Length, false) == MedDeviceAgent.Firmware.Core.Cose.CoseError.None)
                {
                    cose = parsed;
                }
            }

            return new VerificationFacts(trust, state, securityFloor, core, result, length, header, envelope, cose);
        }

        /// <summary>Copies the established facts into <paramref name="report"/>.</summary>
        public void Fill(VerificationReport report)
        {
            if (cose != null && envelope != null)
            {
                report.SignerKeyId = Slice(envelope, cose.KeyIdOffset, PackageFormat.KeyIdSize);
            }

            if (RootsKnown)
            {
                report.CurrentRoot = CurrentRoot();
                report.RootRotationsApplied = core.NewRoot.Sequence - trust.RootSequence;
            }

            if (DelegationKnown)
            {
                report.Delegation = DelegationValue();
            }

            if (RevocationKnown)
            {
                report.RevocationListVersion = EffectiveRevocationVersion();
            }

            if (ManifestDecoded && envelope != null)
            {
                report.Manifest = CoreManifests.ToManifest(core.Manifest, envelope);
            }
        }

        /// <summary>Why the package was rejected, naming the facts behind the core's verdict.</summary>
        public string Reason(DeviceExpectations expectations, long checkedAt)
        {
            switch (result)
            {
                case UpdateResult.Truncated:
                    return ManifestDecoded
                        ? "the payload is " + Number(fileLength - core.PayloadOffset) + " bytes; the manifest declares " + Number(core.Manifest.Image.Size)
                        : FramingReason(result, header, fileLength);
                case UpdateResult.MalformedCbor:
                    return EnvelopeDecoded ? "the signed manifest is not well-formed deterministic CBOR" : FramingReason(result, header, fileLength);
                case UpdateResult.BadMagic:
                case UpdateResult.UnsupportedFormat:
                case UpdateResult.ManifestTooLarge:
                case UpdateResult.InvalidCose:
                case UpdateResult.UnsupportedAlgorithm:
                    return FramingReason(result, header, fileLength);
                case UpdateResult.InvalidManifest:
                    return "the signed manifest has a field that is missing, unknown, of the wrong type or out of range";
                case UpdateResult.InvalidRootChain:
                    return "a carried root rotation does not chain from the trusted root " + trust.Root.KeyIdHex + " (sequence " + Number(trust.RootSequence) + "): each must carry the next sequence and be signed by the root before it";
                case UpdateResult.MissingDelegation:
                    return "the envelope carries no delegation";
                case UpdateResult.InvalidDelegation:
                    return "the delegation is not a well-formed statement signed by the current root " + KeyIdOf(CurrentRoot());
                case UpdateResult.WrongKeyRole:
                    return "the signing key is delegated as " + Delegation.RoleName(core.Delegation.Role) + ", not update-signer";
                case UpdateResult.DelegationNotYetValid:
                    return "the delegation is valid from " + UnixTime.ToIso(core.Delegation.NotBefore) + "; checked at " + UnixTime.ToIso(checkedAt);
                case UpdateResult.DelegationExpired:
                    return "the delegation expired at " + UnixTime.ToIso(core.Delegation.NotAfter) + "; checked at " + UnixTime.ToIso(checkedAt);
                case UpdateResult.KeyIdMismatch:
                    return KeyIdMismatchReason();
                case UpdateResult.InvalidRevocationList:
                    return "the carried revocation list is not a well-formed list signed by the current root " + KeyIdOf(CurrentRoot()) + " (with at most " + PackageFormat.MaxRevokedKeys + " keys)";
                case UpdateResult.RevocationListOutdated:
                    return "the manifest requires revocation list version " + Number(core.Manifest.RevocationListVersion) + "; the newest available is " + Number(EffectiveRevocationVersion());
                case UpdateResult.KeyRevoked:
                    return "signer key " + DelegatedKeyIdHex() + " is revoked (revocation list version " + Number(EffectiveRevocationVersion()) + ")";
                case UpdateResult.BadSignature:
                    return "the manifest signature does not verify with the delegated key " + DelegatedKeyIdHex();
                case UpdateResult.WrongVendor:
                    return expectations.VendorId != null
                        ? "the package is for vendor '" + core.Manifest.VendorId + "', not '" + expectations.VendorId + "'"
                        : "the package's vendor id '" + core.Manifest.VendorId + "' is not one a device can hold (1-" + CoreTrustState.MaxIdentityBytes + " UTF-8 bytes)";
                case UpdateResult.WrongDeviceClass:
                    return expectations.DeviceClassId != null
                        ? "the package is for device class '" + core.Manifest.DeviceClass + "', not '" + expectations.DeviceClassId + "'"
                        : "the package's device class '" + core.Manifest.DeviceClass + "' is not one a device can hold (1-" + CoreTrustState.MaxIdentityBytes + " UTF-8 bytes)";
                case UpdateResult.Rollback:
                    return "security counter " + Number(core.Manifest.Image.SecurityCounter) + " is below the floor " + Number(securityFloor);
                case UpdateResult.Expired:
                    return "the package expired at " + UnixTime.ToIso(core.Manifest.Expires) + "; checked at " + UnixTime.ToIso(checkedAt);
                case UpdateResult.PayloadTooLarge:
                    return "the payload is " + Number(core.Manifest.Image.Size) + " bytes; the slot holds " + Number(expectations.SlotCapacity ?? int.MaxValue);
                case UpdateResult.DigestMismatch:
                    return "the payload's SHA-256 does not match the manifest";
                case UpdateResult.TrailingData:
                    return Number(fileLength - core.PayloadOffset - core.Manifest.Image.Size) + " bytes follow the declared payload";
                default:
                    return "the firmware core's verdict is " + result;
            }
        }

        private static string Number(long value)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        private static string KeyIdOf(PublicKeyInfo? key)
        {
            return key != null ? key.KeyIdHex : "(not a valid key)";
        }

        private static byte[] Slice(byte[] buffer, int offset, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(buffer, offset, copy, 0, count);
            return copy;
        }

        /// <summary>
        /// Why the framing (steps 1-3) failed with <paramref name="result"/>, from the header bytes
        /// (as many of the 8 as the file has) and the file length.
        /// </summary>
        public static string FramingReason(UpdateResult result, byte[] header, long fileLength)
        {
            ArgumentNullException.ThrowIfNull(header);
            int envelopeLength = header.Length >= PackageFormat.HeaderSize ? (header[6] << 8) | header[7] : -1;
            switch (result)
            {
                case UpdateResult.Truncated:
                    if (fileLength < PackageFormat.HeaderSize)
                    {
                        return "the file is " + Number(fileLength) + " bytes, shorter than the 8-byte header";
                    }

                    return "the file ends inside the envelope (" + Number(fileLength) + " < " + Number(PackageFormat.HeaderSize + (long)envelopeLength) + " bytes)";
                case UpdateResult.BadMagic:
                    return "magic is not \"MDPK\"";
                case UpdateResult.UnsupportedFormat:
                    return "format version " + header[4] + " (supported: " + PackageFormat.FormatVersion + "), reserved byte " + header[5] + " (must be 0)";
                case UpdateResult.ManifestTooLarge:
                    return "envelope length " + Number(envelopeLength) + " exceeds " + Number(PackageFormat.MaxEnvelopeSize);
                case UpdateResult.MalformedCbor:
                    return envelopeLength == 0 ? "envelope length is 0" : "the envelope is not well-formed deterministic CBOR (one item, shortest forms, definite lengths, sorted keys, nothing after it)";
                case UpdateResult.InvalidCose:
                    return "the envelope is not a COSE_Sign1 of the allowed shape (tag 18, four items, protected header exactly {alg, kid}, unprotected labels from the allow-list, 64-byte signature)";
                case UpdateResult.UnsupportedAlgorithm:
                    return "the envelope's algorithm is not EdDSA (-8) or ES256 (-7)";
                default:
                    return "the firmware core's verdict is " + result;
            }
        }

        private string KeyIdMismatchReason()
        {
            string kid = cose != null && envelope != null ? Convert.ToHexStringLower(envelope, cose.KeyIdOffset, PackageFormat.KeyIdSize) : "?";
            if (ManifestDecoded && envelope != null)
            {
                return "the manifest names signer " + Convert.ToHexStringLower(envelope, core.Manifest.SignerKeyIdOffset, PackageFormat.KeyIdSize) + "; the envelope is signed by kid " + kid;
            }

            return "the envelope's kid " + kid + " or algorithm does not match the delegated key " + DelegatedKeyIdHex();
        }

        private string DelegatedKeyIdHex()
        {
            byte[]? buffer = core.Delegation.Statement.Buffer;
            return buffer != null ? Convert.ToHexStringLower(buffer, core.Delegation.KeyIdOffset, PackageFormat.KeyIdSize) : "?";
        }

        private int EffectiveRevocationVersion()
        {
            return core.HasNewerRevocation ? core.Revocation.Version : state.RevocationVersion;
        }

        private PublicKeyInfo? CurrentRoot()
        {
            byte[] raw = Slice(core.NewRoot.Key, 0, core.NewRoot.KeyLength);
            return PublicKeyInfo.TryCreate(core.NewRoot.Algorithm, raw, out PublicKeyInfo? key) ? key : null;
        }

        private Delegation? DelegationValue()
        {
            byte[]? buffer = core.Delegation.Statement.Buffer;
            if (buffer == null || !PublicKeyInfo.TryCreate(core.Delegation.Algorithm, Slice(buffer, core.Delegation.KeyOffset, core.Delegation.KeyLength), out PublicKeyInfo? key) || key == null)
            {
                return null;
            }

            return new Delegation(key, core.Delegation.Role, core.Delegation.NotBefore, core.Delegation.NotAfter, core.NewRoot.KeyId);
        }
    }
}
