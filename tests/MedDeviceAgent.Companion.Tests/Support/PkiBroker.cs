using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>
    /// The embedded broker started from a PKI that 'mda pki init' made (as 'mda broker --pki' does), on a free port, for
    /// the 'mda sim run' and 'mda sim fleet' tests.
    /// </summary>
    internal static class PkiBroker
    {
        public static EmbeddedBroker Start(string pkiDir, string passphrase)
        {
            for (int attempt = 1; ; attempt++)
            {
                TcpListener probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                try
                {
                    return EmbeddedBroker.StartAsync(pkiDir, passphrase, IPAddress.Loopback, port, null, TextWriter.Null).GetAwaiter().GetResult();
                }
                catch (SocketException) when (attempt < 5)
                {
                    // Taken meanwhile: another port.
                }
            }
        }

        public static void Stop(EmbeddedBroker broker) => broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
