namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>The tests that share the two brokers of <see cref="BrokersFixture"/>.</summary>
    [CollectionDefinition(Name)]
    public sealed class BrokersCollection : ICollectionFixture<BrokersFixture>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "brokers";
    }
}
