namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// Tests that measure the current thread's allocations run alone: the verifiers share one
    /// workspace under a lock, and contention from parallel tests would add the runtime's own
    /// lock bookkeeping to the measurement.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SerialCollection
    {
        public const string Name = "Serial (allocation measurements)";
    }
}
