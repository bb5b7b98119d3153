using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The embedded broker's only listener, in place of MQTTnet's own TCP adapter: it accepts TCP, runs the TLS
    /// handshake itself with a deadline (<see cref="HandshakeTimeout"/>), and hands only completed mutual-TLS
    /// connections to MQTTnet (which then bounds the CONNECT packet with its communication timeout).
    /// </summary>
    /// <remarks>
    /// MQTTnet 5's listener awaits <c>SslStream.AuthenticateAsServerAsync</c> without a deadline, so a client that opens
    /// TCP and sends nothing, or half a ClientHello, holds a socket until it goes away. Here the handshake runs under a
    /// cancellation token that also closes the socket when the deadline passes. Each connection is handled on its own
    /// task, so a stalled handshake never delays the accept loop or other clients. Memory per pending handshake: one
    /// socket and SslStream (a few KiB) for at most the timeout.
    /// </remarks>
    public sealed class TlsHandshakeListener : IMqttServerAdapter
    {
        private readonly IPAddress _bind;
        private readonly int _port;
        private readonly X509Certificate2 _certificate;
        private readonly RemoteCertificateValidationCallback _validate;
        private readonly Action<EndPoint?> _onTimeout;
        private CancellationTokenSource? _stopping;
        private Socket? _listener;
        private MqttServerOptions? _options;
        private IMqttNetLogger? _logger;
        private int _pendingHandshakes;

        /// <summary>
        /// A TLS 1.2/1.3 listener on <paramref name="bind"/>:<paramref name="port"/> presenting <paramref name="certificate"/>,
        /// requiring a client certificate that <paramref name="validate"/> accepts; <paramref name="onTimeout"/> is called
        /// (with the remote end point) for each handshake that did not complete within <paramref name="handshakeTimeout"/>.
        /// </summary>
        public TlsHandshakeListener(IPAddress bind, int port, X509Certificate2 certificate, RemoteCertificateValidationCallback validate, TimeSpan handshakeTimeout, Action<EndPoint?> onTimeout)
        {
            ArgumentNullException.ThrowIfNull(bind);
            ArgumentNullException.ThrowIfNull(certificate);
            ArgumentNullException.ThrowIfNull(validate);
            ArgumentNullException.ThrowIfNull(onTimeout);
            if (handshakeTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(handshakeTimeout), "the handshake timeout must be positive");
            }

            _bind = bind;
            _port = port;
            _certificate = certificate;
            _validate = validate;
            _onTimeout = onTimeout;
            HandshakeTimeout = handshakeTimeout;
        }

        /// <summary>Time from accept to a completed TLS handshake; after it the socket is closed.</summary>
        public TimeSpan HandshakeTimeout { get; }

        /// <summary>
        /// Largest MQTT packet (fixed header included) a client may announce; a larger one closes its connection before
        /// MQTTnet reads it (<see cref="PacketSizeGuardStream"/>). 0: no limit (default).
        /// </summary>
        public long MaxPacketBytes { get; init; }

        /// <summary>
        /// Handshakes in progress at most; a connection accepted beyond it is closed at once (default: no limit).
        /// </summary>
        /// <remarks>Bounds the memory stalled handshakes can hold (a socket and an SslStream, a few KiB each) to this number.</remarks>
        public int MaxPendingHandshakes { get; init; } = int.MaxValue;

        /// <summary>Called with the remote end point, the client's certificate subject and the announced size when a packet was over <see cref="MaxPacketBytes"/> (-1: malformed length).</summary>
        public Action<EndPoint?, string?, long>? OnOversizedPacket { get; init; }

        /// <summary>Called with the remote end point when a connection was closed because <see cref="MaxPendingHandshakes"/> were in progress.</summary>
        public Action<EndPoint?>? OnHandshakeRefused { get; init; }

        /// <summary>Handshakes in progress now.</summary>
        public int PendingHandshakes => Volatile.Read(ref _pendingHandshakes);

        /// <inheritdoc />
        public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

        /// <inheritdoc />
        /// <exception cref="SocketException">The address and port cannot be bound.</exception>
        public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(logger);
            if (_stopping != null)
            {
                throw new InvalidOperationException("the listener is already started");
            }

            _options = options;
            _logger = logger;
            Socket listener = new Socket(_bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (_bind.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    listener.DualMode = false;
                }

                listener.Bind(new IPEndPoint(_bind, _port));
                listener.Listen(options.TlsEndpointOptions.ConnectionBacklog);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            _listener = listener;
            _stopping = new CancellationTokenSource();
            CancellationToken token = _stopping.Token;
            _ = Task.Run(() => AcceptLoopAsync(listener, token), token);
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public Task StopAsync()
        {
            Stop();
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public void Dispose() => Stop();

        private void Stop()
        {
            CancellationTokenSource? stopping = Interlocked.Exchange(ref _stopping, null);
            if (stopping != null)
            {
                stopping.Cancel();
                stopping.Dispose();
            }

            Interlocked.Exchange(ref _listener, null)?.Dispose();
        }

        private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue; // a connection reset before it was accepted
                }

                if (Interlocked.Increment(ref _pendingHandshakes) > MaxPendingHandshakes)
                {
                    Interlocked.Decrement(ref _pendingHandshakes);
                    EndPoint? refused = null;
                    try
                    {
                        refused = client.RemoteEndPoint;
                    }
                    catch (SocketException)
                    {
                        // Already reset.
                    }

                    client.Dispose();
                    OnHandshakeRefused?.Invoke(refused);
                    continue;
                }

                _ = Task.Run(() => HandleAsync(client, stopping), CancellationToken.None);
            }
        }

        private async Task HandleAsync(Socket socket, CancellationToken stopping)
        {
            EndPoint? remote = null;
            SslStream? tls = null;
            bool pending = true;
            try
            {
                remote = socket.RemoteEndPoint;
                socket.NoDelay = true;
                tls = new SslStream(new NetworkStream(socket, ownsSocket: true), false, _validate);
                bool handshaken = await HandshakeAsync(socket, tls, remote, stopping).ConfigureAwait(false);
                pending = false;
                Interlocked.Decrement(ref _pendingHandshakes);
                if (!handshaken)
                {
                    return;
                }

                Func<IMqttChannelAdapter, Task>? handler = ClientHandler;
                MqttServerOptions? options = _options;
                if (handler == null || options == null || _logger == null)
                {
                    return;
                }

                X509Certificate2? clientCertificate = tls.RemoteCertificate as X509Certificate2;
                if (clientCertificate == null && tls.RemoteCertificate != null)
                {
                    clientCertificate = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData());
                }

                Stream stream = tls;
                if (MaxPacketBytes > 0)
                {
                    string? subject = clientCertificate?.Subject;
                    EndPoint? from = remote;
                    stream = new PacketSizeGuardStream(tls, MaxPacketBytes, size => OnOversizedPacket?.Invoke(from, subject, size));
                }

                MqttTcpChannel channel = new MqttTcpChannel(stream, socket.LocalEndPoint, remote, clientCertificate);
                MqttPacketFormatterAdapter formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
                using MqttChannelAdapter adapter = new MqttChannelAdapter(channel, formatter, _logger);
                adapter.AllowPacketFragmentation = options.TlsEndpointOptions.AllowPacketFragmentation;
                await handler(adapter).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException || e is AuthenticationException || e is InvalidOperationException)
            {
                // The connection ended; MQTTnet has logged what it handled.
            }
            finally
            {
                if (pending)
                {
                    Interlocked.Decrement(ref _pendingHandshakes);
                }

                if (tls != null)
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                }

                socket.Dispose();
            }
        }

        private async Task<bool> HandshakeAsync(Socket socket, SslStream tls, EndPoint? remote, CancellationToken stopping)
        {
            using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(HandshakeTimeout);
            CancellationTokenRegistration closeOnDeadline = deadline.Token.Register(static s => ((Socket)s!).Dispose(), socket);
            try
            {
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        ClientCertificateRequired = true,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck, // the CRL file is checked by the validator
                        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                    },
                    deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException || e is IOException || e is SocketException || e is ObjectDisposedException || e is AuthenticationException)
            {
                if (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    _onTimeout(remote);
                }

                return false;
            }
            finally
            {
                await closeOnDeadline.DisposeAsync().ConfigureAwait(false);
            }

            // A deadline that fired just as the handshake completed has closed the socket: treat it as a timeout.
            if (deadline.IsCancellationRequested)
            {
                if (!stopping.IsCancellationRequested)
                {
                    _onTimeout(remote);
                }

                return false;
            }

            return true;
        }
    }
}
