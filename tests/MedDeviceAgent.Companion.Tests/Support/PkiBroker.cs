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
    /// The embedded broker started from a PKI that 'mda pki init' made (its CA bundle, broker certificate, the broker key
    /// exported in clear beside it, its CRL), for the 'mda sim run' and 'mda sim fleet' tests. The one place to switch to
    /// the broker's own PKI reading once that lands (wt-brokerwire).
    /// </summary>
    internal static class PkiBroker
    {
        public static EmbeddedBroker Start(string pkiDir, string passphrase, string workDir)
        {
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(pkiDir));
            Directory.CreateDirectory(workDir);
            string key = Path.Combine(workDir, "broker-key.pem");
            File.WriteAllText(key, tls.ExportBrokerKeyPem(passphrase));
            string operators = Path.Combine(workDir, "operators.txt");
            File.WriteAllText(operators, "# none\n");
            BrokerFiles files = new BrokerFiles(tls.CaBundlePath, tls.BrokerCertificatePath, key, tls.CrlPath, operators);
            for (int attempt = 1; ; attempt++)
            {
                TcpListener probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                try
                {
                    return EmbeddedBroker.StartAsync(files, IPAddress.Loopback, port, null, TextWriter.Null).GetAwaiter().GetResult();
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
