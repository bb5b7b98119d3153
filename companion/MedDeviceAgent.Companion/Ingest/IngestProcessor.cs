using System;
using System.Collections.Generic;
using System.Text;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// Verifies and stores one batch of received messages in one database transaction: the firmware core's
    /// <see cref="TelemetryVerifier"/> decides, with the device's key and the high-water mark read (locked) from the
    /// database; accepted messages are stored exactly once, authentic late deliveries into a recorded gap are stored
    /// and close it, every other message is recorded as a rejection (rate-limited) and ingest goes on.
    /// </summary>
    /// <remarks>
    /// <para>Rules (docs/ingest.md): the topic's device id must have a live key in the PKI and the message's key id
    /// must be that id (so the identity whose key verified it is the topic's); the first accepted message fixes the
    /// device's class, a later one on another class's topic is UnknownDevice. Below the mark: stored already is
    /// Replayed (a duplicate delivery), in a recorded gap is a late delivery, otherwise the verifier's Reordered or
    /// StaleBoot.</para>
    /// <para>State messages (a device's retained <c>state</c> topic: its state map or its Last Will) are decoded by the
    /// firmware core's <see cref="StatePayload.TryRead"/> and recorded as the device's broker-asserted presence
    /// (<see cref="DevicePresence"/>): size (at most <see cref="StatePayload.MaxStateSize"/>, else TooLarge), a device
    /// with a live key (else UnknownDevice), the class it is bound to (its first accepted telemetry's, else its recorded
    /// presence's; else StateWrongClass), the payload (else InvalidState). A state is not authenticated, so it never
    /// binds the class, never moves the mark and never changes a telemetry verdict; a state equal to the recorded one
    /// is StateUnchanged and writes nothing.</para>
    /// <para>RAM: one core verifier per device seen (about 1.3 KB each, rebuilt when another monitor moved the
    /// device's mark), the batch's rows until commit. Not thread-safe: one writer per processor.</para>
    /// </remarks>
    public sealed class IngestProcessor
    {
        private readonly IDeviceKeys _keys;
        private readonly RejectionLimiter _limiter;
        private readonly Dictionary<string, (TelemetryVerifier Verifier, TelemetryDevice Device)> _verifiers = new Dictionary<string, (TelemetryVerifier, TelemetryDevice)>(StringComparer.Ordinal);
        private readonly TelemetryVerifier _empty = new TelemetryVerifier();
        private readonly CborReader _stateReader = new CborReader(new byte[0], 0, 0);
        private readonly StateReport _report = new StateReport();

        /// <summary>A processor using <paramref name="keys"/> and <paramref name="limiter"/> (default limits when null).</summary>
        public IngestProcessor(IDeviceKeys keys, RejectionLimiter? limiter = null)
        {
            _keys = keys ?? throw new ArgumentNullException(nameof(keys));
            _limiter = limiter ?? new RejectionLimiter();
        }

        /// <summary>Rejections the rate limit kept out of the database so far (also added to the database's counter).</summary>
        public long SuppressedRejections => _limiter.Suppressed;

        /// <summary>
        /// Verifies and stores <paramref name="messages"/> in one transaction of <paramref name="store"/>; returns one
        /// outcome per message, in order. Nothing is stored when it throws (a database failure): the caller retries the
        /// same batch and acknowledges nothing before a commit.
        /// </summary>
        public IngestOutcome[] Process(ITelemetryStore store, IReadOnlyList<IngestMessage> messages)
        {
            ArgumentNullException.ThrowIfNull(store);
            ArgumentNullException.ThrowIfNull(messages);
            string?[] ids = new string?[messages.Count];
            IMessageAuthenticator?[] authenticators = new IMessageAuthenticator?[messages.Count];
            bool[] states = new bool[messages.Count];
            HashSet<string> known = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < messages.Count; i++)
            {
                if (TopicParser.Parse(messages[i].Topic, out _, out string deviceId, out string leaf) == TopicParseResult.Ok && (leaf == Topics.Telemetry || leaf == Topics.State))
                {
                    states[i] = leaf == Topics.State;
                    IMessageAuthenticator? authenticator = _keys.Find(deviceId);
                    if (authenticator != null)
                    {
                        ids[i] = deviceId;
                        authenticators[i] = authenticator;
                        known.Add(deviceId);
                    }
                }
            }

            IngestOutcome[] outcomes = new IngestOutcome[messages.Count];
            long suppressedBefore = _limiter.Suppressed;
            using ITelemetryBatch batch = store.BeginBatch(known);
            for (int i = 0; i < messages.Count; i++)
            {
                outcomes[i] = states[i] ? ProcessState(batch, messages[i], ids[i]) : ProcessOne(batch, messages[i], ids[i], authenticators[i]);
            }

            batch.AddSuppressedRejections(_limiter.Suppressed - suppressedBefore);
            batch.Commit();
            return outcomes;
        }

        private IngestOutcome ProcessOne(ITelemetryBatch batch, IngestMessage message, string? deviceId, IMessageAuthenticator? authenticator)
        {
            DeviceState? state = deviceId == null ? null : batch.Device(deviceId);
            if (deviceId == null || authenticator == null || state == null)
            {
                // Size, topic, unknown device: the core's verifier with no device gives the verdict and its order.
                return Reject(batch, message, null, null, Verify(_empty, message));
            }

            string topicClass = ClassOf(message.Topic);
            TelemetryVerifier verifier = VerifierFor(state, deviceId, state.DeviceClass ?? topicClass, authenticator);
            TelemetryResult result = Verify(verifier, message);
            TelemetryMessage decoded = verifier.Message;
            switch (result)
            {
                case TelemetryResult.Accepted:
                case TelemetryResult.AcceptedAfterGap:
                    return Accept(batch, message, state, decoded, verifier.Gap, result);
                case TelemetryResult.Replayed:
                case TelemetryResult.Reordered:
                case TelemetryResult.StaleBoot:
                    if (batch.IsStored(deviceId, decoded.Boot, decoded.Sequence))
                    {
                        return Reject(batch, message, deviceId, state, TelemetryResult.Replayed);
                    }

                    GapRange? gap = batch.FindGap(deviceId, decoded.Boot, decoded.Sequence);
                    if (gap == null)
                    {
                        return Reject(batch, message, deviceId, state, result);
                    }

                    batch.FillGap(gap, decoded.Sequence);
                    batch.AddTelemetry(new StoredTelemetry(deviceId, decoded, message.Payload, message.ReceivedMs, late: true));
                    state.Messages++;
                    state.LateDeliveries++;
                    state.Missing = Math.Max(0, state.Missing - 1);
                    state.Dirty = true;
                    return new IngestOutcome(TelemetryResult.Accepted, deviceId, late: true, rejectionStored: false, stateTopic: false, presence: null, queueDrops: state.QueueDrops);
                default:
                    return Reject(batch, message, deviceId, state, result);
            }
        }

        /// <summary>A message of <c>mda/v1/{class}/{id}/state</c> (the topic parsed); <paramref name="deviceId"/> is null when the id has no live key.</summary>
        private IngestOutcome ProcessState(ITelemetryBatch batch, IngestMessage message, string? deviceId)
        {
            // Same order as the verifier's: size, topic (parsed by the caller), known device; then class and payload.
            if (message.Payload.Length < 1 || message.Payload.Length > StatePayload.MaxStateSize)
            {
                return Reject(batch, message, deviceId, deviceId == null ? null : batch.Device(deviceId), TelemetryResult.TooLarge, stateTopic: true);
            }

            DeviceState? state = deviceId == null ? null : batch.Device(deviceId);
            if (deviceId == null || state == null)
            {
                return Reject(batch, message, null, null, TelemetryResult.UnknownDevice, stateTopic: true);
            }

            string topicClass = ClassOf(message.Topic);
            DevicePresence? recorded = batch.Presence(deviceId);
            string? boundClass = state.DeviceClass ?? recorded?.DeviceClass;
            if (boundClass != null && !string.Equals(boundClass, topicClass, StringComparison.Ordinal))
            {
                return Reject(batch, message, deviceId, state, TelemetryResult.StateWrongClass, stateTopic: true);
            }

            bool valid;
            try
            {
                valid = StatePayload.TryRead(_stateReader, message.Payload, 0, message.Payload.Length, _report);
            }
#pragma warning disable CA1031 // Hostile input must never stop ingest: a decoder fault is an invalid state.
            catch (Exception)
#pragma warning restore CA1031
            {
                valid = false;
            }

            if (!valid)
            {
                return Reject(batch, message, deviceId, state, TelemetryResult.InvalidState, stateTopic: true);
            }

            if (recorded != null && Same(recorded, topicClass, _report))
            {
                // A retained state delivered again (every subscribe), or a second monitor's copy: no write, no churn.
                return new IngestOutcome(TelemetryResult.StateUnchanged, deviceId, late: false, rejectionStored: false, stateTopic: true, presence: recorded, queueDrops: 0);
            }

            DevicePresence next = new DevicePresence(deviceId, topicClass)
            {
                Online = _report.Online,
                FromWill = _report.FromWill,
                StateMs = message.ReceivedMs,
                States = (recorded?.States ?? 0) + 1,

                // The will says only "offline": the last known version, boot and floor stay.
                FirmwareVersion = _report.FromWill ? recorded?.FirmwareVersion : _report.FirmwareVersion,
                Boot = _report.FromWill ? recorded?.Boot ?? -1 : _report.Boot,
                UpdatePhase = _report.FromWill ? recorded?.UpdatePhase ?? 0 : _report.UpdatePhase,
                SecurityFloor = _report.FromWill ? recorded?.SecurityFloor ?? 0 : _report.SecurityFloor,
            };
            bool changed = recorded == null || recorded.Online != next.Online || (next.Online && recorded.Boot != next.Boot);
            next.SinceMs = changed ? message.ReceivedMs : recorded!.SinceMs;
            batch.SetPresence(next);
            return new IngestOutcome(TelemetryResult.StateRecorded, deviceId, late: false, rejectionStored: false, stateTopic: true, presence: next, queueDrops: 0);
        }

        private static bool Same(DevicePresence recorded, string topicClass, StateReport report)
        {
            if (recorded.Online != report.Online || recorded.FromWill != report.FromWill || !string.Equals(recorded.DeviceClass, topicClass, StringComparison.Ordinal))
            {
                return false;
            }

            return report.FromWill
                || (string.Equals(recorded.FirmwareVersion, report.FirmwareVersion, StringComparison.Ordinal) && recorded.Boot == report.Boot
                    && recorded.UpdatePhase == report.UpdatePhase && recorded.SecurityFloor == report.SecurityFloor);
        }

        private static IngestOutcome Accept(ITelemetryBatch batch, IngestMessage message, DeviceState state, TelemetryMessage decoded, long gapCount, TelemetryResult result)
        {
            string deviceId = state.DeviceId;
            if (gapCount > 0)
            {
                long first = decoded.Boot == state.LastBoot ? state.LastSequence + 1 : 0;
                batch.AddGap(new GapRange(deviceId, decoded.Boot, first, decoded.Sequence - 1));
                state.Missing += gapCount;
            }

            batch.AddTelemetry(new StoredTelemetry(deviceId, decoded, message.Payload, message.ReceivedMs, late: false));
            state.DeviceClass ??= ClassOf(message.Topic);
            state.LastBoot = decoded.Boot;
            state.LastSequence = decoded.Sequence;
            state.LastSeenMs = Math.Max(state.LastSeenMs, message.ReceivedMs);
            state.Messages++;
            state.UptimeSeconds = decoded.UptimeSeconds;
            state.FreeMemory = decoded.FreeMemory;
            state.FirmwareVersion = decoded.FirmwareVersion;
            state.UpdatePhase = decoded.UpdatePhase;
            state.SecurityFloor = decoded.SecurityFloor;
            state.Sensor = decoded.HasSensor ? decoded.Sensor : null;
            state.QueueDrops = decoded.QueueDropped;
            state.Dirty = true;
            return new IngestOutcome(result, deviceId, late: false, rejectionStored: false, stateTopic: false, presence: null, queueDrops: state.QueueDrops);
        }

        private IngestOutcome Reject(ITelemetryBatch batch, IngestMessage message, string? deviceId, DeviceState? state, TelemetryResult result, bool stateTopic = false)
        {
            if (state != null)
            {
                state.Rejections++;
                state.Dirty = true;
            }

            bool stored = _limiter.TryTake(deviceId);
            if (stored)
            {
                string? claimed = null;
                if (TopicParser.Parse(message.Topic, out _, out string id, out _) == TopicParseResult.Ok)
                {
                    claimed = id;
                }

                batch.AddRejection(new RejectionRecord(message.ReceivedMs, message.Topic, claimed, result, message.Payload));
            }

            return new IngestOutcome(result, deviceId, late: false, rejectionStored: stored, stateTopic: stateTopic, presence: null, queueDrops: 0);
        }

        private static TelemetryResult Verify(TelemetryVerifier verifier, IngestMessage message)
        {
            try
            {
                return verifier.Verify(message.Topic ?? string.Empty, message.Payload, 0, message.Payload.Length);
            }
#pragma warning disable CA1031 // Hostile input must never stop ingest: a verifier fault is a malformed message.
            catch (Exception)
#pragma warning restore CA1031
            {
                return TelemetryResult.MalformedCbor;
            }
        }

        private TelemetryVerifier VerifierFor(DeviceState state, string deviceId, string deviceClass, IMessageAuthenticator authenticator)
        {
            if (_verifiers.TryGetValue(deviceId, out (TelemetryVerifier Verifier, TelemetryDevice Device) cached)
                && cached.Device.LastBoot == state.LastBoot
                && (state.LastBoot < 0 || cached.Device.LastSequence == state.LastSequence)
                && cached.Device.DeviceClass == deviceClass
                && ReferenceEquals(cached.Device.Authenticator, authenticator))
            {
                return cached.Verifier;
            }

            // New device, a mark another monitor moved, a rolled-back batch, or a re-issued key: a fresh core verifier at the database's mark.
            TelemetryVerifier verifier = new TelemetryVerifier();
            TelemetryDevice device = new TelemetryDevice(deviceClass, deviceId, Encoding.UTF8.GetBytes(deviceId), authenticator, state.LastBoot, state.LastSequence);
            verifier.Register(device);
            _verifiers[deviceId] = (verifier, device);
            return verifier;
        }

        private static string ClassOf(string topic)
        {
            return TopicParser.Parse(topic, out string deviceClass, out _, out _) == TopicParseResult.Ok ? deviceClass : string.Empty;
        }
    }
}
