namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Receives progress while a payload is streamed (called synchronously, once per chunk).</summary>
    public interface IPayloadProgress
    {
        /// <summary><paramref name="done"/> of <paramref name="total"/> payload bytes have been through <paramref name="phase"/> ("hashing", "writing").</summary>
        void Report(string phase, long done, long total);
    }
}
