using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>Starts an embedded broker of a test PKI on a free loopback port.</summary>
    public static class TestBroker
    {
        /// <summary>Starts a broker with <paramref name="limits"/>, logging into <paramref name="log"/>, on <paramref name="port"/> (0: a free one).</summary>
        public static async Task<(EmbeddedBroker Broker, int Port)> StartAsync(TestPki pki, BrokerLimits limits, StringWriter log, int port = 0)
        {
            for (int attempt = 1; ; attempt++)
            {
                int chosen = port != 0 ? port : BrokersFixture.FreePort();
                try
                {
                    return (await EmbeddedBroker.StartAsync(pki.Files, TestPki.Passphrase, IPAddress.Loopback, chosen, limits, TextWriter.Synchronized(log)), chosen);
                }
                catch (SocketException) when (attempt < 3 && port == 0)
                {
                    // Port taken meanwhile.
                }
            }
        }
    }
}
