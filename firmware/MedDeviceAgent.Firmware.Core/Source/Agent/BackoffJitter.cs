namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>How a <see cref="ReconnectBackoff"/> randomises its delays, so that a fleet that lost its broker does not reconnect in step.</summary>
    public enum BackoffJitter
    {
        /// <summary>Full jitter: uniform in [0, min(cap, base * 2^attempt)].</summary>
        Full = 0,

        /// <summary>Decorrelated jitter: uniform in [base, min(cap, 3 * previous delay)], starting from base.</summary>
        Decorrelated = 1,
    }
}
