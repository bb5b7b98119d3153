namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>The chain tests: one PKI, run one after another (each starts its own brokers, devices and monitors).</summary>
    [CollectionDefinition(Name)]
    public sealed class ChainCollection : ICollectionFixture<ChainFixture>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "chain";
    }
}
