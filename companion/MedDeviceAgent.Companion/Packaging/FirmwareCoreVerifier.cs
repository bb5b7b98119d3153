using System;
using System.Collections.Generic;
using System.Globalization;
using MedDeviceAgent.Protocol;
using CoreDeviceRules = MedDeviceAgent.Firmware.Core.Update.DeviceRules;
using CoreReport = MedDeviceAgent.Firmware.Core.Update.VerificationReport;
using CoreRevocationList = MedDeviceAgent.Firmware.Core.Trust.RevocationList;
using CoreTrustState = MedDeviceAgent.Firmware.Core.Trust.TrustState;
using CoreTrustVerdict = MedDeviceAgent.Firmware.Core.Trust.TrustVerdict;
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
    /// <para>The trust state becomes a core <c>TrustState</c> and the device expectations core
    /// <c>DeviceRules</c>; the core's <c>PackageVerifier.Verify</c>, the entry point the device's
    /// update engine is built on, decides every verdict, payload digest included. An expectation
    /// left out is made to pass with the package's own (authenticated) value and reported in
    /// <see cref="VerificationReport.NotChecked"/>.</para>
    /// <para>RAM and time: the core's (the envelope, at most 8 KiB, and one signature check per
    /// statement) plus one 4 KiB block for the payload; a vendor or class left out costs one more
    /// metadata pass. Nothing depends on the payload size.</para>
    /// </remarks>
    public static class FirmwareCoreVerifier
    {
        /// <summary>Bytes of payload hashed per read (the core's block).</summary>
        public const int PayloadBlockSize = CoreVerifier.PayloadBlockSize;

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
            CoreTrustState state = new CoreTrustState();
            byte[] rootKey = trust.Root.RawKey;
            state.Root.Set(trust.RootSequence, trust.Root.Algorithm, rootKey, 0, rootKey.Length);
            if (trust.HeldRevocationList != null && !AdoptHeldList(trust.HeldRevocationList, state))
            {
                return report.Fail(UpdateResult.InvalidRevocationList, "the held revocation list is not a revocation list statement signed by the trusted root " + trust.Root.KeyIdHex + " (with at most " + PackageFormat.MaxRevokedKeys + " keys)");
            }

            CoreDeviceRules rules = new CoreDeviceRules();
            rules.SecurityFloor = expectations.SecurityFloor ?? 0;
            rules.SlotCapacity = expectations.SlotCapacity ?? int.MaxValue;
            rules.UseTime(report.CheckedAt);
            string vendor = expectations.VendorId ?? Unset;
            string deviceClass = expectations.DeviceClassId ?? Unset;
            Firmware.Core.Update.PayloadProgressHandler? hashing = progress == null ? null : (done, total) => progress.Report("verifying", done, total);
            CoreReport core;
            UpdateResult result;
            int pass = 0;
            while (true)
            {
                rules.SetIdentity(vendor, deviceClass);
                core = new CoreReport();
                result = CoreVerifier.Verify(source, state, rules, hashing, core);
                pass++;
                if (pass > 2)
                {
                    break;
                }

                // An expectation left out: adopt the package's authenticated value and judge again
                // (a vendor or class verdict comes before the payload is read).
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

            VerificationFacts facts = VerificationFacts.Read(source, trust, state, rules.SecurityFloor, core, result);
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
        private static bool AdoptHeldList(byte[] statement, CoreTrustState state)
        {
            CoreRevocationList list = new CoreRevocationList();
            if (list.ParseAndVerify(statement, 0, statement.Length, state.Root) != CoreTrustVerdict.Trusted)
            {
                return false;
            }

            list.CopyTo(state);
            return true;
        }

        /// <summary>True when <paramref name="value"/> can be a device's identity string.</summary>
        private static bool IsIdentity(string value)
        {
            return !string.IsNullOrEmpty(value) && System.Text.Encoding.UTF8.GetByteCount(value) <= CoreTrustState.MaxIdentityBytes;
        }
    }
}
