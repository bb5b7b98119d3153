using System;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Verifies an update package in the order of docs/package-format.md, failing closed: framing,
    /// envelope, then the signer's trust (<see cref="TrustChain"/>, for the update-signer role),
    /// then the manifest and the device rules (vendor and class, rollback, expiry, size). The one
    /// entry point both the device (through <see cref="UpdateEngine"/>) and the companion use.
    /// </summary>
    /// <remarks>
    /// RAM: the envelope buffer (at most <see cref="PackageFormat.MaxEnvelopeSize"/> bytes) plus the
    /// Sig_structure of each signature checked (about the signed payload's size) and a few small
    /// parse objects; nothing depends on the payload size. <see cref="Verify"/> adds one
    /// <see cref="PayloadBlockSize"/> buffer and a SHA-256. Nothing is written to storage.
    /// </remarks>
    public static class PackageVerifier
    {
        /// <summary>Bytes <see cref="Verify"/> reads and hashes per payload step.</summary>
        public const int PayloadBlockSize = 4096;

        /// <summary>
        /// Full verification of a package, payload digest included, against a trust state and explicit
        /// device rules, without staging or any state change. Returns the first failure, or Accepted.
        /// </summary>
        /// <param name="source">The package.</param>
        /// <param name="trust">The root and stored revocation list to verify against (not modified).</param>
        /// <param name="rules">Vendor, device class, security floor, slot capacity and time source (complete).</param>
        /// <param name="progress">Told after each payload block; may be null.</param>
        /// <param name="report">Receives the verdict and findings.</param>
        /// <exception cref="ArgumentNullException">An argument other than <paramref name="progress"/> is null.</exception>
        /// <exception cref="InvalidOperationException">The rules are incomplete (no identity or no time source).</exception>
        public static UpdateResult Verify(IPackageSource source, TrustState trust, DeviceRules rules, PayloadProgressHandler progress, VerificationReport report)
        {
            UpdateResult result = VerifyMetadata(source, trust, rules, report);
            if (result != UpdateResult.Accepted)
            {
                return result;
            }

            report.Result = UpdateResult.NotVerified;
            result = VerifyPayload(source, report, progress);
            report.Result = result;
            return result;
        }

        /// <summary>
        /// Checks the package's framing and signed metadata against a trust state and device rules.
        /// Returns the first failure, or Accepted when the payload may be streamed.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="InvalidOperationException">The rules are incomplete (no identity or no time source).</exception>
        public static UpdateResult VerifyMetadata(IPackageSource source, TrustState trust, DeviceRules rules, VerificationReport report)
        {
            if (source == null || trust == null || rules == null || report == null)
            {
                throw new ArgumentNullException(source == null ? nameof(source) : trust == null ? nameof(trust) : rules == null ? nameof(rules) : nameof(report));
            }

            if (!rules.IsComplete)
            {
                throw new InvalidOperationException("DeviceRules needs a vendor, a device class and a time source");
            }

            report.Reset();
            report.Result = Check(source, trust, rules, report);
            return report.Result;
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

        private static UpdateResult Check(IPackageSource source, TrustState trust, DeviceRules rules, VerificationReport report)
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
            UpdateResult parsed = UpdateResultMapping.FromCose(cose.Parse(envelope, 0, envelopeLength, false), UpdateResult.InvalidCose);
            if (parsed != UpdateResult.Accepted)
            {
                return parsed;
            }

            // 4-7. Trust: root rotations, delegation (role, validity), key ids, revocation, signature.
            long now;
            bool trustedTime = rules.ReadTime(out now);
            TrustChain chain = report.Chain;
            UpdateResult trusted = UpdateResultMapping.FromTrust(chain.Check(cose, trust, KeyRole.UpdateSigner, trustedTime, now));
            report.TimeChecksSkipped = chain.TimeChecksSkipped;
            if (trusted != UpdateResult.Accepted)
            {
                return trusted;
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

            trusted = UpdateResultMapping.FromTrust(chain.CheckRevocationVersion(manifest.RevocationListVersion));
            if (trusted != UpdateResult.Accepted)
            {
                return trusted;
            }

            if (!Utf8Equals(manifest.VendorId, rules.VendorIdBytes))
            {
                return UpdateResult.WrongVendor;
            }

            if (!Utf8Equals(manifest.DeviceClass, rules.DeviceClassBytes))
            {
                return UpdateResult.WrongDeviceClass;
            }

            // 9. Anti-rollback.
            if (manifest.Image.SecurityCounter < rules.SecurityFloor)
            {
                return UpdateResult.Rollback;
            }

            // 10. Expiry.
            if (manifest.HasExpiry && trustedTime && now > manifest.Expires)
            {
                return UpdateResult.Expired;
            }

            // 11 (framing part). Declared size against the slot and the bytes actually present.
            if (manifest.Image.Size > rules.SlotCapacity)
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

        /// <summary>After accepted metadata: hashes the declared payload, refuses trailing bytes, compares the digest.</summary>
        private static UpdateResult VerifyPayload(IPackageSource source, VerificationReport report, PayloadProgressHandler progress)
        {
            int size = report.Manifest.Image.Size;
            byte[] block = new byte[PayloadBlockSize];
            Sha256 sha = new Sha256();
            int done = 0;
            long position = report.PayloadOffset;
            while (done < size)
            {
                int want = size - done < PayloadBlockSize ? size - done : PayloadBlockSize;
                int got = ReadFully(source, position, block, want);
                if (got != want)
                {
                    return got < 0 ? UpdateResult.SourceUnavailable : UpdateResult.Truncated;
                }

                // The same yield point per block as the engine's payload loop (watchdog, MQTT threads).
                WorkYield.Point();
                sha.Update(block, 0, got);
                done += got;
                position += got;
                if (progress != null)
                {
                    progress(done, size);
                }
            }

            // Endless data: nothing may follow the declared payload.
            int extra = source.Read(position, block, 0, 1);
            if (extra < 0)
            {
                return UpdateResult.SourceUnavailable;
            }

            if (extra > 0)
            {
                return UpdateResult.TrailingData;
            }

            byte[] digest = new byte[Sha256.HashSize];
            sha.Finish(digest, 0);
            if (!ConstantTime.AreEqual(digest, 0, report.Manifest.Image.Digest, 0, Sha256.HashSize))
            {
                return UpdateResult.DigestMismatch;
            }

            return UpdateResult.Accepted;
        }

        private static bool Utf8Equals(string value, byte[] expected)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(value);
            return bytes.Length == expected.Length && ConstantTime.AreEqual(bytes, 0, expected, 0, bytes.Length);
        }
    }
}
