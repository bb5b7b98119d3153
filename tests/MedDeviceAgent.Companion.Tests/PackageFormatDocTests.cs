using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// The byte-level example in docs/package-format.md is the output of the real builder with
    /// fixed keys (the RFC 8032 test keys) and fixed times: this test rebuilds it and compares.
    /// </summary>
    public sealed class PackageFormatDocTests
    {
        private const string BeginMarker = "<!-- example-hex:begin -->";
        private const string EndMarker = "<!-- example-hex:end -->";
        private const long Issued = 1767225600; // 2026-01-01T00:00:00Z

        internal static byte[] BuildExample()
        {
            SigningKey root = SigningKeyTests.Ed25519FromSeed("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
            SigningKey signer = SigningKeyTests.Ed25519FromSeed("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
            byte[] delegation = new Delegation(signer.PublicKey, KeyRole.UpdateSigner, Issued, 1830297600, root.PublicKey.KeyId).Sign(root);
            byte[] list = new RevocationList(1, new List<byte[]>(), Issued, root.PublicKey.KeyId).Sign(root);
            PackageSigningMaterial material = new PackageSigningMaterial("acme", signer, delegation, list, 1, new List<byte[]>());
            PackageRequest request = new PackageRequest
            {
                DeviceClassId = "pump-x1",
                Component = "app",
                Version = new SemanticVersion(1, 0, 0),
                SecurityCounter = 1,
                Created = Issued,
            };
            using MemoryStream output = new MemoryStream();
            PackageBuilder.Write(material, request, new MemoryStream(Encoding.ASCII.GetBytes("hello\n")), output, null);
            return output.ToArray();
        }

        internal static string HexDump(byte[] bytes)
        {
            StringBuilder text = new StringBuilder();
            for (int offset = 0; offset < bytes.Length; offset += 16)
            {
                text.Append(offset.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
                for (int i = offset; i < Math.Min(offset + 16, bytes.Length); i++)
                {
                    text.Append(' ').Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                text.Append('\n');
            }

            return text.ToString();
        }

        [Fact]
        public void Example_IsDeterministicAndVerifies()
        {
            byte[] example = BuildExample();
            SigningKey root = SigningKeyTests.Ed25519FromSeed("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

            Assert.Equal(example, BuildExample());
            Assert.Equal(UpdateResult.Accepted, PackageVerifier.Verify(new MemoryStream(example), root.PublicKey, DateTimeOffset.FromUnixTimeSeconds(Issued + 60), null).Result);
        }

        [Fact]
        public void PackageFormatDoc_ExampleHexDump_MatchesBuilderOutput()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "package-format.md"));
            int begin = doc.IndexOf(BeginMarker, StringComparison.Ordinal);
            int end = doc.IndexOf(EndMarker, StringComparison.Ordinal);
            Assert.True(begin >= 0 && end > begin, "docs/package-format.md has no example hex block");
            StringBuilder hex = new StringBuilder();
            foreach (string line in doc.Substring(begin + BeginMarker.Length, end - begin - BeginMarker.Length).Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.Length > 5 && Uri.IsHexDigit(trimmed[0]) && trimmed[4] == ' ')
                {
                    hex.Append(trimmed.Substring(5).Replace(" ", string.Empty, StringComparison.Ordinal));
                }
            }

            byte[] example = BuildExample();
            Assert.True(Convert.ToHexStringLower(example) == hex.ToString(), "regenerate the example block:\n" + HexDump(example));
        }
    }
}
