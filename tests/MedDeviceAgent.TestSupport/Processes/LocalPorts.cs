using System.Net;
using System.Net.Sockets;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>Loopback ports for test servers: a free one, and whether something listens on one.</summary>
    public static class LocalPorts
    {
        /// <summary>A 127.0.0.1 port nothing listened on a moment ago.</summary>
        public static int Free()
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>True once something accepts TCP on 127.0.0.1:<paramref name="port"/>.</summary>
        public static bool Accepts(int port)
        {
            try
            {
                using TcpClient probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
