using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Verifies everything about a package except its payload bytes, in the order of
    /// docs/package-format.md, failing closed: framing, envelope, root rotations, delegation,
    /// revocation, signature, manifest, vendor and class, rollback, expiry, size. The payload is
    /// then streamed by <see cref="UpdateEngine"/>.
    /// </summary>
    /// <remarks>
    /// RAM: the envelope buffer (at most <see cref="PackageFormat.MaxEnvelopeSize"/> bytes) plus the
    /// Sig_structure of each signature checked (about the signed payload's size) and a few small
    /// parse objects; nothing depends on the payload size. Nothing is written to storage.
    /// </remarks>
    public static class PackageVerifier
    {
        /// <summary>
        /// Checks the package's framing and signed metadata against the device's state and clock.
        /// Returns the first failure, or Accepted when the payload may be streamed.
        /// </summary>
        public static UpdateResult VerifyMetadata(IPackageSource source, DeviceState state, IClock clock, int slotCapacity, VerificationReport report)
        {
            if (source == null || state == null || clock == null || report == null)
            {
                throw new ArgumentNullException(source == null ? nameof(source) : state == null ? nameof(state) : clock == null ? nameof(clock) : nameof(report));
            }

            report.Reset();
            report.Result = Check(source, state, clock, slotCapacity, report);
            return report.Result;
        }

        private static UpdateResult Check(IPackageSource source, DeviceState state, IClock clock, int slotCapacity, VerificationReport report)
        {
            // 1. Framing.
            long length = source.Length;
            if (length < PackageFormat.HeaderSize)
            {
                return UpdateResult.Truncated;
            }

            byte[] header = new byte[PackageFormat.HeaderSize];
            int got = ReadFully(source, 0, header, PackageFormat.HeaderSize);
            if (got != PackageFormat.HeaderSize)
            {
                return got < 0 ? UpdateResult.SourceUnavailable : UpdateResult.Truncated;
            }

            if (header[0] != PackageFormat.Magic0 || header[1] != PackageFormat.Magic1 || header[2] != PackageFormat.Magic2 || header[3] != PackageFormat.Magic3)
            {
                return UpdateResult.BadMagic;
            }

            if (header[4] != PackageFormat.FormatVersion || header[5] != 0)
            {
                return UpdateResult.UnsupportedFormat;
            }

            int envelopeLength = (header[6] << 8) | header[7];
            if (envelopeLength == 0)
            {
                return UpdateResult.MalformedCbor;
            }

            if (envelopeLength > PackageFormat.MaxEnvelopeSize)
            {
                return UpdateResult.ManifestTooLarge;
            }

            if (length < PackageFormat.HeaderSize + envelopeLength)
            {
                return UpdateResult.Truncated;
            }

            byte[] envelope = new byte[envelopeLength];
            got = ReadFully(source, PackageFormat.HeaderSize, envelope, envelopeLength);
            if (got != envelopeLength)
            {
                return got < 0 ? UpdateResult.SourceUnavailable : UpdateResult.Truncated;
            }

            report.EnvelopeLength = envelopeLength;

            // 2-3. Envelope: well-formed deterministic CBOR, COSE_Sign1 shape, allow-listed headers.
            CoseSign1 cose = new CoseSign1();
            UpdateResult parsed = cose.Parse(envelope, 0, envelopeLength, false);
            if (parsed != UpdateResult.Accepted)
            {
                return parsed;
            }

            // 4. Root rotations, each signed by the root before it.
            TrustAnchor root = report.NewRoot;
            root.CopyFrom(state.Root);
            for (int i = 0; i < cose.RotationCount; i++)
            {
                if (RootRotation.Apply(envelope, cose.RotationOffset(i), cose.RotationLength(i), root) != UpdateResult.Accepted)
                {
                    return UpdateResult.InvalidRootChain;
                }
            }

            // 5. Delegation of the signer by the current root.
            if (cose.DelegationOffset < 0)
            {
                return UpdateResult.MissingDelegation;
            }

            Delegation delegation = report.Delegation;
            if (delegation.ParseAndVerify(envelope, cose.DelegationOffset, cose.DelegationLength, root) != UpdateResult.Accepted)
            {
                return UpdateResult.InvalidDelegation;
            }

            if (delegation.Role != KeyRole.UpdateSigner)
            {
                return UpdateResult.WrongKeyRole;
            }

            bool trustedTime = clock.IsTrusted;
            long now = clock.UtcNowSeconds;
            if (trustedTime)
            {
                if (now < delegation.NotBefore)
                {
                    return UpdateResult.DelegationNotYetValid;
                }

                if (now > delegation.NotAfter)
                {
                    return UpdateResult.DelegationExpired;
                }
            }
            else
            {
                report.TimeChecksSkipped = true;
            }

            if (!KeyIds.AreEqual(envelope, cose.KeyIdOffset, envelope, delegation.KeyIdOffset) || cose.Algorithm != delegation.Algorithm)
            {
                return UpdateResult.KeyIdMismatch;
            }

            // 6. Revocation: the carried list if newer and root-signed, else the stored one.
            int effectiveRevocationVersion = state.RevocationVersion;
            bool revoked;
            if (cose.RevocationOffset >= 0)
            {
                if (report.Revocation.ParseAndVerify(envelope, cose.RevocationOffset, cose.RevocationLength, root) != UpdateResult.Accepted)
                {
                    return UpdateResult.InvalidRevocationList;
                }

                if (report.Revocation.Version > state.RevocationVersion)
                {
                    report.HasNewerRevocation = true;
                    effectiveRevocationVersion = report.Revocation.Version;
                }
            }

            if (report.HasNewerRevocation)
            {
                revoked = report.Revocation.Contains(envelope, delegation.KeyIdOffset);
            }
            else
            {
                revoked = state.IsRevoked(envelope, delegation.KeyIdOffset);
            }

            if (revoked)
            {
                return UpdateResult.KeyRevoked;
            }

            // 7. The envelope signature by the delegated key.
            if (!cose.VerifySignature(delegation.Algorithm, envelope, delegation.KeyOffset, delegation.KeyLength))
            {
                return UpdateResult.BadSignature;
            }

            // 8. Manifest contents.
            Manifest manifest = report.Manifest;
            UpdateResult manifestResult = manifest.Parse(envelope, cose.PayloadOffset, cose.PayloadLength);
            if (manifestResult != UpdateResult.Accepted)
            {
                return manifestResult;
            }

            if (!KeyIds.AreEqual(envelope, manifest.SignerKeyIdOffset, envelope, cose.KeyIdOffset))
            {
                return UpdateResult.KeyIdMismatch;
            }

            if (manifest.RevocationListVersion > effectiveRevocationVersion)
            {
                return UpdateResult.RevocationListOutdated;
            }

            if (!Utf8Equals(manifest.VendorId, state.VendorIdBytes))
            {
                return UpdateResult.WrongVendor;
            }

            if (!Utf8Equals(manifest.DeviceClass, state.DeviceClassBytes))
            {
                return UpdateResult.WrongDeviceClass;
            }

            // 9. Anti-rollback.
            if (manifest.Image.SecurityCounter < state.SecurityFloor)
            {
                return UpdateResult.Rollback;
            }

            // 10. Expiry.
            if (manifest.HasExpiry && trustedTime && now > manifest.Expires)
            {
                return UpdateResult.Expired;
            }

            // 11 (framing part). Declared size against the slot and the bytes actually present.
            if (manifest.Image.Size > slotCapacity)
            {
                return UpdateResult.PayloadTooLarge;
            }

            long expectedLength = PackageFormat.HeaderSize + envelopeLength + (long)manifest.Image.Size;
            if (length < expectedLength)
            {
                return UpdateResult.Truncated;
            }

            if (length > expectedLength)
            {
                return UpdateResult.TrailingData;
            }

            return UpdateResult.Accepted;
        }

        /// <summary>
        /// Reads until <paramref name="count"/> bytes or the end; returns the number read, or
        /// <see cref="PackageRead.Unavailable"/> when the source reported a transport failure (the
        /// bytes read before it are then not counted).
        /// </summary>
        public static int ReadFully(IPackageSource source, long position, byte[] buffer, int count)
        {
            int total = 0;
            while (total < count)
            {
                int n = source.Read(position + total, buffer, total, count - total);
                if (n < 0)
                {
                    return PackageRead.Unavailable;
                }

                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        private static bool Utf8Equals(string value, byte[] expected)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            return bytes.Length == expected.Length && Crypto.ConstantTime.AreEqual(bytes, 0, expected, 0, bytes.Length);
        }
    }
}
