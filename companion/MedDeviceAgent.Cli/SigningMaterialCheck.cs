using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Platform;
using SemanticVersion = MedDeviceAgent.Companion.Packaging.SemanticVersion;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// Judges a PKI's signing material with the firmware core before anything is signed with it:
    /// a small probe package is signed with the material and verified by an in-memory virtual device
    /// (the core's host build, the same verifier a device runs) provisioned with each of the PKI's
    /// roots, so a corrupted, foreign, expired, wrongly-roled or revoked delegation, a broken
    /// revocation list or rotation chain, or a signer that does not match its delegation is caught
    /// here instead of on the device.
    /// </summary>
    /// <remarks>
    /// pki.json states the update-signer's window and revocation; the statements a package carries
    /// are separate files and are what a device judges, so this check reads the statements, not
    /// pki.json. Cost: one probe signature and, per root (the first and the current), one device-side
    /// verification: a few milliseconds, independent of the payload size. RAM: the probe package (about
    /// the envelope size, at most 8 KiB) and one virtual device in memory.
    /// </remarks>
    internal static class SigningMaterialCheck
    {
        /// <summary>The device class used in the probe when the output format has none (MCUboot).</summary>
        public const string ProbeDeviceClass = "signing-material-probe";

        private const int ProbeSlotCapacity = 4096;

        /// <summary>
        /// Throws a PKI error naming the device's verdict when a device trusting any of the PKI's roots
        /// would refuse a package signed with <paramref name="material"/> for <paramref name="deviceClass"/> at <paramref name="now"/>.
        /// </summary>
        /// <exception cref="CompanionException">Kind PkiError: the verdict, its code and the root it was judged against.</exception>
        public static void Check(PkiDirectory pki, PackageSigningMaterial material, string deviceClass, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(pki);
            ArgumentNullException.ThrowIfNull(material);
            byte[] probe = BuildProbe(material, deviceClass, now);
            IReadOnlyList<PkiKeySummary> roots = pki.Roots;
            List<PkiKeySummary> anchors = new List<PkiKeySummary> { roots[0] };
            if (roots.Count > 1)
            {
                anchors.Add(roots[roots.Count - 1]);
            }

            foreach (PkiKeySummary root in anchors)
            {
                UpdateResult verdict = Judge(probe, root, material.VendorId, deviceClass, now);
                if (verdict != UpdateResult.Accepted)
                {
                    throw new CompanionException(
                        CompanionErrorKind.PkiError,
                        "the PKI's signing material would be refused by a device: " + verdict + " (" + ((int)verdict).ToString(CultureInfo.InvariantCulture) + "): " + UpdateResultText.Describe(verdict)
                        + " (judged against root #" + root.Sequence.ToString(CultureInfo.InvariantCulture) + ", key id " + root.PublicKey.KeyIdHex + "); nothing was signed."
                        + " Check the update-signer's delegation and the revocation list in '" + pki.DirectoryPath + "' (a new delegation: 'mda pki delegate --role update-signer')");
                }
            }
        }

        private static byte[] BuildProbe(PackageSigningMaterial material, string deviceClass, DateTimeOffset now)
        {
            PackageRequest request = new PackageRequest
            {
                DeviceClassId = deviceClass,
                Component = "app",
                Version = new SemanticVersion(0, 0, 1),
                SecurityCounter = 0,
                Created = now.ToUnixTimeSeconds(),
                Expires = -1,
            };
            using (MemoryStream payload = new MemoryStream(Encoding.ASCII.GetBytes("mda signing-material probe")))
            using (MemoryStream package = new MemoryStream())
            {
                PackageBuilder.Write(material, request, payload, package, null);
                return package.ToArray();
            }
        }

        private static UpdateResult Judge(byte[] probe, PkiKeySummary root, string vendorId, string deviceClass, DateTimeOffset now)
        {
            SimDevice device = new SimDevice(new MemoryStorage(ProbeSlotCapacity), new ManualClock(now.ToUnixTimeSeconds(), true), ProbeSlotCapacity, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            byte[] raw = root.PublicKey.RawKey;
            anchor.Set(checked((int)root.Sequence), root.PublicKey.Algorithm, raw, 0, raw.Length);
            device.Engine.Provision(vendorId, deviceClass, "probe", anchor, Encoding.ASCII.GetBytes("probe factory image"), 0, 0, 0, 0);
            return device.Engine.Verify(new MemoryPackageSource(probe), new MedDeviceAgent.Firmware.Core.Update.VerificationReport());
        }
    }
}
