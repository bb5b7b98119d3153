using System;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// What the device remembers about its images: the confirmed one and its slot, the
    /// security-counter floor, and where a pending update stands. Part of the persisted device
    /// state, changed only by <see cref="UpdateEngine"/>.
    /// </summary>
    /// <remarks>RAM: about 250 bytes, allocated at construction; loading and saving reuse it.</remarks>
    public sealed class UpdateState
    {
        /// <summary>Creates an empty state: slot 0, no image, floor 0, nothing pending.</summary>
        public UpdateState()
        {
            Active = new ImageInfo();
            Pending = new ImageInfo();
        }

        /// <summary>The slot (0 or 1) holding the confirmed image.</summary>
        public int ActiveSlot { get; set; }

        /// <summary>The confirmed image.</summary>
        public ImageInfo Active { get; private set; }

        /// <summary>The confirmed security-counter floor: packages below it are rollbacks. Never lowered.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>Where the pending update stands.</summary>
        public UpdatePhase Phase { get; set; }

        /// <summary>The slot the pending update is written to.</summary>
        public int PendingSlot { get; set; }

        /// <summary>The pending image.</summary>
        public ImageInfo Pending { get; private set; }

        /// <summary>Bytes of the pending payload durably staged (resume point) while <see cref="Phase"/> is Staging.</summary>
        public int StagedBytes { get; set; }

        /// <summary>
        /// The result of the last update attempt (an <c>UpdateResult</c> value). Rejections before
        /// staging are kept in RAM only (never written to flash); staging failures, reverts and
        /// confirmations are persisted.
        /// </summary>
        public int LastResult { get; set; }

        /// <summary>Number of boots recorded.</summary>
        public int BootCount { get; set; }

        /// <summary>Copies every field of <paramref name="other"/> into this instance.</summary>
        public void CopyFrom(UpdateState other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            ActiveSlot = other.ActiveSlot;
            Active.CopyFrom(other.Active);
            SecurityFloor = other.SecurityFloor;
            Phase = other.Phase;
            PendingSlot = other.PendingSlot;
            Pending.CopyFrom(other.Pending);
            StagedBytes = other.StagedBytes;
            LastResult = other.LastResult;
            BootCount = other.BootCount;
        }
    }
}
