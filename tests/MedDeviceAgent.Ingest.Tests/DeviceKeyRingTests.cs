using System.IO;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Ingest.Tests.Support;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>The monitor's device keys follow the PKI register while it runs.</summary>
    [Collection(IngestCollection.Name)]
    public sealed class DeviceKeyRingTests
    {
        private readonly IngestFixture _fixture;

        public DeviceKeyRingTests(IngestFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void Find_DeviceIssuedJustAfterALookup_KnownAtItsFirstMessage()
        {
            // Found by the end-to-end tests: the register was re-checked for an unknown id at most every 200 ms, so a
            // device issued right after another device's first message had its own first message refused as
            // UnknownDevice (acknowledged, so lost). The register of the new device is written back at once here.
            string register = Path.Combine(_fixture.PkiDirectory, TlsAuthority.FolderName, TlsAuthority.MetadataFileName);
            string before = File.ReadAllText(register);
            IssuedDevice device = _fixture.IssueDevice("ring");
            string after = File.ReadAllText(register);
            File.WriteAllText(register, before);
            try
            {
                DeviceKeyRing ring = new DeviceKeyRing(_fixture.PkiDirectory, IngestFixture.Passphrase);
                Assert.Null(ring.Find("not-issued"));
                Assert.Null(ring.Find(device.Id));

                File.WriteAllText(register, after);

                Assert.NotNull(ring.Find(device.Id));
            }
            finally
            {
                File.WriteAllText(register, after);
            }
        }
    }
}
