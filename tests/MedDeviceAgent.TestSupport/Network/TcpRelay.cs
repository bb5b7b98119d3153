using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>Which way a <see cref="TcpRelay"/> drops bytes.</summary>
    [Flags]
    public enum RelayDirection
    {
        /// <summary>Nothing dropped.</summary>
        None = 0,

        /// <summary>From the client (the device) to the server (the broker): publishes, pings.</summary>
        ClientToServer = 1,

        /// <summary>From the server to the client: CONNACK, PUBACK, deliveries.</summary>
        ServerToClient = 2,

        /// <summary>Both ways: the link is a black hole.</summary>
        Both = ClientToServer | ServerToClient,
    }

    /// <summary>
    /// A TCP forwarder between a client (a device) and its server (a broker), a test decorator of the network link:
    /// <see cref="Sever"/> cuts every connection abruptly (as a lost radio link: the broker sees the socket close without
    /// DISCONNECT and publishes the will), <see cref="Refuse"/> keeps the client off the network (new connections are
    /// reset), and <see cref="Blackhole"/> silently drops the bytes of one or both directions while every socket stays
    /// open (a link that goes dead without a reset: only timeouts notice).
    /// </summary>
    /// <remarks>
    /// Bytes dropped by a black hole are gone: a connection that lost bytes cannot carry TLS on (a real TCP connection
    /// would have retransmitted until it timed out), so <see cref="Restore"/> resets such connections and lets new ones
    /// through. Counts what it dropped (<see cref="DroppedBytes"/>).
    /// </remarks>
    public sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly List<Link> _open = new List<Link>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private volatile bool _refusing;
        private volatile int _blackhole;
        private long _dropped;
        private long _connections;

        /// <summary>Listens on a free loopback port and forwards to 127.0.0.1:<paramref name="targetPort"/>.</summary>
        public TcpRelay(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        /// <summary>The port clients connect to.</summary>
        public int Port { get; }

        /// <summary>While true, new connections are closed at once (reset).</summary>
        public bool Refuse
        {
            get => _refusing;
            set => _refusing = value;
        }

        /// <summary>The directions dropped now.</summary>
        public RelayDirection Blackholed => (RelayDirection)_blackhole;

        /// <summary>Bytes dropped by black holes so far.</summary>
        public long DroppedBytes => Interlocked.Read(ref _dropped);

        /// <summary>Connections accepted so far.</summary>
        public long Connections => Interlocked.Read(ref _connections);

        /// <summary>From now on drops every byte going <paramref name="direction"/>, on open and new connections alike; sockets stay open.</summary>
        public void Blackhole(RelayDirection direction) => _blackhole = (int)direction;

        /// <summary>Ends the black hole: connections that lost bytes are reset, the others and new ones carry on.</summary>
        public void Restore()
        {
            _blackhole = (int)RelayDirection.None;
            List<Link> damaged = new List<Link>();
            lock (_open)
            {
                foreach (Link link in _open)
                {
                    if (link.LostBytes)
                    {
                        damaged.Add(link);
                    }
                }

                foreach (Link link in damaged)
                {
                    _open.Remove(link);
                }
            }

            foreach (Link link in damaged)
            {
                link.Reset();
            }
        }

        /// <summary>Cuts every open connection (RST).</summary>
        public void Sever()
        {
            List<Link> all;
            lock (_open)
            {
                all = new List<Link>(_open);
                _open.Clear();
            }

            foreach (Link link in all)
            {
                link.Reset();
            }
        }

        /// <summary>Stops listening and cuts every connection.</summary>
        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            Sever();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient inbound;
                try
                {
                    inbound = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
                {
                    return;
                }

                if (_refusing)
                {
                    inbound.Client.LingerState = new LingerOption(true, 0);
                    inbound.Close();
                    continue;
                }

                TcpClient outbound = new TcpClient();
                try
                {
                    await outbound.ConnectAsync(IPAddress.Loopback, _target).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    inbound.Client.LingerState = new LingerOption(true, 0);
                    inbound.Close();
                    outbound.Dispose();
                    continue;
                }

                Interlocked.Increment(ref _connections);
                Link link = new Link(inbound, outbound);
                lock (_open)
                {
                    _open.Add(link);
                }

                _ = Pump(link, inbound, outbound, RelayDirection.ClientToServer);
                _ = Pump(link, outbound, inbound, RelayDirection.ServerToClient);
            }
        }

        private async Task Pump(Link link, TcpClient from, TcpClient to, RelayDirection direction)
        {
            byte[] buffer = new byte[16384];
            try
            {
                NetworkStream source = from.GetStream();
                NetworkStream sink = to.GetStream();
                while (true)
                {
                    int n = await source.ReadAsync(buffer).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    if ((_blackhole & (int)direction) != 0)
                    {
                        link.LostBytes = true;
                        Interlocked.Add(ref _dropped, n);
                        continue;
                    }

                    await sink.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException || e is InvalidOperationException || e is SocketException)
            {
                // A severed or closed side.
            }

            lock (_open)
            {
                _open.Remove(link);
            }

            link.Reset();
        }

        /// <summary>One relayed connection: the client's socket and the server's.</summary>
        private sealed class Link
        {
            private readonly TcpClient _client;
            private readonly TcpClient _server;

            public Link(TcpClient client, TcpClient server)
            {
                _client = client;
                _server = server;
            }

            /// <summary>True once a black hole dropped bytes of this connection.</summary>
            public volatile bool LostBytes;

            /// <summary>Closes both sockets with RST.</summary>
            public void Reset()
            {
                Close(_client);
                Close(_server);
            }

            private static void Close(TcpClient client)
            {
                try
                {
                    if (client.Client != null)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);
                    }

                    client.Close();
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
                {
                }
            }
        }
    }
}
