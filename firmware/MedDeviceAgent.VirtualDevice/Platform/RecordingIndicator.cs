using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>An indicator that remembers every state it was asked to show.</summary>
    public sealed class RecordingIndicator : IIndicator
    {
        private readonly List<IndicatorState> _history = new List<IndicatorState>();

        /// <summary>The states shown, oldest first.</summary>
        public IReadOnlyList<IndicatorState> History => _history;

        /// <summary>The state shown now.</summary>
        public IndicatorState Current { get; private set; }

        /// <inheritdoc />
        public void Show(IndicatorState state)
        {
            Current = state;
            _history.Add(state);
        }
    }
}
