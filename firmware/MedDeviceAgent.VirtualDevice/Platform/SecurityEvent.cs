using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>One decision recorded by <see cref="RecordingEventSink"/>: the code and its detail (meaning per <see cref="SecurityEventCode"/>).</summary>
    /// <param name="Code">What was decided.</param>
    /// <param name="Detail">The code's detail: a result, counter, version, slot or byte offset.</param>
    public readonly record struct SecurityEvent(SecurityEventCode Code, long Detail)
    {
        /// <summary>The event as text, e.g. <c>UpdateRejected 30 (BadSignature)</c>.</summary>
        public override string ToString()
        {
            string detail = Detail.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Code == SecurityEventCode.UpdateRejected ? Code + " " + detail + " (" + (UpdateResult)Detail + ")" : Code + " " + detail;
        }
    }
}
