using System;
using System.IO;
using System.Linq;
using System.Text;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Firmware.Core.Tests.Support;

namespace MedDeviceAgent.Firmware.Core.Tests.Telemetry
{
    /// <summary>docs/mqtt-wire-format.md's example message is what the core encodes.</summary>
    public class WireFormatDocTests
    {
        [Fact]
        public void Encode_DocumentedExample_MatchesTheDocumentsBytes()
        {
            string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "mqtt-wire-format.md"));
            int marker = Array.IndexOf(lines, "<!-- telemetry-example -->");
            Assert.True(marker >= 0, "marker missing");
            string documented = lines[marker + 1].Trim();
            byte[] key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(key, 0, 32), Encoding.ASCII.GetBytes("dev-a"));
            TelemetryMessage message = new TelemetryMessage
            {
                Boot = 5, Sequence = 9, UptimeSeconds = 3609, FreeMemory = 61234, FirmwareVersion = "1.4.2",
                UpdatePhase = 0, SecurityFloor = 7, HasSensor = true, Sensor = -1250,
            };

            encoder.Encode(message);

            Assert.Equal(documented, Convert.ToHexString(encoder.ToArray()));
            Assert.Equal(230, TelemetryEncoder.MaxMessageSize);
        }
    }
}
