using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// One broker of a chain, on a fixed loopback port for its whole life so it can be stopped and started again: the
    /// embedded broker (<c>mda broker</c>'s library, in this process) or a real Mosquitto started unchanged from the files
    /// <c>mda broker mosquitto-config</c> wrote for the test PKI.
    /// </summary>
    public sealed class ChainBroker : IAsyncDisposable
    {
        /// <summary>Theory name of the embedded broker.</summary>
        public const string Embedded = "embedded";

        /// <summary>Theory name of Mosquitto.</summary>
        public const string Mosquitto = "mosquitto";

        private readonly ChainFixture _fixture;
        private readonly StringBuilder _log = new StringBuilder();
        private readonly string? _config;
        private EmbeddedBroker? _embedded;
        private MosquittoProcess? _mosquitto;
        private int _starts;

        private ChainBroker(ChainFixture fixture, string kind)
        {
            _fixture = fixture;
            Kind = kind;
            Port = LocalPorts.Free();
            if (kind == Mosquitto)
            {
                string folder = fixture.NewFolder("mosquitto");
                fixture.Pki.WriteMosquittoConfig(Port, folder);
                _config = Path.Combine(folder, MosquittoConfig.ConfigFileName);
            }
            else if (kind != Embedded)
            {
                throw new ArgumentException("unknown broker " + kind, nameof(kind));
            }
        }

        /// <summary><see cref="Embedded"/> or <see cref="Mosquitto"/>.</summary>
        public string Kind { get; }

        /// <summary>Its port (the same across restarts).</summary>
        public int Port { get; }

        /// <summary>True while it runs.</summary>
        public bool IsRunning => _embedded != null || (_mosquitto != null && !_mosquitto.HasExited);

        /// <summary>The embedded broker's counters while it runs (null for Mosquitto or when stopped).</summary>
        public BrokerCounters? EmbeddedCounters => _embedded?.Counters;

        /// <summary>Everything it logged, over all its runs.</summary>
        public string Log
        {
            get
            {
                string current = _mosquitto?.Log ?? string.Empty;
                lock (_log)
                {
                    return _log.ToString() + current;
                }
            }
        }

        /// <summary>Makes and starts a broker of <paramref name="kind"/>.</summary>
        public static async Task<ChainBroker> StartAsync(ChainFixture fixture, string kind)
        {
            ChainBroker broker = new ChainBroker(fixture, kind);
            await broker.StartAgainAsync();
            return broker;
        }

        /// <summary>Starts it (again) on its port.</summary>
        public async Task StartAgainAsync()
        {
            if (IsRunning)
            {
                throw new InvalidOperationException("the broker runs already");
            }

            int run = Interlocked.Increment(ref _starts);
            Append("--- " + Kind + " broker run " + run.ToString(CultureInfo.InvariantCulture) + " on port " + Port.ToString(CultureInfo.InvariantCulture) + " ---");
            if (Kind == Mosquitto)
            {
                _mosquitto = MosquittoProcess.Start(_config!, Port);
                return;
            }

            TextWriter log = TextWriter.Synchronized(new LineWriter(this));
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    _embedded = await EmbeddedBroker.StartAsync(_fixture.PkiDirectory, ChainFixture.Passphrase, IPAddress.Loopback, Port, null, log);
                    return;
                }
                catch (SocketException) when (attempt < 50)
                {
                    // The port is not yet released after a stop.
                    await Task.Delay(100);
                }
            }
        }

        /// <summary>Stops it: the embedded broker is disposed, Mosquitto gets SIGTERM; every client sees its connection drop.</summary>
        public async Task StopAsync()
        {
            if (_embedded != null)
            {
                await _embedded.DisposeAsync();
                _embedded = null;
            }

            if (_mosquitto != null)
            {
                _mosquitto.Stop();
                Append(_mosquitto.Log);
                _mosquitto.Dispose();
                _mosquitto = null;
            }
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync() => await StopAsync();

        private void Append(string text)
        {
            lock (_log)
            {
                _log.Append(text);
                if (text.Length > 0 && text[^1] != '\n')
                {
                    _log.Append('\n');
                }
            }
        }

        /// <summary>The embedded broker's log writer: lines into the broker's log.</summary>
        private sealed class LineWriter : TextWriter
        {
            private readonly ChainBroker _owner;

            public LineWriter(ChainBroker owner)
            {
                _owner = owner;
            }

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value)
            {
                lock (_owner._log)
                {
                    _owner._log.Append(value);
                }
            }

            public override void Write(string? value)
            {
                if (value != null)
                {
                    lock (_owner._log)
                    {
                        _owner._log.Append(value);
                    }
                }
            }
        }
    }
}
