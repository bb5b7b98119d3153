using System;
using System.Collections.Generic;
using System.Globalization;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;
using CoreConstantTime = MedDeviceAgent.Firmware.Core.Crypto.ConstantTime;
using CoreDeviceState = MedDeviceAgent.Firmware.Core.Update.DeviceState;
using CoreReport = MedDeviceAgent.Firmware.Core.Update.VerificationReport;
using CoreRevocationList = MedDeviceAgent.Firmware.Core.Update.RevocationList;
using CoreSha256 = MedDeviceAgent.Firmware.Core.Crypto.Sha256;
using CoreVerifier = MedDeviceAgent.Firmware.Core.Update.PackageVerifier;
using IPackageSource = MedDeviceAgent.Firmware.Core.Update.IPackageSource;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The companion's one adapter to the firmware core's package verifier (its host build, the
    /// same source the device runs): 'mda package verify' judges an .mdpkg package here, exactly as
    /// 'mda sim verify' and a device do, and only turns the core's verdict into a report with reasons.
    /// </summary>
    /// <remarks>
    /// <para>The trust state and the device expectations become a core <c>DeviceState</c>; the core's
    /// <c>PackageVerifier.VerifyMetadata</c> decides every verdict up to the payload, and the payload
    /// is then hashed with the core's SHA-256 in the order the update engine uses (truncation,
    /// trailing data, digest). An expectation left out is made to pass with the package's own
    /// (authenticated) value and reported in <see cref="VerificationReport.NotChecked"/>.
    /// This is the single place to switch when the core gains an entry point that takes a trust
    /// state and explicit device rules.</para>
    /// <para>RAM and time: the core's (the envelope, at most 8 KiB, and one signature check per
    /// statement) plus one 64 KiB block for the payload; a vendor or class left out costs one more
    /// metadata pass. Nothing depends on the payload size.</para>
    /// </remarks>
    public static class FirmwareCoreVerifier
    {
        /// <summary>Bytes of payload hashed per read.</summary>
        public const int PayloadBlockSize = PackageFile.ChunkSize;

        /// <summary>The device id given to the core: never compared with anything in a package.</summary>
        private const string UncheckedDeviceId = "companion";

        /// <summary>Vendor and class of the core's state until a package's own are known.</summary>
        private const string Unset = "-";

        /// <summary>
        /// Verifies the package <paramref name="source"/> from <paramref name="trust"/> against
        /// <paramref name="expectations"/> at the trusted time <paramref name="now"/>.
        /// </summary>
        /// <exception cref="CompanionException">InvalidArgument when an expectation is a value no device could hold.</exception>
        public static VerificationReport Verify(IPackageSource source, VerificationTrust trust, DeviceExpectations expectations, DateTimeOffset now, IPayloadProgress? progress)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(trust);
            ArgumentNullException.ThrowIfNull(expectations);
            expectations.Validate();
            VerificationReport report = new VerificationReport { CheckedAt = now.ToUnixTimeSeconds(), NotChecked = expectations.Unchecked() };
            CoreDeviceState state = new CoreDeviceState();
            byte[] rootKey = trust.Root.RawKey;
            state.Root.Set(trust.RootSequence, trust.Root.Algorithm, rootKey, 0, rootKey.Length);
            state.SecurityFloor = expectations.SecurityFloor ?? 0;
            if (trust.HeldRevocationList != null && !AdoptHeldList(trust.HeldRevocationList, state))
            {
                return report.Fail(UpdateResult.InvalidRevocationList, "the held revocation list is not a revocation list statement signed by the trusted root " + trust.Root.KeyIdHex + " (with at most " + PackageFormat.MaxRevokedKeys + " keys)");
            }

            IClock clock = new FixedClock(report.CheckedAt);
            int capacity = expectations.SlotCapacity ?? int.MaxValue;
            string vendor = expectations.VendorId ?? Unset;
            string deviceClass = expectations.DeviceClassId ?? Unset;
            CoreReport core;
            UpdateResult result;
            int pass = 0;
            while (true)
            {
                state.SetIdentity(vendor, deviceClass, UncheckedDeviceId);
                core = new CoreReport();
                result = CoreVerifier.VerifyMetadata(source, state, clock, capacity, core);
                pass++;
                if (pass > 2)
                {
                    break;
                }

                // An expectation left out: adopt the package's authenticated value and judge again.
                if (result == UpdateResult.WrongVendor && expectations.VendorId == null && IsIdentity(core.Manifest.VendorId))
                {
                    vendor = core.Manifest.VendorId;
                }
                else if (result == UpdateResult.WrongDeviceClass && expectations.DeviceClassId == null && IsIdentity(core.Manifest.DeviceClass))
                {
                    deviceClass = core.Manifest.DeviceClass;
                }
                else
                {
                    break;
                }
            }

            if (result == UpdateResult.Accepted)
            {
                result = CheckPayload(source, core, progress);
            }

            VerificationFacts facts = VerificationFacts.Read(source, trust, state, core, result);
            facts.Fill(report);
            if (result == UpdateResult.Accepted)
            {
                report.Checked = ChecksMade(trust, expectations, report);
                return report.Accept();
            }

            return report.Fail(result, facts.Reason(expectations, report.CheckedAt));
        }

        /// <summary>What an accepted verification checked, naming the values it checked against.</summary>
        private static List<string> ChecksMade(VerificationTrust trust, DeviceExpectations expectations, VerificationReport report)
        {
            string at = UnixTime.ToIso(report.CheckedAt);
            List<string> checks = new List<string>
            {
                "header, deterministic CBOR and COSE_Sign1 envelope",
                "root rotations from the trusted root " + trust.Root.KeyIdHex + " (sequence " + trust.RootSequence.ToString(CultureInfo.InvariantCulture) + ")",
                "delegation as update-signer by the current root, valid at " + at,
                "revocation (list version " + (report.RevocationListVersion ?? 0).ToString(CultureInfo.InvariantCulture) + ")",
                "envelope signature",
                "manifest fields",
            };
            if (expectations.VendorId != null)
            {
                checks.Add("vendor '" + expectations.VendorId + "'");
            }

            if (expectations.DeviceClassId != null)
            {
                checks.Add("device class '" + expectations.DeviceClassId + "'");
            }

            if (expectations.SecurityFloor.HasValue)
            {
                checks.Add("security counter at or above the floor " + expectations.SecurityFloor.Value.ToString(CultureInfo.InvariantCulture));
            }

            checks.Add(report.Manifest != null && report.Manifest.HasExpiry ? "expiry at " + at : "expiry (the package sets none)");
            if (expectations.SlotCapacity.HasValue)
            {
                checks.Add("payload size within the " + expectations.SlotCapacity.Value.ToString(CultureInfo.InvariantCulture) + "-byte slot");
            }

            checks.Add("payload length and SHA-256, nothing after it");
            return checks;
        }

        /// <summary>Stores a held revocation list into the core state as a device that verified it would.</summary>
        private static bool AdoptHeldList(byte[] statement, CoreDeviceState state)
        {
            CoreRevocationList list = new CoreRevocationList();
            if (list.ParseAndVerify(statement, 0, statement.Length, state.Root) != UpdateResult.Accepted)
            {
                return false;
            }

            list.CopyTo(state);
            return true;
        }

        /// <summary>True when <paramref name="value"/> can be a device's identity string.</summary>
        private static bool IsIdentity(string value)
        {
            return !string.IsNullOrEmpty(value) && System.Text.Encoding.UTF8.GetByteCount(value) <= CoreDeviceState.MaxIdentityBytes;
        }

        /// <summary>Streams the declared payload through SHA-256: Truncated, TrailingData or DigestMismatch, as the update engine judges.</summary>
        private static UpdateResult CheckPayload(IPackageSource source, CoreReport core, IPayloadProgress? progress)
        {
            int size = core.Manifest.Image.Size;
            byte[] block = new byte[Math.Max(1, Math.Min(PayloadBlockSize, size))];
            CoreSha256 sha = new CoreSha256();
            long position = core.PayloadOffset;
            int done = 0;
            while (done < size)
            {
                int want = Math.Min(size - done, block.Length);
                int got = CoreVerifier.ReadFully(source, position, block, want);
                if (got != want)
                {
                    return UpdateResult.Truncated;
                }

                sha.Update(block, 0, got);
                done += got;
                position += got;
                progress?.Report("verifying", done, size);
            }

            if (source.Read(position, block, 0, 1) > 0)
            {
                return UpdateResult.TrailingData;
            }

            byte[] digest = new byte[CoreSha256.HashSize];
            sha.Finish(digest, 0);
            return CoreConstantTime.AreEqual(digest, 0, core.Manifest.Image.Digest, 0, CoreSha256.HashSize) ? UpdateResult.Accepted : UpdateResult.DigestMismatch;
        }
    }
}
