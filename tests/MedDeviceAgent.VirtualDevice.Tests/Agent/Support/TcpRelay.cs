using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>
    /// A TCP forwarder between a device and its broker: <see cref="Sever"/> cuts every connection abruptly (as a lost
    /// radio link: the broker sees the socket close without DISCONNECT and publishes the will), <see cref="Refuse"/>
    /// keeps the device off the network.
    /// </summary>
    public sealed class TcpRelay : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly List<TcpClient> _open = new List<TcpClient>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private volatile bool _refusing;

        public TcpRelay(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        /// <summary>While true, new connections are closed at once.</summary>
        public bool Refuse
        {
            get => _refusing;
            set => _refusing = value;
        }

        /// <summary>Cuts every open connection (RST).</summary>
        public void Sever()
        {
            lock (_open)
            {
                foreach (TcpClient client in _open)
                {
                    try
                    {
                        if (client.Client != null)
                        {
                            client.Client.LingerState = new LingerOption(true, 0);
                        }

                        client.Close();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }

                _open.Clear();
            }
        }

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
                    inbound.Close();
                    outbound.Dispose();
                    continue;
                }

                lock (_open)
                {
                    _open.Add(inbound);
                    _open.Add(outbound);
                }

                _ = Pump(inbound, outbound);
                _ = Pump(outbound, inbound);
            }
        }

        private static async Task Pump(TcpClient from, TcpClient to)
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

                    await sink.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException || e is InvalidOperationException || e is SocketException)
            {
                // A severed or closed side.
            }

            try
            {
                if (to.Client != null)
                {
                    to.Client.LingerState = new LingerOption(true, 0);
                }

                to.Close();
                from.Close();
            }
            catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
            {
            }
        }
    }
}
