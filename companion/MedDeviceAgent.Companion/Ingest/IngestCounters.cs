using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>What one monitor did since it started (for the live view and the summary); thread-safe.</summary>
    /// <remarks>RAM: a few counters and one entry per device seen (bounded by the PKI's devices; unknown ids are not kept).</remarks>
    public sealed class IngestCounters
    {
        private readonly long[] _byResult = new long[32];
        private readonly ConcurrentDictionary<string, DeviceActivity> _devices = new ConcurrentDictionary<string, DeviceActivity>(StringComparer.Ordinal);
        private long _received;
        private long _stored;
        private long _late;
        private long _rejected;
        private long _batches;
        private long _failedCommits;
        private long _connects;
        private long _acknowledgeFailures;
        private long _subscriptionRefusals;
        private long _statesRecorded;
        private long _statesUnchanged;
        private long _stateRejections;

        /// <summary>Messages received.</summary>
        public long Received => Interlocked.Read(ref _received);

        /// <summary>Messages stored (accepted and late).</summary>
        public long Stored => Interlocked.Read(ref _stored);

        /// <summary>Late deliveries stored into a gap.</summary>
        public long Late => Interlocked.Read(ref _late);

        /// <summary>Rejections (stored or rate-limited).</summary>
        public long Rejected => Interlocked.Read(ref _rejected);

        /// <summary>Committed batches.</summary>
        public long Batches => Interlocked.Read(ref _batches);

        /// <summary>Batches whose commit failed (retried; nothing acknowledged).</summary>
        public long FailedCommits => Interlocked.Read(ref _failedCommits);

        /// <summary>Successful connections to the broker.</summary>
        public long Connects => Interlocked.Read(ref _connects);

        /// <summary>Acknowledgements that could not be sent (connection lost after the commit: the broker redelivers, recorded as Replayed).</summary>
        public long AcknowledgeFailures => Interlocked.Read(ref _acknowledgeFailures);

        /// <summary>Connections dropped because the broker refused the subscription (not an operator it knows yet; retried).</summary>
        public long SubscriptionRefusals => Interlocked.Read(ref _subscriptionRefusals);

        /// <summary>State messages that changed a device's recorded presence.</summary>
        public long StatesRecorded => Interlocked.Read(ref _statesRecorded);

        /// <summary>State messages equal to the recorded presence (retained states delivered again at a subscribe).</summary>
        public long StatesUnchanged => Interlocked.Read(ref _statesUnchanged);

        /// <summary>Rejected messages of <c>state</c> topics (also counted in <see cref="Rejected"/>).</summary>
        public long StateRejections => Interlocked.Read(ref _stateRejections);

        /// <summary>Rejections with result <paramref name="result"/>.</summary>
        public long Rejections(TelemetryResult result) => Interlocked.Read(ref _byResult[(int)result & 31]);

        /// <summary>The devices seen, by id.</summary>
        public IReadOnlyList<KeyValuePair<string, DeviceActivity>> Devices
        {
            get
            {
                List<KeyValuePair<string, DeviceActivity>> list = new List<KeyValuePair<string, DeviceActivity>>(_devices);
                list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                return list;
            }
        }

        /// <summary>Counts a received message.</summary>
        public void OnReceived() => Interlocked.Increment(ref _received);

        /// <summary>Counts a connection.</summary>
        public void OnConnected() => Interlocked.Increment(ref _connects);

        /// <summary>Counts a refused subscription.</summary>
        public void OnSubscriptionRefused() => Interlocked.Increment(ref _subscriptionRefusals);

        /// <summary>Counts a failed commit.</summary>
        public void OnFailedCommit() => Interlocked.Increment(ref _failedCommits);

        /// <summary>Counts an acknowledgement that could not be sent.</summary>
        public void OnAcknowledgeFailure() => Interlocked.Increment(ref _acknowledgeFailures);

        /// <summary>Counts the outcomes of a committed batch.</summary>
        public void OnCommitted(IReadOnlyList<IngestMessage> messages, IngestOutcome[] outcomes)
        {
            Interlocked.Increment(ref _batches);
            for (int i = 0; i < outcomes.Length; i++)
            {
                IngestOutcome outcome = outcomes[i];
                DeviceActivity? device = outcome.DeviceId == null ? null : _devices.GetOrAdd(outcome.DeviceId, _ => new DeviceActivity());
                if (outcome.Stored)
                {
                    Interlocked.Increment(ref _stored);
                    if (outcome.Late)
                    {
                        Interlocked.Increment(ref _late);
                    }

                    device?.OnStored(messages[i].ReceivedMs, outcome.QueueDrops);
                }
                else if (outcome.StateAccepted)
                {
                    Interlocked.Increment(ref outcome.Result == TelemetryResult.StateRecorded ? ref _statesRecorded : ref _statesUnchanged);
                    if (outcome.Presence != null)
                    {
                        device?.OnPresence(outcome.Presence);
                    }
                }
                else
                {
                    Interlocked.Increment(ref _rejected);
                    Interlocked.Increment(ref _byResult[(int)outcome.Result & 31]);
                    if (outcome.StateTopic)
                    {
                        Interlocked.Increment(ref _stateRejections);
                    }

                    device?.OnRejected();
                }
            }
        }

        /// <summary>One device's activity in this monitor.</summary>
        public sealed class DeviceActivity
        {
            private long _messages;
            private long _rejections;
            private long _lastSeenMs;
            private long _queueDrops;
            private int _presence = -1;
            private long _sinceMs;

            /// <summary>Messages stored.</summary>
            public long Messages => Interlocked.Read(ref _messages);

            /// <summary>Rejections.</summary>
            public long Rejections => Interlocked.Read(ref _rejections);

            /// <summary>Unix milliseconds of the last stored message.</summary>
            public long LastSeenMs => Interlocked.Read(ref _lastSeenMs);

            /// <summary>The device's queue-drop total from its newest stored telemetry.</summary>
            public long QueueDrops => Interlocked.Read(ref _queueDrops);

            /// <summary>True or false once a state of the device was recorded or confirmed in this run (broker-asserted); null before.</summary>
            public bool? Online
            {
                get
                {
                    int presence = Volatile.Read(ref _presence);
                    return presence < 0 ? null : presence == 1;
                }
            }

            /// <summary>Unix milliseconds since which <see cref="Online"/> holds, as recorded.</summary>
            public long SinceMs => Interlocked.Read(ref _sinceMs);

            internal void OnPresence(DevicePresence presence)
            {
                Interlocked.Exchange(ref _sinceMs, presence.SinceMs);
                Volatile.Write(ref _presence, presence.Online ? 1 : 0);
            }

            internal void OnStored(long receivedMs, long queueDrops)
            {
                Interlocked.Increment(ref _messages);
                Interlocked.Exchange(ref _queueDrops, queueDrops);
                long seen = Interlocked.Read(ref _lastSeenMs);
                if (receivedMs > seen)
                {
                    Interlocked.Exchange(ref _lastSeenMs, receivedMs);
                }
            }

            internal void OnRejected() => Interlocked.Increment(ref _rejections);
        }
    }
}
