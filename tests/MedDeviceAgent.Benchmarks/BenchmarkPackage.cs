using System;
using System.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>A package made by the companion's own signer (PKI in a temporary folder) and the trust anchor to provision devices with.</summary>
    internal sealed class BenchmarkPackage
    {
        private const string Vendor = "bench";
        private const string DeviceClass = "bench-class";
        private const string Passphrase = "benchmark-only-passphrase";

        private BenchmarkPackage(byte[] bytes, PublicKeyInfo root)
        {
            Bytes = bytes;
            Root = root;
        }

        public byte[] Bytes { get; }

        public PublicKeyInfo Root { get; }

        public static BenchmarkPackage Create(CoseAlgorithm algorithm, int payloadSize)
        {
            string dir = Path.Combine(Path.GetTempPath(), "mda-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                PkiDirectory pki = PkiDirectory.Initialize(dir, algorithm, Vendor, now.AddDays(-1).ToUnixTimeSeconds(), now.AddDays(365).ToUnixTimeSeconds(), Passphrase, now);
                PackageSigningMaterial material = pki.LoadUpdateSigningMaterial(Passphrase, now);
                byte[] payload = new byte[payloadSize];
                new Random(payloadSize).NextBytes(payload);
                PackageRequest request = new PackageRequest
                {
                    DeviceClassId = DeviceClass,
                    Version = new SemanticVersion(2, 0, 0),
                    SecurityCounter = 2,
                    Created = now.ToUnixTimeSeconds(),
                };
                using MemoryStream output = new MemoryStream();
                PackageBuilder.Write(material, request, new MemoryStream(payload), output, null);
                return new BenchmarkPackage(output.ToArray(), pki.GetPublicKey(PkiKeyRole.Root));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>Provisions <paramref name="device"/> to accept this package (factory image 1.0.0, floor 1).</summary>
        public void Provision(SimDevice device)
        {
            TrustAnchor anchor = new TrustAnchor();
            byte[] raw = Root.RawKey;
            anchor.Set(1, Root.Algorithm, raw, 0, raw.Length);
            device.Engine.Provision(Vendor, DeviceClass, "bench-device", anchor, new byte[] { 1, 2, 3 }, 1, 0, 0, 1);
        }
    }
}
