using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// The device agent: owns the broker connection and the telemetry. Driven by its caller: <see cref="Step"/> does
    /// one bounded unit of work (take a telemetry reading into the flash queue when one is due, then one connect
    /// attempt or one QoS 1 publish of the oldest queued message) and returns how long the caller may wait before the
    /// next call. No threads of its own: the device loops on it, a host runs many agents from a few threads.
    /// </summary>
    /// <remarks>
    /// <para>Identity: client id = device id = the certificate's CN (<see cref="DeviceState"/>'s trust identity).
    /// Connect registers the Last Will (<see cref="StatePayload.CreateOfflineWill"/>, retained, QoS 1, on
    /// <c>mda/v1/{class}/{id}/state</c>) and then publishes the retained state map with online true. A failed attempt
    /// waits the <see cref="ReconnectBackoff"/>'s next jittered delay. The agent only dials out: it never listens.</para>
    /// <para>Telemetry: every <see cref="DeviceAgentOptions.TelemetryPeriodMilliseconds"/> (the first at
    /// <see cref="Start"/>) a <see cref="TelemetryMessage"/> with the boot counter given at construction (the
    /// device's boot counter, claimed by <see cref="UpdateEngine.BeginTelemetryBoot"/>) and a sequence from 0 per boot
    /// is encoded, MAC'd and appended to the <see cref="OutboundQueue"/> whether or not the device is connected. Sending
    /// is oldest first at QoS 1; a message is deleted (<see cref="OutboundQueue.Ack"/>) only once its PUBACK came. A
    /// publish that is not acknowledged in time closes the connection (the message stays first in the queue and is
    /// sent again after the reconnect: at least once; the receiver answers Replayed for a copy it has).</para>
    /// <para>Power safety: a (boot, sequence) pair is never published with two contents: the boot counter is durable
    /// before the first message of the boot is built, the sequence lives in RAM only, a message is published only from
    /// the queue's flash copy, and a restart (power cut or a new agent) always runs under a new boot counter.</para>
    /// <para>Events (<see cref="IEventSink"/>): <see cref="SecurityEventCode.AgentConnected"/>,
    /// <see cref="SecurityEventCode.AgentDisconnected"/>, <see cref="SecurityEventCode.AgentConnectFailed"/>; the queue
    /// records its own drops (<see cref="SecurityEventCode.QueueMessageDropped"/>), and each message carries the drop
    /// total (telemetry key 9).</para>
    /// <para>RAM: the encoder (about 1.2 KB), one message buffer of the queue's largest message, a state writer
    /// (128 bytes), the topic strings; a telemetry reading (encode, MAC, queue append) allocates nothing on the host
    /// build with the portable HMAC (tests/MedDeviceAgent.Benchmarks/README.md). Timing: <see cref="Step"/> blocks at
    /// most for one transport call (its connect or publish timeout) plus the queue's flash writes. Not thread-safe:
    /// one thread steps an agent at a time; <see cref="IMqttTransport.ConnectionLost"/> may come from any thread.
    /// Storage exceptions propagate out of <see cref="Step"/> (the queue is then closed and reopened by the next
    /// step).</para>
    /// </remarks>
    public sealed class DeviceAgent
    {
        private const int Qos = 1;

        private readonly IMqttTransport _transport;
        private readonly OutboundQueue _queue;
        private readonly TelemetryEncoder _encoder;
        private readonly IEventSink _events;
        private readonly ReconnectBackoff _backoff;
        private readonly DeviceState _device;
        private readonly ITelemetrySensor _sensor;
        private readonly IMemoryGauge _memory;
        private readonly int _period;
        private readonly int _maxIdle;
        private readonly long _boot;
        private readonly string _clientId;
        private readonly string _telemetryTopic;
        private readonly string _stateTopic;
        private readonly MqttLastWill _will;
        private readonly TelemetryMessage _message = new TelemetryMessage();
        private readonly CborWriter _state = new CborWriter(128);
        private readonly byte[] _outgoing;
        private readonly MqttConnectionLostHandler _onLost;
        private long _sequence;
        private long _nextTelemetryAt;
        private long _nextConnectAt;
        private bool _started;
        private bool _connected;
        private bool _everConnected;
        private readonly object _lostSync = new object();
        private bool _lost;
        private int _versionMajor = -1;
        private int _versionMinor = -1;
        private int _versionPatch = -1;
        private string _version;

        /// <summary>Creates an agent; nothing is read or sent until <see cref="Start"/>.</summary>
        /// <param name="transport">The broker connection (mutual TLS).</param>
        /// <param name="storage">Flash for the store-and-forward queue (its files: <see cref="OutboundQueue.DataName"/> and the index pair).</param>
        /// <param name="limits">Queue capacity; its largest message must hold <see cref="TelemetryEncoder.MaxMessageSize"/> bytes.</param>
        /// <param name="encoder">Encodes and MACs telemetry with the device's telemetry key.</param>
        /// <param name="events">Receives the agent's and the queue's events.</param>
        /// <param name="backoff">Delays between failed connection attempts.</param>
        /// <param name="device">The device state (identity, images, floor, phase), read live for every message.</param>
        /// <param name="bootCounter">This boot's telemetry boot counter (<see cref="UpdateEngine.BeginTelemetryBoot"/>), 0..2^32-1.</param>
        /// <param name="sensor">The optional sensor (null: none).</param>
        /// <param name="memory">Free-memory gauge.</param>
        /// <param name="options">Period and idle bound (copied).</param>
        /// <exception cref="ArgumentNullException">A required argument is null.</exception>
        /// <exception cref="ArgumentException">The queue's largest message is too small, or the device has no identity.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The boot counter is out of range.</exception>
        public DeviceAgent(IMqttTransport transport, IStorage storage, OutboundQueueLimits limits, TelemetryEncoder encoder, IEventSink events, ReconnectBackoff backoff, DeviceState device, long bootCounter, ITelemetrySensor sensor, IMemoryGauge memory, DeviceAgentOptions options)
        {
            if (transport == null || storage == null || limits == null || encoder == null || events == null || backoff == null || device == null || memory == null || options == null)
            {
                throw new ArgumentNullException(transport == null ? nameof(transport) : storage == null ? nameof(storage) : limits == null ? nameof(limits) : encoder == null ? nameof(encoder) : events == null ? nameof(events) : backoff == null ? nameof(backoff) : device == null ? nameof(device) : memory == null ? nameof(memory) : nameof(options));
            }

            if (limits.MaxMessageSize < TelemetryEncoder.MaxMessageSize)
            {
                throw new ArgumentException("The queue's largest message must hold a telemetry message", nameof(limits));
            }

            if (bootCounter < 0 || bootCounter > TelemetryPayloadCodec.MaxCounter)
            {
                throw new ArgumentOutOfRangeException(nameof(bootCounter));
            }

            string deviceClass = device.Trust.DeviceClass;
            string deviceId = device.Trust.DeviceId;
            if (deviceClass == null || deviceClass.Length == 0 || deviceId == null || deviceId.Length == 0)
            {
                throw new ArgumentException("The device has no identity (provision it first)", nameof(device));
            }

            _transport = transport;
            _queue = new OutboundQueue(storage, events, limits);
            _encoder = encoder;
            _events = events;
            _backoff = backoff;
            _device = device;
            _boot = bootCounter;
            _sensor = sensor;
            _memory = memory;
            _period = options.TelemetryPeriodMilliseconds;
            _maxIdle = options.MaxIdleMilliseconds;
            _clientId = deviceId;
            _telemetryTopic = Topics.TelemetryTopic(deviceClass, deviceId);
            _stateTopic = Topics.StateTopic(deviceClass, deviceId);
            _will = new MqttLastWill(_stateTopic, StatePayload.CreateOfflineWill(), Qos, true);
            _outgoing = new byte[limits.MaxMessageSize];
            _onLost = OnConnectionLost;
        }

        /// <summary>Told the queue id of each telemetry message appended (optional; runs inside <see cref="Step"/>).</summary>
        public QueueMessageHandler MessageQueued { get; set; }

        /// <summary>Told the queue id of each telemetry message the broker acknowledged (optional; runs inside <see cref="Step"/>).</summary>
        public QueueMessageHandler MessageAcknowledged { get; set; }

        /// <summary>The store-and-forward queue.</summary>
        public OutboundQueue Queue
        {
            get { return _queue; }
        }

        /// <summary>The client id (the device id).</summary>
        public string ClientId
        {
            get { return _clientId; }
        }

        /// <summary>The topic telemetry goes to.</summary>
        public string TelemetryTopic
        {
            get { return _telemetryTopic; }
        }

        /// <summary>The retained state topic (also the will's).</summary>
        public string StateTopic
        {
            get { return _stateTopic; }
        }

        /// <summary>This boot's telemetry boot counter.</summary>
        public long BootCounter
        {
            get { return _boot; }
        }

        /// <summary>Sequence number the next telemetry message gets.</summary>
        public long NextSequence
        {
            get { return _sequence; }
        }

        /// <summary>True while the agent believes it is connected (its retained state published).</summary>
        public bool IsConnected
        {
            get { return _connected; }
        }

        /// <summary>Telemetry messages appended to the queue since construction.</summary>
        public long Queued { get; private set; }

        /// <summary>Publishes of queued messages attempted.</summary>
        public long Sent { get; private set; }

        /// <summary>Queued messages acknowledged by the broker and deleted.</summary>
        public long Acknowledged { get; private set; }

        /// <summary>Successful connections after the first one.</summary>
        public long Reconnects { get; private set; }

        /// <summary>Failed connection attempts.</summary>
        public long ConnectFailures { get; private set; }

        /// <summary>Messages the queue ever dropped (persisted across boots).</summary>
        public long Dropped
        {
            get { return _queue.Dropped; }
        }

        /// <summary>Opens the queue and schedules the first telemetry reading and connection attempt at <paramref name="nowMilliseconds"/>.</summary>
        /// <param name="nowMilliseconds">Monotonic milliseconds since boot (the device: <c>Environment.TickCount64</c>); uptime is derived from it.</param>
        /// <exception cref="InvalidOperationException">Already started.</exception>
        public void Start(long nowMilliseconds)
        {
            if (_started)
            {
                throw new InvalidOperationException("The agent is started already");
            }

            _queue.Open();
            _transport.ConnectionLost += _onLost;
            _nextTelemetryAt = nowMilliseconds;
            _nextConnectAt = nowMilliseconds;
            _started = true;
        }

        /// <summary>
        /// Does one bounded unit of work at <paramref name="nowMilliseconds"/> and returns the milliseconds the caller may
        /// wait before the next call (0: call again at once; never more than <see cref="DeviceAgentOptions.MaxIdleMilliseconds"/>).
        /// </summary>
        /// <exception cref="InvalidOperationException">Not started.</exception>
        public int Step(long nowMilliseconds)
        {
            if (!_started)
            {
                throw new InvalidOperationException("Call Start first");
            }

            if (!_queue.IsOpen)
            {
                _queue.Open();
            }

            if (nowMilliseconds >= _nextTelemetryAt)
            {
                CaptureTelemetry(nowMilliseconds);
                _nextTelemetryAt += _period;
                if (_nextTelemetryAt <= nowMilliseconds)
                {
                    // Far behind (the caller slept): resume the rhythm from now rather than catching up in a burst.
                    _nextTelemetryAt = nowMilliseconds + _period;
                }
            }

            if (_connected && (TakeLost() || !_transport.IsConnected))
            {
                ConnectionEnded(nowMilliseconds, 1);
            }

            if (!_connected)
            {
                if (nowMilliseconds >= _nextConnectAt)
                {
                    TryConnect(nowMilliseconds);
                }
            }
            else if (_queue.Count > 0)
            {
                SendOldest(nowMilliseconds);
            }

            return NextDelay(nowMilliseconds);
        }

        /// <summary>
        /// Takes one telemetry reading now: builds the message (next sequence of this boot), encodes and MACs it and appends
        /// it to the queue; returns its queue id. <see cref="Step"/> calls it every period; callable directly (tests, benchmarks).
        /// </summary>
        /// <remarks>Allocates nothing on the host build with the portable HMAC once the firmware version string is cached.</remarks>
        /// <exception cref="InvalidOperationException">Not started, or the boot's sequence numbers are used up (2^32 messages).</exception>
        public long CaptureTelemetry(long nowMilliseconds)
        {
            if (!_started)
            {
                throw new InvalidOperationException("Call Start first");
            }

            if (_sequence > TelemetryPayloadCodec.MaxCounter)
            {
                throw new InvalidOperationException("This boot's telemetry sequence numbers are used up");
            }

            UpdateState update = _device.Update;
            _message.Boot = _boot;
            _message.Sequence = _sequence;
            _message.UptimeSeconds = nowMilliseconds < 0 ? 0 : nowMilliseconds / 1000;
            long free = _memory.FreeBytes;
            _message.FreeMemory = free < 0 ? 0 : free;
            _message.FirmwareVersion = FirmwareVersion(update);
            _message.UpdatePhase = (int)update.Phase;
            _message.SecurityFloor = update.SecurityFloor;
            long reading = 0;
            _message.HasSensor = _sensor != null && _sensor.TryRead(out reading);
            _message.Sensor = reading;
            long dropped = _queue.Dropped;
            _message.QueueDropped = dropped > TelemetryPayloadCodec.MaxCounter ? TelemetryPayloadCodec.MaxCounter : dropped;
            int length = _encoder.Encode(_message);

            // The sequence is spent before the append: a failed append never lets two contents share a number.
            _sequence++;
            long id = _queue.Append(_encoder.Buffer, 0, length);
            Queued++;
            QueueMessageHandler queued = MessageQueued;
            if (queued != null)
            {
                queued(id);
            }

            return id;
        }

        /// <summary>
        /// Stops cleanly: when connected, publishes the retained state with online false and disconnects (the broker then
        /// discards the will); records <see cref="SecurityEventCode.AgentDisconnected"/> with detail 0. The queue keeps
        /// what was not acknowledged. The agent cannot be started again (make a new one, under a new boot counter).
        /// </summary>
        public void Stop()
        {
            if (!_started)
            {
                return;
            }

            _transport.ConnectionLost -= _onLost;
            if (_connected)
            {
                if (_transport.IsConnected)
                {
                    PublishState(false);
                }

                _transport.Disconnect();
                _connected = false;
                _events.Record(SecurityEventCode.AgentDisconnected, 0);
            }

            _started = false;
        }

        private void TryConnect(long now)
        {
            int failedBefore = _backoff.Attempts;
            TakeLost();
            if (_transport.Connect(_clientId, _will))
            {
                if (PublishState(true))
                {
                    _connected = true;
                    _backoff.Reset();
                    if (_everConnected)
                    {
                        Reconnects++;
                    }

                    _everConnected = true;
                    _events.Record(SecurityEventCode.AgentConnected, failedBefore);
                    return;
                }

                _transport.Disconnect();
            }

            ConnectFailures++;
            int delay = _backoff.NextDelayMilliseconds();
            _nextConnectAt = now + delay;
            _events.Record(SecurityEventCode.AgentConnectFailed, delay);
        }

        private void SendOldest(long now)
        {
            long id = _queue.OldestId;
            int length = _queue.PeekOldest(_outgoing, 0);
            if (length < 0)
            {
                return;
            }

            Sent++;
            if (!_transport.Publish(_telemetryTopic, _outgoing, 0, length, Qos, false))
            {
                // Not acknowledged in time, or the connection went: the message stays first and is sent again.
                ConnectionEnded(now, _transport.IsConnected ? 2 : 1);
                return;
            }

            if (_queue.Ack(id))
            {
                Acknowledged++;
                QueueMessageHandler acknowledged = MessageAcknowledged;
                if (acknowledged != null)
                {
                    acknowledged(id);
                }
            }
        }

        private void ConnectionEnded(long now, int reason)
        {
            _connected = false;
            _transport.Disconnect();
            _events.Record(SecurityEventCode.AgentDisconnected, reason);
            _nextConnectAt = now + _backoff.NextDelayMilliseconds();
        }

        private bool PublishState(bool online)
        {
            UpdateState update = _device.Update;
            _state.Reset();
            StatePayload.Write(_state, online, FirmwareVersion(update), _boot, (int)update.Phase, update.SecurityFloor);
            return _transport.Publish(_stateTopic, _state.Buffer, 0, _state.Length, Qos, true);
        }

        private int NextDelay(long now)
        {
            if (_connected && _queue.Count > 0)
            {
                return 0;
            }

            long next = _nextTelemetryAt;
            if (!_connected && _nextConnectAt < next)
            {
                next = _nextConnectAt;
            }

            long wait = next - now;
            if (wait < 0)
            {
                return 0;
            }

            return wait > _maxIdle ? _maxIdle : (int)wait;
        }

        /// <summary>The running image's version text, rebuilt only when the version changes (no allocation per message).</summary>
        private string FirmwareVersion(UpdateState update)
        {
            ImageInfo active = update.Active;
            if (_version == null || active.Major != _versionMajor || active.Minor != _versionMinor || active.Patch != _versionPatch)
            {
                _versionMajor = active.Major;
                _versionMinor = active.Minor;
                _versionPatch = active.Patch;
                _version = active.VersionText;
            }

            return _version;
        }

        /// <summary>Raised by the transport, possibly on another thread (no volatile on the device runtime: a lock).</summary>
        private void OnConnectionLost()
        {
            lock (_lostSync)
            {
                _lost = true;
            }
        }

        /// <summary>True once after the transport reported a drop.</summary>
        private bool TakeLost()
        {
            lock (_lostSync)
            {
                bool lost = _lost;
                _lost = false;
                return lost;
            }
        }
    }
}
