namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>A user-visible indicator (LED).</summary>
    public interface IIndicator
    {
        /// <summary>Shows <paramref name="state"/> until the next call.</summary>
        void Show(IndicatorState state);
    }
}
