using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Receives every security decision the core makes (package verified or rejected and why,
    /// staged, confirmed, reverted, floor raised, revocation list stored, root rotated, staging
    /// resumed or interrupted, boot): the seam the tamper-evident event log will sit behind.
    /// </summary>
    /// <remarks>
    /// Shape: a <see cref="SecurityEventCode"/> and one 64-bit detail whose meaning each code
    /// documents (an <see cref="UpdateResult"/>, a security counter, a version, a slot, a byte
    /// offset). Both are values: recording an event allocates nothing in the core, and a record fits a
    /// fixed-size log slot. Context that is larger (digests, key ids, versions) is in the device state
    /// at the time of the event, which a log may copy from.
    /// Timing: called synchronously on the deciding thread, in decision order, after the state record
    /// that makes a decision durable is written, so an event never reports what the device did not
    /// do; a power cut between that write and the call can lose the event. Keep it short: it runs in
    /// the middle of an update. An exception propagates to the engine's caller like a storage fault,
    /// so implementations count their own failures rather than throw.
    /// Compatibility: new codes may be added; an implementation must accept codes it does not know.
    /// </remarks>
    public interface IEventSink
    {
        /// <summary>Records one decision: <paramref name="code"/> with its <paramref name="detail"/>.</summary>
        void Record(SecurityEventCode code, long detail);
    }
}
