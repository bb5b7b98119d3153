using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// <see cref="IMessageAuthenticator"/> over the portable <see cref="HmacSha256"/>: the host's (virtual
    /// device, companion ingest) and a fallback for a device without the native HMAC.
    /// </summary>
    /// <remarks>
    /// RAM: one keyed <see cref="HmacSha256"/> (about 900 bytes) allocated in the constructor;
    /// <see cref="ComputeTag"/> allocates nothing. Not thread-safe: one instance per thread.
    /// </remarks>
    public sealed class PortableMessageAuthenticator : IMessageAuthenticator
    {
        private readonly HmacSha256 _hmac;

        /// <summary>Keys the authenticator with a copy of <paramref name="count"/> bytes of <paramref name="key"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="key"/>.</exception>
        public PortableMessageAuthenticator(byte[] key, int offset, int count)
        {
            _hmac = new HmacSha256(key, offset, count);
        }

        /// <inheritdoc />
        public void ComputeTag(byte[] data, int offset, int count, byte[] tag, int tagOffset)
        {
            Sha256.CheckRange(tag, tagOffset, HmacSha256.TagSize);
            _hmac.Restart();
            _hmac.Update(data, offset, count);
            _hmac.Finish(tag, tagOffset);
        }
    }
}
