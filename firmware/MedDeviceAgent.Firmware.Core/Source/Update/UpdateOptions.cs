using System;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>Tuning of payload staging, with validated setters.</summary>
    public sealed class UpdateOptions
    {
        private int _blockSize = 4096;
        private int _checkpointEveryBlocks = 16;

        /// <summary>Bytes read, hashed and written per step (512..65536, default 4096).</summary>
        /// <remarks>The staging buffer is this large: it is the bulk of the RAM an update needs.</remarks>
        public int BlockSize
        {
            get
            {
                return _blockSize;
            }

            set
            {
                if (value < 512 || value > 65536)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "BlockSize is 512..65536");
                }

                _blockSize = value;
            }
        }

        /// <summary>
        /// Blocks between two durable resume points (1..1024, default 16). Lower resumes closer to a
        /// power cut and costs one state-record write per checkpoint (flash wear).
        /// </summary>
        public int CheckpointEveryBlocks
        {
            get
            {
                return _checkpointEveryBlocks;
            }

            set
            {
                if (value < 1 || value > 1024)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "CheckpointEveryBlocks is 1..1024");
                }

                _checkpointEveryBlocks = value;
            }
        }
    }
}
