using System;
using MedDeviceAgent.Firmware.Core.Trust;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Everything the device must remember across resets, persisted as one power-safe record by
    /// <see cref="Storage.StateStore"/> through <see cref="DeviceStateCodec"/>: the trust state
    /// (identity, root, revocation list) and the update state (images, floor, pending update).
    /// </summary>
    /// <remarks>
    /// RAM: about 1 KB, all allocated at construction; saving and loading reuse it (no allocation),
    /// which keeps per-block staging checkpoints allocation-free.
    /// </remarks>
    public sealed class DeviceState
    {
        /// <summary>Creates an empty state.</summary>
        public DeviceState()
        {
            Trust = new TrustState();
            Update = new UpdateState();
        }

        /// <summary>Identity, root of trust and stored revocation list.</summary>
        public TrustState Trust { get; private set; }

        /// <summary>Images, security floor and the pending update.</summary>
        public UpdateState Update { get; private set; }

        /// <summary>Copies every field of <paramref name="other"/> into this instance.</summary>
        public void CopyFrom(DeviceState other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            Trust.CopyFrom(other.Trust);
            Update.CopyFrom(other.Update);
        }
    }
}
