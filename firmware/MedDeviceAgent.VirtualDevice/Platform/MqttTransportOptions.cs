using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Formatter;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// Settings of an <see cref="MqttNetTransport"/>: broker address, optional user name and password, TLS with a
    /// CA certificate and an optional client certificate and key (mutual TLS), keep-alive and timeouts. Every setter
    /// checks its value and throws on a bad one, so that a transport is never built from settings it cannot use.
    /// </summary>
    /// <remarks>
    /// The transport takes a snapshot when it is constructed: later changes do not affect it. The defaults match the
    /// device's M2Mqtt client: MQTT 3.1.1, clean session, 60 s keep-alive. The password and the client key are kept
    /// only to build the connection and are never printed (this class does not override <see cref="object.ToString"/>).
    /// Not thread-safe: configure on one thread, then hand to the transport.
    /// </remarks>
    public sealed class MqttTransportOptions
    {
        /// <summary>Longest accepted connect or operation timeout.</summary>
        public static readonly TimeSpan MaximumTimeout = TimeSpan.FromMinutes(5);

        private string _host = "127.0.0.1";
        private int _port = 1883;
        private string? _userName;
        private string? _password;
        private string? _caCertificatePem;
        private string? _clientCertificatePem;
        private string? _clientKeyPem;
        private int _keepAliveSeconds = 60;
        private TimeSpan _connectTimeout = TimeSpan.FromSeconds(10);
        private TimeSpan _operationTimeout = TimeSpan.FromSeconds(10);
        private MqttProtocolVersion _protocolVersion = MqttProtocolVersion.V311;

        /// <summary>Broker host name or IP address; with TLS it must match the broker certificate. Default 127.0.0.1.</summary>
        public string Host
        {
            get => _host;
            set
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(value);
                _host = value;
            }
        }

        /// <summary>Broker TCP port, 1 to 65535. Default 1883 (use 8883 with TLS).</summary>
        public int Port
        {
            get => _port;
            set
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
                _port = value;
            }
        }

        /// <summary>User name sent in CONNECT, or null for none (then <see cref="Password"/> is not sent either).</summary>
        public string? UserName
        {
            get => _userName;
            set
            {
                if (value != null && value.Length == 0)
                {
                    throw new ArgumentException("An empty user name is not allowed; use null for none.", nameof(value));
                }

                _userName = value;
            }
        }

        /// <summary>Password sent with <see cref="UserName"/>, or null for none. Never printed.</summary>
        public string? Password
        {
            get => _password;
            set => _password = value;
        }

        /// <summary>True when <see cref="UseTls"/> is on: TLS 1.2 or 1.3 to the broker. Default false.</summary>
        public bool UseTls { get; set; }

        /// <summary>
        /// PEM of the CA that must have signed the broker certificate (the only trust anchor), or null to trust the
        /// operating system's roots. Checked when set: it must hold one certificate that is a CA.
        /// </summary>
        public string? CaCertificatePem
        {
            get => _caCertificatePem;
            set
            {
                if (value != null)
                {
                    using X509Certificate2 ca = LoadCertificatePem(value, nameof(value));
                    bool isAuthority = false;
                    foreach (X509Extension extension in ca.Extensions)
                    {
                        if (extension is X509BasicConstraintsExtension constraints)
                        {
                            isAuthority = constraints.CertificateAuthority;
                        }
                    }

                    if (!isAuthority)
                    {
                        throw new ArgumentException("The CA certificate is not marked as a certificate authority.", nameof(value));
                    }
                }

                _caCertificatePem = value;
            }
        }

        /// <summary>PEM of the client certificate presented for mutual TLS, or null; set with <see cref="SetClientCertificate"/>.</summary>
        public string? ClientCertificatePem => _clientCertificatePem;

        /// <summary>PEM of the client private key, or null; set with <see cref="SetClientCertificate"/>. Never printed.</summary>
        public string? ClientKeyPem => _clientKeyPem;

        /// <summary>MQTT keep-alive in seconds, 0 (off) to 65535. Default 60 (as M2Mqtt).</summary>
        public int KeepAliveSeconds
        {
            get => _keepAliveSeconds;
            set
            {
                ArgumentOutOfRangeException.ThrowIfNegative(value);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ushort.MaxValue);
                _keepAliveSeconds = value;
            }
        }

        /// <summary>How long <see cref="MqttNetTransport.Connect(string, MedDeviceAgent.Firmware.Core.Platform.MqttLastWill)"/> may take (TCP, TLS and CONNACK). Above zero, at most <see cref="MaximumTimeout"/>. Default 10 s.</summary>
        public TimeSpan ConnectTimeout
        {
            get => _connectTimeout;
            set
            {
                CheckTimeout(value);
                _connectTimeout = value;
            }
        }

        /// <summary>
        /// How long a publish waits for the broker's PUBACK (QoS 1) or PUBCOMP (QoS 2), a subscribe for its SUBACK and a
        /// disconnect for the DISCONNECT to be sent. Above zero, at most <see cref="MaximumTimeout"/>. Default 10 s.
        /// </summary>
        public TimeSpan OperationTimeout
        {
            get => _operationTimeout;
            set
            {
                CheckTimeout(value);
                _operationTimeout = value;
            }
        }

        /// <summary>MQTT protocol version: 3.1.1 (default, as the device) or 5.0.</summary>
        public MqttProtocolVersion ProtocolVersion
        {
            get => _protocolVersion;
            set
            {
                if (value != MqttProtocolVersion.V311 && value != MqttProtocolVersion.V500)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "Only MQTT 3.1.1 and 5.0 are supported.");
                }

                _protocolVersion = value;
            }
        }

        /// <summary>
        /// Sets the client certificate and its private key (both PEM) for mutual TLS, or clears them when both are null.
        /// Checked now: the key must belong to the certificate.
        /// </summary>
        /// <param name="certificatePem">PEM of the client certificate.</param>
        /// <param name="keyPem">PEM of the matching private key (PKCS#8, SEC1 or PKCS#1).</param>
        public void SetClientCertificate(string? certificatePem, string? keyPem)
        {
            if (certificatePem == null && keyPem == null)
            {
                _clientCertificatePem = null;
                _clientKeyPem = null;
                return;
            }

            ArgumentNullException.ThrowIfNull(certificatePem);
            ArgumentNullException.ThrowIfNull(keyPem);
            try
            {
                using X509Certificate2 certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            }
            catch (CryptographicException exception)
            {
                // The message says which part is wrong; it never contains the key.
                throw new ArgumentException("The client certificate and key do not load as a pair: " + exception.Message, nameof(keyPem), exception);
            }

            _clientCertificatePem = certificatePem;
            _clientKeyPem = keyPem;
        }

        /// <summary>Returns an independent copy (the transport keeps one so later changes do not reach it).</summary>
        internal MqttTransportOptions Clone() => (MqttTransportOptions)MemberwiseClone();

        /// <summary>Loads one certificate from PEM, turning a parse failure into <see cref="ArgumentException"/>.</summary>
        internal static X509Certificate2 LoadCertificatePem(string pem, string parameterName)
        {
            try
            {
                return X509Certificate2.CreateFromPem(pem);
            }
            catch (CryptographicException exception)
            {
                throw new ArgumentException("Not a PEM certificate: " + exception.Message, parameterName, exception);
            }
        }

        private static void CheckTimeout(TimeSpan value)
        {
            if (value <= TimeSpan.Zero || value > MaximumTimeout)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A timeout must be above zero and at most " + MaximumTimeout + ".");
            }
        }
    }
}
