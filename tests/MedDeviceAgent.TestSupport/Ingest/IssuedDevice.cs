using System.IO;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.TestSupport.Ingest
{
    /// <summary>A device issued by 'mda pki issue-device': its id, bundle folder and a <see cref="TestDevice"/> with the bundle's telemetry key.</summary>
    public sealed class IssuedDevice
    {
        /// <summary>Reads the bundle's telemetry key; its messages go to <paramref name="deviceClass"/>'s topic.</summary>
        public IssuedDevice(string id, string folder, string deviceClass = "pump")
        {
            Id = id;
            Folder = folder;
            Telemetry = new TestDevice(id, deviceClass, File.ReadAllBytes(Path.Combine(folder, ProvisioningBundle.TelemetryKeyFile)));
        }

        /// <summary>Device id (CN).</summary>
        public string Id { get; }

        /// <summary>Bundle folder.</summary>
        public string Folder { get; }

        /// <summary>Message maker with the device's key.</summary>
        public TestDevice Telemetry { get; }

        /// <summary>cert.pem.</summary>
        public string CertificatePath => Path.Combine(Folder, ProvisioningBundle.CertificateFile);

        /// <summary>key.pem.</summary>
        public string KeyPath => Path.Combine(Folder, ProvisioningBundle.KeyFile);

        /// <summary>ca.pem.</summary>
        public string CaPath => Path.Combine(Folder, ProvisioningBundle.CaFile);
    }
}
