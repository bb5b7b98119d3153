namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>
    /// Tests that run mda commands read or change the process-wide MDA_PASSPHRASE variable, so they
    /// share this collection: run one at a time and never alongside another collection.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class CliCollection
    {
        public const string Name = "mda CLI (process environment)";
    }
}
