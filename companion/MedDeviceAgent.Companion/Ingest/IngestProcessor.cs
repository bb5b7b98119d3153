using System;
using System.Collections.Generic;
using System.Text;
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
    /// <para>RAM: one core verifier per device seen (about 1.3 KB each, rebuilt when another monitor moved the
    /// device's mark), the batch's rows until commit. Not thread-safe: one writer per processor.</para>
    /// </remarks>
    public sealed class IngestProcessor
    {
        private readonly IDeviceKeys _keys;
        private readonly RejectionLimiter _limiter;
        private readonly Dictionary<string, (TelemetryVerifier Verifier, TelemetryDevice Device)> _verifiers = new Dictionary<string, (TelemetryVerifier, TelemetryDevice)>(StringComparer.Ordinal);
        private readonly TelemetryVerifier _empty = new TelemetryVerifier();

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
            HashSet<string> known = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < messages.Count; i++)
            {
                if (TopicParser.Parse(messages[i].Topic, out _, out string deviceId, out string leaf) == TopicParseResult.Ok && leaf == Topics.Telemetry)
                {
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
                outcomes[i] = ProcessOne(batch, messages[i], ids[i], authenticators[i]);
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
                    return new IngestOutcome(TelemetryResult.Accepted, deviceId, late: true, rejectionStored: false);
                default:
                    return Reject(batch, message, deviceId, state, result);
            }
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
            state.Dirty = true;
            return new IngestOutcome(result, deviceId, late: false, rejectionStored: false);
        }

        private IngestOutcome Reject(ITelemetryBatch batch, IngestMessage message, string? deviceId, DeviceState? state, TelemetryResult result)
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

            return new IngestOutcome(result, deviceId, late: false, rejectionStored: stored);
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
