using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>A raw TLS connection to a test broker with a client certificate, to send hand-made MQTT bytes.</summary>
    public sealed class RawTls : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly X509Certificate2 _own;

        private RawTls(TcpClient tcp, X509Certificate2 own, SslStream stream)
        {
            _tcp = tcp;
            _own = own;
            Stream = stream;
        }

        /// <summary>The TLS stream.</summary>
        public SslStream Stream { get; }

        /// <summary>Connects to 127.0.0.1:<paramref name="port"/> with <paramref name="identity"/>'s certificate and completes the TLS handshake.</summary>
        public static async Task<RawTls> ConnectAsync(int port, TestClient identity)
        {
            TcpClient tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            using X509Certificate2 pem = X509Certificate2.CreateFromPem(identity.CertificatePem, identity.KeyPem);
            X509Certificate2 own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            SslStream tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = new X509CertificateCollection { own },
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
            });
            return new RawTls(tcp, own, tls);
        }

        /// <summary>An MQTT 3.1.1 CONNECT packet (clean session, keep-alive 60 s) for <paramref name="clientId"/>.</summary>
        public static byte[] Connect311(string clientId)
        {
            byte[] id = Encoding.UTF8.GetBytes(clientId);
            byte[] variable = { 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C };
            int remaining = variable.Length + 2 + id.Length;
            byte[] packet = new byte[2 + remaining];
            packet[0] = 0x10;
            packet[1] = (byte)remaining;
            variable.CopyTo(packet, 2);
            packet[2 + variable.Length] = (byte)(id.Length >> 8);
            packet[3 + variable.Length] = (byte)id.Length;
            id.CopyTo(packet, 4 + variable.Length);
            return packet;
        }

        /// <summary>Reads with a 10 s timeout: 0 when the broker closed the connection (end of stream or reset), else the bytes read.</summary>
        public static int ReadUntilClosed(Stream stream)
        {
            stream.ReadTimeout = 10_000;
            try
            {
                return stream.Read(new byte[16], 0, 16);
            }
            catch (IOException)
            {
                return 0;
            }
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes (10 s timeout).</summary>
        public byte[] ReadExactly(int count)
        {
            Stream.ReadTimeout = 10_000;
            byte[] buffer = new byte[count];
            Stream.ReadExactly(buffer);
            return buffer;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Stream.Dispose();
            _tcp.Dispose();
            _own.Dispose();
        }
    }
}
