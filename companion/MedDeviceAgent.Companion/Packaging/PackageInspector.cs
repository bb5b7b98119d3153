using System;
using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;
using CoreCose = MedDeviceAgent.Firmware.Core.Cose.CoseSign1;
using CoreCoseError = MedDeviceAgent.Firmware.Core.Cose.CoseError;
using CoreDeviceRules = MedDeviceAgent.Firmware.Core.Update.DeviceRules;
using CoreManifest = MedDeviceAgent.Firmware.Core.Update.Manifest;
using CoreReport = MedDeviceAgent.Firmware.Core.Update.VerificationReport;
using CoreTrustState = MedDeviceAgent.Firmware.Core.Trust.TrustState;
using CoreVerifier = MedDeviceAgent.Firmware.Core.Update.PackageVerifier;
using IPackageSource = MedDeviceAgent.Firmware.Core.Update.IPackageSource;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// Decodes an .mdpkg package for display without verifying it ('mda package inspect'), with the
    /// firmware core's parsers: the framing verdict is the core verifier's own (from a state that
    /// trusts nothing, so it stops right after the framing), the envelope is the core's COSE_Sign1
    /// parse, the manifest the core's manifest parse.
    /// </summary>
    /// <remarks>
    /// Only the payloads of carried statements are read field by field here (<see cref="StatementFieldReader"/>,
    /// over the core's integer-keyed map), because the core decodes them only while verifying them
    /// against a root. A differential test runs one corpus of good and forged packages through this
    /// and through the verifier and requires them to agree. RAM: the envelope (at most 8 KiB).
    /// </remarks>
    public static class PackageInspector
    {
        /// <summary>Rules for a state that trusts no root: the core stops at the trust step, after the framing.</summary>
        private static CoreDeviceRules FramingOnlyRules()
        {
            CoreDeviceRules rules = new CoreDeviceRules();
            rules.SetIdentity("-", "-");
            rules.UseNoTimeChecks();
            return rules;
        }

        /// <summary>Decodes the package in <paramref name="stream"/> (seekable).</summary>
        /// <exception cref="CompanionException">InputError when the framing or envelope does not decode (the message gives the verdict a device would report).</exception>
        public static PackageInspection Inspect(Stream stream)
        {
            ArgumentNullException.ThrowIfNull(stream);
            IPackageSource source = new StreamPackageSource(stream);
            CoreReport core = new CoreReport();
            UpdateResult framing = CoreVerifier.VerifyMetadata(source, new CoreTrustState(), FramingOnlyRules(), core);
            byte[] envelope = core.EnvelopeLength > 0 ? new byte[core.EnvelopeLength] : Array.Empty<byte>();
            CoreCose cose = new CoreCose();
            if (IsFramingVerdict(framing)
                || CoreVerifier.ReadFully(source, PackageFormat.HeaderSize, envelope, envelope.Length) != envelope.Length
                || cose.Parse(envelope, 0, envelope.Length, false) != CoreCoseError.None)
            {
                byte[] header = new byte[PackageFormat.HeaderSize];
                Array.Resize(ref header, Math.Max(0, CoreVerifier.ReadFully(source, 0, header, header.Length)));
                throw new CompanionException(CompanionErrorKind.InputError, "not a readable .mdpkg package (" + framing + "): " + VerificationFacts.FramingReason(framing, header, source.Length));
            }

            PackageInspection inspection = new PackageInspection
            {
                FileLength = source.Length,
                FormatVersion = PackageFormat.FormatVersion,
                EnvelopeLength = envelope.Length,
                EnvelopeAlgorithm = cose.Algorithm,
                EnvelopeKeyId = Slice(envelope, cose.KeyIdOffset, PackageFormat.KeyIdSize),
                Signature = Slice(envelope, cose.SignatureOffset, CoseSign1Writer.SignatureSize),
            };
            CoreManifest manifest = new CoreManifest();
            UpdateResult manifestResult = manifest.Parse(envelope, cose.PayloadOffset, cose.PayloadLength);
            if (manifestResult == UpdateResult.Accepted)
            {
                inspection.Manifest = CoreManifests.ToManifest(manifest, envelope);
            }
            else
            {
                inspection.ManifestError = "the manifest does not decode (" + manifestResult + "): " + (manifestResult == UpdateResult.MalformedCbor
                    ? "not well-formed deterministic CBOR"
                    : "a field is missing, unknown, of the wrong type or out of range");
            }

            if (cose.DelegationOffset >= 0)
            {
                inspection.Delegation = StatementFieldReader.Delegation(envelope, cose.DelegationOffset, cose.DelegationLength);
            }

            if (cose.RevocationOffset >= 0)
            {
                inspection.RevocationList = StatementFieldReader.RevocationList(envelope, cose.RevocationOffset, cose.RevocationLength);
            }

            List<InspectedRootRotation> rotations = new List<InspectedRootRotation>();
            for (int i = 0; i < cose.RotationCount; i++)
            {
                rotations.Add(StatementFieldReader.RootRotation(envelope, cose.RotationOffset(i), cose.RotationLength(i)));
            }

            inspection.RootRotations = rotations;
            return inspection;
        }

        /// <summary>True for the verdicts of steps 1-3 (framing, deterministic CBOR, COSE_Sign1 profile).</summary>
        private static bool IsFramingVerdict(UpdateResult result)
        {
            return (int)result >= (int)UpdateResult.Truncated && (int)result <= (int)UpdateResult.UnsupportedAlgorithm;
        }

        private static byte[] Slice(byte[] buffer, int offset, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(buffer, offset, copy, 0, count);
            return copy;
        }
    }
}
