using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Agent;

namespace MedDeviceAgent.Firmware
{
    /// <summary>
    /// The device agent's configuration and credentials on internal flash, deployed with the provisioning bundle:
    /// <c>I:\mda\agent.cfg</c> (lines <c>broker=HOST</c>, <c>port=8883</c>, <c>period=60</c> seconds; <c>#</c> comments),
    /// <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> and the 32-byte <c>telemetry.key</c> in the same folder.
    /// </summary>
    /// <remarks>
    /// <c>nanoff --networkdeployment network-deployment.json</c> also stores the device certificate, its key and the CA in
    /// the device's certificate store; this firmware hands the PEMs to M2Mqtt explicitly, so the connection does not depend
    /// on which stored certificate a library picks. RAM: the three PEM strings (about 2.5 KB) and the key for the life of
    /// the agent. Read once at boot.
    /// </remarks>
    public sealed class AgentSettings
    {
        /// <summary>Folder of the agent's files.</summary>
        public const string Folder = "I:\\mda\\";

        /// <summary>Default broker TLS port.</summary>
        public const int DefaultPort = 8883;

        private AgentSettings()
        {
        }

        /// <summary>Broker host name (must match the broker certificate).</summary>
        public string BrokerHost { get; private set; }

        /// <summary>Broker TLS port.</summary>
        public int BrokerPort { get; private set; }

        /// <summary>Telemetry period in milliseconds.</summary>
        public int PeriodMilliseconds { get; private set; }

        /// <summary>PEM of the CA chain that verifies the broker.</summary>
        public string CaPem { get; private set; }

        /// <summary>PEM of the device certificate (CN = device id).</summary>
        public string CertificatePem { get; private set; }

        /// <summary>PEM of the device private key.</summary>
        public string KeyPem { get; private set; }

        /// <summary>The telemetry MAC key (32 bytes).</summary>
        public byte[] TelemetryKey { get; private set; }

        /// <summary>Reads the settings; null when the device was not provisioned for telemetry (a file missing or malformed).</summary>
        public static AgentSettings Load()
        {
            try
            {
                if (!File.Exists(Folder + "agent.cfg") || !File.Exists(Folder + "telemetry.key"))
                {
                    return null;
                }

                AgentSettings settings = new AgentSettings();
                settings.BrokerPort = DefaultPort;
                settings.PeriodMilliseconds = DeviceAgentOptions.DefaultTelemetryPeriodMilliseconds;
                string[] lines = File.ReadAllText(Folder + "agent.cfg").Split(new char[] { '\n' });
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].Trim();
                    int eq = line.IndexOf("=");
                    if (line.Length == 0 || line.StartsWith("#") || eq < 1)
                    {
                        continue;
                    }

                    string name = line.Substring(0, eq).Trim();
                    string value = line.Substring(eq + 1).Trim();
                    if (name == "broker")
                    {
                        settings.BrokerHost = value;
                    }
                    else if (name == "port")
                    {
                        settings.BrokerPort = int.Parse(value);
                    }
                    else if (name == "period")
                    {
                        settings.PeriodMilliseconds = int.Parse(value) * 1000;
                    }
                }

                settings.CaPem = File.ReadAllText(Folder + "ca.pem");
                settings.CertificatePem = File.ReadAllText(Folder + "cert.pem");
                settings.KeyPem = File.ReadAllText(Folder + "key.pem");
                settings.TelemetryKey = File.ReadAllBytes(Folder + "telemetry.key");
                bool valid = settings.BrokerHost != null && settings.BrokerHost.Length > 0 && settings.BrokerPort > 0 && settings.BrokerPort < 65536
                    && settings.PeriodMilliseconds >= 1000 && settings.TelemetryKey.Length == 32;
                return valid ? settings : null;
            }
            catch (Exception)
            {
                // Unreadable or malformed: the device runs without telemetry and says so on the console.
                return null;
            }
        }
    }
}
