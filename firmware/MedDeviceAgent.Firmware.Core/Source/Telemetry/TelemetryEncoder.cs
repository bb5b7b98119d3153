using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Telemetry
{
    /// <summary>
    /// The device side: encodes a <see cref="TelemetryMessage"/> as its payload map inside a COSE_Mac0 tagged
    /// with the device's telemetry key (through <see cref="IMessageAuthenticator"/>) and its key id.
    /// </summary>
    /// <remarks>
    /// Allocation-bounded: every buffer (payload writer, COSE_Mac0 writers) is allocated in the constructor
    /// for <see cref="MaxMessageSize"/>, about 1.2 KB in all; <see cref="Encode"/> allocates nothing itself
    /// (measured on the host build: 0 bytes per message with the portable authenticator; the device's native
    /// HMAC adapter adds its 32-byte result and, for a sub-range, a copy of the MAC_structure). The output is
    /// valid until the next <see cref="Encode"/>: copy it (<see cref="ToArray"/>) to queue it.
    /// Not thread-safe.
    /// </remarks>
    public sealed class TelemetryEncoder
    {
        /// <summary>Largest telemetry message (COSE_Mac0 bytes) the device writes and the receiver accepts.</summary>
        public const int MaxMessageSize = TelemetryPayloadCodec.MaxPayloadSize + CoseMac0.MaxOverhead;

        private readonly IMessageAuthenticator _authenticator;
        private readonly byte[] _keyId;
        private readonly CborWriter _payload = new CborWriter(TelemetryPayloadCodec.MaxPayloadSize);
        private readonly CoseMac0 _cose = new CoseMac0(MaxMessageSize);

        /// <summary>Creates an encoder that tags with <paramref name="authenticator"/> and names <paramref name="keyId"/> (copied) as the kid.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The key id is empty or longer than <see cref="CoseMac0.MaxKeyIdLength"/> bytes.</exception>
        public TelemetryEncoder(IMessageAuthenticator authenticator, byte[] keyId)
        {
            if (authenticator == null)
            {
                throw new ArgumentNullException(nameof(authenticator));
            }

            if (keyId == null)
            {
                throw new ArgumentNullException(nameof(keyId));
            }

            if (keyId.Length < 1 || keyId.Length > CoseMac0.MaxKeyIdLength)
            {
                throw new ArgumentOutOfRangeException(nameof(keyId));
            }

            _authenticator = authenticator;
            _keyId = new byte[keyId.Length];
            Array.Copy(keyId, _keyId, keyId.Length);
        }

        /// <summary>The output of the last <see cref="Encode"/>: its first <see cref="Length"/> bytes.</summary>
        public byte[] Buffer
        {
            get { return _cose.EncodedBuffer; }
        }

        /// <summary>Length of the last <see cref="Encode"/>'s output.</summary>
        public int Length
        {
            get { return _cose.EncodedLength; }
        }

        /// <summary>Encodes <paramref name="message"/>; returns the length of <see cref="Buffer"/>'s output.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> or its firmware version is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A field is out of range (see <see cref="TelemetryMessage"/>).</exception>
        public int Encode(TelemetryMessage message)
        {
            _payload.Reset();
            TelemetryPayloadCodec.Write(_payload, message);
            return _cose.Encode(_keyId, 0, _keyId.Length, _payload.Buffer, 0, _payload.Length, _authenticator);
        }

        /// <summary>Copies the last output (for a queue that keeps byte[] messages).</summary>
        /// <remarks>Allocates <see cref="Length"/> bytes.</remarks>
        public byte[] ToArray()
        {
            byte[] copy = new byte[Length];
            Array.Copy(Buffer, 0, copy, 0, Length);
            return copy;
        }
    }
}
