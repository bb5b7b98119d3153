namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>Sequences first..last (inclusive) of one boot of one device that were skipped when a newer message was accepted.</summary>
    public sealed class GapRange
    {
        /// <summary>Holds the range.</summary>
        public GapRange(string deviceId, long boot, long first, long last)
        {
            DeviceId = deviceId;
            Boot = boot;
            First = first;
            Last = last;
        }

        /// <summary>Device id.</summary>
        public string DeviceId { get; }

        /// <summary>Boot counter.</summary>
        public long Boot { get; }

        /// <summary>First missing sequence.</summary>
        public long First { get; }

        /// <summary>Last missing sequence.</summary>
        public long Last { get; }

        /// <summary>Number of missing messages.</summary>
        public long Count => Last - First + 1;
    }
}
