using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.McuBoot;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// Companion-side package verification against a trusted root public key, in the order of
    /// docs/package-format.md ("Device verification order"), first failure wins. Device-only rules
    /// (vendor and device class of a device, security-counter floor, slot capacity) are not checked:
    /// vendor and class are reported. Time checks (delegation window, expiry) use the time given.
    /// </summary>
    public static class PackageVerifier
    {
        /// <summary>Verifies the package file at <paramref name="path"/>; MCUboot images are recognised by their magic.</summary>
        /// <param name="path">The package or MCUboot image.</param>
        /// <param name="trustAnchor">For .mdpkg: the trusted root. For MCUboot: the signing key itself.</param>
        /// <param name="now">The trusted time.</param>
        /// <param name="storedRevocationList">A revocation list statement already held (as a device would), or null.</param>
        /// <exception cref="CompanionException">InputError when the file cannot be opened.</exception>
        public static VerificationReport VerifyFile(string path, PublicKeyInfo trustAnchor, DateTimeOffset now, byte[]? storedRevocationList)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PackageFile.ChunkSize);
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read package '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read package '" + path + "': " + e.Message, e);
            }

            using (stream)
            {
                if (McuBootImage.HasMagic(stream))
                {
                    return McuBootImage.Verify(stream, trustAnchor);
                }

                return Verify(stream, trustAnchor, now, storedRevocationList);
            }
        }

        /// <summary>Verifies an .mdpkg package read from a seekable stream.</summary>
        public static VerificationReport Verify(Stream package, PublicKeyInfo trustAnchor, DateTimeOffset now, byte[]? storedRevocationList)
        {
            ArgumentNullException.ThrowIfNull(package);
            ArgumentNullException.ThrowIfNull(trustAnchor);
            VerificationReport report = new VerificationReport();
            long time = now.ToUnixTimeSeconds();

            // Steps 1-3: header, deterministic CBOR, COSE_Sign1 profile.
            UpdateResult framing = PackageFile.ReadEnvelope(package, out PackageEnvelope? envelope, out string reason);
            if (framing != UpdateResult.Accepted || envelope == null)
            {
                return report.Fail(framing, reason);
            }

            CoseSign1Message cose = envelope.Cose;
            report.SignerKeyId = cose.KeyId;

            // The manifest is decoded now so steps 5 and 6 can read its signer and list version;
            // a decoding failure is reported at step 8, after the signature check.
            UpdateResult manifestResult = Manifest.TryDecode(cose.Payload, out Manifest? manifest, out string manifestReason);
            report.Manifest = manifest;

            // Step 4: root rotations from the trust anchor.
            List<PublicKeyInfo> knownRoots = new List<PublicKeyInfo> { trustAnchor };
            string? chainError = WalkRootChain(cose.RootRotations, trustAnchor, knownRoots, out PublicKeyInfo currentRoot, out int applied);
            if (chainError != null)
            {
                return report.Fail(UpdateResult.InvalidRootChain, chainError);
            }

            report.CurrentRoot = currentRoot;
            report.RootRotationsApplied = applied;

            // Step 5: delegation.
            if (cose.Delegation == null)
            {
                return report.Fail(UpdateResult.MissingDelegation, "the envelope carries no delegation");
            }

            string? error = StatementVerifier.Verify(cose.Delegation, currentRoot, out byte[]? delegationPayload);
            if (error != null)
            {
                return report.Fail(UpdateResult.InvalidDelegation, "delegation not signed by the current root " + currentRoot.KeyIdHex + ": " + error);
            }

            error = Delegation.TryDecode(delegationPayload!, out Delegation? delegation);
            if (error != null || delegation == null)
            {
                return report.Fail(UpdateResult.InvalidDelegation, "delegation: " + error);
            }

            report.Delegation = delegation;
            if (!currentRoot.HasKeyId(delegation.IssuerKeyId))
            {
                return report.Fail(UpdateResult.InvalidDelegation, "delegation names issuer " + KeyId.ToHex(delegation.IssuerKeyId) + ", not the current root");
            }

            if (delegation.Role != KeyRole.UpdateSigner)
            {
                return report.Fail(UpdateResult.WrongKeyRole, "the signing key is delegated as " + Delegation.RoleName(delegation.Role) + ", not update-signer");
            }

            if (time < delegation.NotBefore)
            {
                return report.Fail(UpdateResult.DelegationNotYetValid, "the delegation is valid from " + UnixTime.ToIso(delegation.NotBefore));
            }

            if (time > delegation.NotAfter)
            {
                return report.Fail(UpdateResult.DelegationExpired, "the delegation expired at " + UnixTime.ToIso(delegation.NotAfter));
            }

            if (!delegation.Key.HasKeyId(cose.KeyId) || (manifest != null && !delegation.Key.HasKeyId(manifest.SignerKeyId)))
            {
                return report.Fail(UpdateResult.KeyIdMismatch, "delegated key " + delegation.Key.KeyIdHex + ", COSE kid " + KeyId.ToHex(cose.KeyId) +
                    (manifest != null ? " and manifest signer " + KeyId.ToHex(manifest.SignerKeyId) : string.Empty) + " disagree");
            }

            // Step 6: revocation.
            UpdateResult revocation = CheckRevocation(cose.RevocationList, storedRevocationList, currentRoot, knownRoots, manifest, delegation, report, out reason);
            if (revocation != UpdateResult.Accepted)
            {
                return report.Fail(revocation, reason);
            }

            // Step 7: envelope signature.
            if (cose.Algorithm != delegation.Key.Algorithm || !SignatureVerifier.Verify(delegation.Key, cose.ToBeSigned(), cose.Signature))
            {
                return report.Fail(UpdateResult.BadSignature, "the manifest signature does not verify with key " + delegation.Key.KeyIdHex);
            }

            // Step 8: manifest fields (vendor and device class are reported, not compared).
            if (manifestResult != UpdateResult.Accepted || manifest == null)
            {
                return report.Fail(manifestResult, manifestReason);
            }

            report.SecurityCounter = manifest.SecurityCounter;

            // Step 10: expiry against the given clock.
            if (manifest.HasExpiry && time > manifest.Expires)
            {
                return report.Fail(UpdateResult.Expired, "the package expired at " + UnixTime.ToIso(manifest.Expires));
            }

            // Step 11: payload size, digest, trailing data.
            return CheckPayload(package, envelope, manifest, report);
        }

        private static string? WalkRootChain(IReadOnlyList<byte[]> rotations, PublicKeyInfo anchor, List<PublicKeyInfo> knownRoots, out PublicKeyInfo current, out int applied)
        {
            current = anchor;
            applied = 0;
            long sequence = -1;
            bool joined = false;
            for (int i = 0; i < rotations.Count; i++)
            {
                string label = "root rotation " + (i + 1) + " of " + rotations.Count;
                if (CoseSign1Message.TryDecode(rotations[i], isEnvelope: false, out CoseSign1Message? statement, out string reason) != CoseDecodeError.None || statement == null)
                {
                    return label + ": " + reason;
                }

                string? error = RootRotation.TryDecode(statement.Payload, out RootRotation? rotation);
                if (error != null || rotation == null)
                {
                    return label + ": " + error;
                }

                if (!joined)
                {
                    if (rotation.NewRoot.SameKeyAs(current))
                    {
                        // This rotation introduced the trust anchor itself: later ones continue from it.
                        joined = true;
                        sequence = rotation.Sequence;
                        continue;
                    }

                    if (!current.HasKeyId(statement.KeyId))
                    {
                        continue; // A rotation older than the trust anchor.
                    }

                    joined = true;
                }

                if (!current.HasKeyId(statement.KeyId) || !current.HasKeyId(rotation.IssuerKeyId))
                {
                    return label + " is not issued by the current root " + current.KeyIdHex;
                }

                if (statement.Algorithm != current.Algorithm || !SignatureVerifier.Verify(current, statement.ToBeSigned(), statement.Signature))
                {
                    return label + ": signature does not verify with root " + current.KeyIdHex;
                }

                if (sequence >= 0 && rotation.Sequence != sequence + 1)
                {
                    return label + ": sequence " + rotation.Sequence + " does not follow " + sequence;
                }

                current = rotation.NewRoot;
                sequence = rotation.Sequence;
                knownRoots.Add(current);
                applied++;
            }

            if (rotations.Count > 0 && !joined)
            {
                return "no root rotation chains from the trusted root " + anchor.KeyIdHex;
            }

            return null;
        }

        private static UpdateResult CheckRevocation(byte[]? carried, byte[]? stored, PublicKeyInfo currentRoot, List<PublicKeyInfo> knownRoots, Manifest? manifest, Delegation delegation, VerificationReport report, out string reason)
        {
            RevocationList? effective = null;
            if (carried != null)
            {
                string? error = StatementVerifier.Verify(carried, currentRoot, out byte[]? payload);
                if (error != null)
                {
                    reason = "carried revocation list not signed by the current root: " + error;
                    return UpdateResult.InvalidRevocationList;
                }

                error = RevocationList.TryDecode(payload!, out effective);
                if (error != null || effective == null || !currentRoot.HasKeyId(effective.IssuerKeyId))
                {
                    reason = "carried revocation list: " + (error ?? "issuer is not the current root");
                    return UpdateResult.InvalidRevocationList;
                }
            }

            if (stored != null)
            {
                RevocationList? held = DecodeStored(stored, knownRoots, out reason);
                if (held == null)
                {
                    return UpdateResult.InvalidRevocationList;
                }

                if (effective == null || held.Version > effective.Version)
                {
                    effective = held;
                }
            }

            report.RevocationList = effective;
            long required = manifest != null ? manifest.RevocationListVersion : 0;
            long have = effective != null ? effective.Version : 0;
            if (have < required)
            {
                reason = "the manifest requires revocation list version " + required + "; the newest available is " + have;
                return UpdateResult.RevocationListOutdated;
            }

            if (effective != null && effective.IsRevoked(delegation.Key.KeyId))
            {
                reason = "signer key " + delegation.Key.KeyIdHex + " is revoked (revocation list version " + effective.Version + ")";
                return UpdateResult.KeyRevoked;
            }

            reason = string.Empty;
            return UpdateResult.Accepted;
        }

        private static RevocationList? DecodeStored(byte[] stored, List<PublicKeyInfo> knownRoots, out string reason)
        {
            reason = "the stored revocation list is not signed by a root of the chain";
            foreach (PublicKeyInfo root in knownRoots)
            {
                if (StatementVerifier.Verify(stored, root, out byte[]? payload) == null)
                {
                    string? error = RevocationList.TryDecode(payload!, out RevocationList? list);
                    if (error != null || list == null || !root.HasKeyId(list.IssuerKeyId))
                    {
                        reason = "stored revocation list: " + (error ?? "issuer does not match its signer");
                        return null;
                    }

                    return list;
                }
            }

            return null;
        }

        private static VerificationReport CheckPayload(Stream package, PackageEnvelope envelope, Manifest manifest, VerificationReport report)
        {
            package.Position = envelope.PayloadOffset;
            using (IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                long read = PayloadStreaming.HashCopy(package, manifest.PayloadSize, null, hash, "verifying", null);
                if (read < manifest.PayloadSize)
                {
                    return report.Fail(UpdateResult.Truncated, "the payload is " + read + " bytes; the manifest declares " + manifest.PayloadSize);
                }

                if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), manifest.PayloadDigest))
                {
                    return report.Fail(UpdateResult.DigestMismatch, "the payload's SHA-256 does not match the manifest");
                }
            }

            long trailing = envelope.FileLength - envelope.PayloadOffset - manifest.PayloadSize;
            if (trailing > 0)
            {
                return report.Fail(UpdateResult.TrailingData, trailing + " bytes follow the declared payload");
            }

            return report.Accept();
        }
    }
}
