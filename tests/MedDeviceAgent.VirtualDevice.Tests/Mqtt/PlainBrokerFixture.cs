using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// One mosquitto for a test class, plain TCP: listener 0 takes anonymous clients; listener 1 takes only <see cref="UserName"/> with <see cref="Password"/> (made at test time).
    /// </summary>
    public sealed class PlainBrokerFixture : IDisposable
    {
        /// <summary>The one user of the password listener.</summary>
        public const string UserName = "fleet-device";

        /// <summary>Creates the files and starts the broker.</summary>
        public PlainBrokerFixture()
        {
            Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            Broker = new MosquittoBroker();
            try
            {
                string passwords = Broker.WriteFile("passwords", PasswordLine(UserName, Password));
                Broker.Start("allow_anonymous true", "allow_anonymous false\npassword_file " + passwords);
            }
            catch
            {
                // xunit does not dispose a fixture whose constructor threw.
                Broker.Dispose();
                throw;
            }
        }

        /// <summary>The broker.</summary>
        public MosquittoBroker Broker { get; }

        /// <summary>The password of <see cref="UserName"/>.</summary>
        public string Password { get; }

        /// <summary>The anonymous listener's port.</summary>
        public int AnonymousPort => Broker.Ports[0];

        /// <summary>The password listener's port.</summary>
        public int PasswordPort => Broker.Ports[1];

        /// <summary>Options for 127.0.0.1:<paramref name="port"/> with timeouts short enough for tests and long enough for a loaded machine.</summary>
        public static MqttTransportOptions Options(int port) => new MqttTransportOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            OperationTimeout = TimeSpan.FromSeconds(5),
        };

        /// <summary>A topic prefix no other test uses (tests run in parallel on shared brokers).</summary>
        public static string UniqueTopic(string name) => "mda/" + Guid.NewGuid().ToString("N") + "/" + name;

        /// <summary>A client id no other test uses (a broker drops the older of two clients with one id).</summary>
        public static string UniqueClientId(string name) => name + "-" + Guid.NewGuid().ToString("N");

        /// <summary>A transport to the anonymous listener, connected (asserted).</summary>
        public MqttNetTransport Connected(string name)
        {
            MqttNetTransport transport = new MqttNetTransport(Options(AnonymousPort));
            Assert.True(transport.Connect(UniqueClientId(name)), "Connect failed:\n" + Broker.Log);
            return transport;
        }

        /// <summary>A device and a backend transport connected to the anonymous listener, with a topic of their own.</summary>
        public ClientPair Pair(string topicName) => ClientPair.Connect(Options(AnonymousPort), Options(AnonymousPort), topicName, Broker);

        /// <inheritdoc />
        public void Dispose() => Broker.Dispose();

        /// <summary>A mosquitto 2 password file line: PBKDF2-SHA512, 101 rounds, 12-byte salt (the "$7$" format).</summary>
        private static string PasswordLine(string user, string password)
        {
            byte[] salt = RandomNumberGenerator.GetBytes(12);
            byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 101, HashAlgorithmName.SHA512, 64);
            return user + ":$7$101$" + Convert.ToBase64String(salt) + "$" + Convert.ToBase64String(hash) + "\n";
        }
    }
}
