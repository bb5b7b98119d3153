using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// A fake broker on 127.0.0.1 for what mosquitto will not do on request: hang (accept TCP and never answer, or
    /// answer CONNECT and then ignore everything: no PUBACK, no SUBACK), or refuse every subscription with SUBACK
    /// failure 0x80 (mosquitto 2.0's ACL file filters at delivery and grants every SUBSCRIBE). Everything else is
    /// tested against mosquitto.
    /// </summary>
    public sealed class ScriptedBroker : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ScriptedBrokerBehaviour _behaviour;
        private readonly List<TcpClient> _clients = new List<TcpClient>();
        private readonly Thread _acceptThread;

        /// <summary>Starts listening.</summary>
        /// <param name="behaviour">What it answers.</param>
        public ScriptedBroker(ScriptedBrokerBehaviour behaviour)
        {
            _behaviour = behaviour;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "ScriptedBroker" };
            _acceptThread.Start();
        }

        /// <summary>The listening port.</summary>
        public int Port { get; }

        /// <summary>Stops listening and closes every accepted connection.</summary>
        public void Dispose()
        {
            _listener.Stop();
            lock (_clients)
            {
                foreach (TcpClient client in _clients)
                {
                    client.Dispose();
                }
            }

            _acceptThread.Join(TimeSpan.FromSeconds(5));
        }

        private void AcceptLoop()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = _listener.AcceptTcpClient();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                lock (_clients)
                {
                    _clients.Add(client);
                }

                Thread reader = new Thread(() => Drain(client)) { IsBackground = true, Name = "ScriptedBroker client" };
                reader.Start();
            }
        }

        private void Drain(TcpClient client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                while (MqttWire.Read(stream) is (byte Header, byte[] Body) packet)
                {
                    int type = packet.Header >> 4;
                    if (type == MqttWire.ConnectType && _behaviour != ScriptedBrokerBehaviour.NeverAnswer)
                    {
                        stream.Write(MqttWire.ConnAckAccepted);
                    }
                    else if (type == MqttWire.SubscribeType && _behaviour == ScriptedBrokerBehaviour.RefuseSubscriptions)
                    {
                        stream.Write(MqttWire.SubAckFailure(packet.Body));
                    }
                }
            }
            catch (IOException)
            {
                // Closed by the test or by the client.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
