using System;
using System.Collections;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Telemetry
{
    /// <summary>
    /// The receiving side of telemetry: verifies one message against the topic it came on and the devices
    /// registered with their keys, and keeps each device's (boot, sequence) high-water mark so that forged,
    /// altered, replayed and reordered messages are rejected and gaps are reported.
    /// </summary>
    /// <remarks>
    /// <para>Order of checks (fail closed, first failure wins): size (1..<see cref="TelemetryEncoder.MaxMessageSize"/>),
    /// topic (<c>mda/v1/{class}/{id}/telemetry</c>), registered device for that class and id, COSE_Mac0
    /// structure and algorithm, key id equal to the device's (a message of another device, re-published on
    /// this topic, is <see cref="TelemetryResult.WrongDevice"/>), MAC with the device's key (constant-time
    /// compare), payload, then ordering: a lower boot counter is <see cref="TelemetryResult.StaleBoot"/>, the
    /// same boot and sequence <see cref="TelemetryResult.Replayed"/>, the same boot and a lower sequence
    /// <see cref="TelemetryResult.Reordered"/>. A newer message is accepted; when messages before it are
    /// missing (same boot: sequence above last + 1; newer boot: sequence above 0) the result is
    /// <see cref="TelemetryResult.AcceptedAfterGap"/> and <see cref="Gap"/> counts them. Only an accepted
    /// message moves the high-water mark.</para>
    /// <para>RAM: a COSE_Mac0 instance and a reader (about 1.2 KB), the device list; per message, the
    /// decoded firmware version string. Lookup is linear in the number of devices (an ingest for a large
    /// fleet keeps one verifier per shard, or indexes devices itself). Not thread-safe.</para>
    /// </remarks>
    public sealed class TelemetryVerifier
    {
        private readonly ArrayList _devices = new ArrayList();
        private readonly CoseMac0 _cose = new CoseMac0(TelemetryEncoder.MaxMessageSize);
        private readonly CborReader _reader;
        private readonly TelemetryMessage _message = new TelemetryMessage();
        private readonly byte[] _empty = new byte[0];

        /// <summary>Creates a verifier with no devices.</summary>
        public TelemetryVerifier()
        {
            _reader = new CborReader(_empty, 0, 0, 1, TelemetryEncoder.MaxMessageSize, true);
        }

        /// <summary>After <see cref="Verify"/>: the decoded message (valid only when accepted). Reused.</summary>
        public TelemetryMessage Message
        {
            get { return _message; }
        }

        /// <summary>After <see cref="Verify"/>: the device the topic named, or null when none was found.</summary>
        public TelemetryDevice Device { get; private set; }

        /// <summary>After <see cref="Verify"/>: messages missing before an accepted one (0 unless <see cref="TelemetryResult.AcceptedAfterGap"/>).</summary>
        public long Gap { get; private set; }

        /// <summary>Number of registered devices.</summary>
        public int DeviceCount
        {
            get { return _devices.Count; }
        }

        /// <summary>Registers <paramref name="device"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="device"/> is null.</exception>
        /// <exception cref="ArgumentException">A device with the same id is registered already.</exception>
        public void Register(TelemetryDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            if (Find(device.DeviceId) != null)
            {
                throw new ArgumentException("device registered twice", nameof(device));
            }

            _devices.Add(device);
        }

        /// <summary>The registered device with id <paramref name="deviceId"/>, or null.</summary>
        public TelemetryDevice Find(string deviceId)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                TelemetryDevice device = (TelemetryDevice)_devices[i];
                if (device.DeviceId == deviceId)
                {
                    return device;
                }
            }

            return null;
        }

        /// <summary>
        /// Verifies <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>,
        /// received on <paramref name="topic"/>. Every result but <see cref="TelemetryResult.Accepted"/> and
        /// <see cref="TelemetryResult.AcceptedAfterGap"/> is a rejection and changes no state.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="buffer"/>.</exception>
        public TelemetryResult Verify(string topic, byte[] buffer, int offset, int count)
        {
            Sha256.CheckRange(buffer, offset, count);
            Device = null;
            Gap = 0;
            if (count == 0 || count > TelemetryEncoder.MaxMessageSize)
            {
                return TelemetryResult.TooLarge;
            }

            string deviceClass;
            string deviceId;
            string leaf;
            if (TopicParser.Parse(topic, out deviceClass, out deviceId, out leaf) != TopicParseResult.Ok || leaf != Topics.Telemetry)
            {
                return TelemetryResult.InvalidTopic;
            }

            TelemetryDevice device = Find(deviceId);
            if (device == null || device.DeviceClass != deviceClass)
            {
                return TelemetryResult.UnknownDevice;
            }

            Device = device;
            CoseMac0Error error = _cose.Parse(buffer, offset, count);
            if (error != CoseMac0Error.None)
            {
                return MapParseError(error);
            }

            byte[] kid = device.KeyId;
            if (_cose.KeyIdLength != kid.Length || !ConstantTime.AreEqual(kid, 0, buffer, _cose.KeyIdOffset, kid.Length))
            {
                return TelemetryResult.WrongDevice;
            }

            if (_cose.Verify(device.Authenticator) != CoseMac0Error.None)
            {
                return TelemetryResult.BadMac;
            }

            if (!TelemetryPayloadCodec.TryRead(_reader, buffer, _cose.PayloadOffset, _cose.PayloadLength, _message))
            {
                return TelemetryResult.InvalidPayload;
            }

            return Order(device, _message.Boot, _message.Sequence);
        }

        private TelemetryResult Order(TelemetryDevice device, long boot, long sequence)
        {
            long gap;
            if (boot < device.LastBoot)
            {
                return TelemetryResult.StaleBoot;
            }

            if (boot == device.LastBoot)
            {
                if (sequence == device.LastSequence)
                {
                    return TelemetryResult.Replayed;
                }

                if (sequence < device.LastSequence)
                {
                    return TelemetryResult.Reordered;
                }

                gap = sequence - device.LastSequence - 1;
            }
            else
            {
                gap = sequence;
            }

            device.LastBoot = boot;
            device.LastSequence = sequence;
            Gap = gap;
            return gap == 0 ? TelemetryResult.Accepted : TelemetryResult.AcceptedAfterGap;
        }

        private static TelemetryResult MapParseError(CoseMac0Error error)
        {
            switch (error)
            {
                case CoseMac0Error.TooLarge:
                    return TelemetryResult.TooLarge;
                case CoseMac0Error.MalformedCbor:
                    return TelemetryResult.MalformedCbor;
                case CoseMac0Error.UnsupportedAlgorithm:
                    return TelemetryResult.UnsupportedAlgorithm;
                default:
                    return TelemetryResult.InvalidCose;
            }
        }
    }
}
