using Xunit;

namespace MedDeviceAgent.Ingest.Tests.Support
{
    /// <summary>The tests that share <see cref="IngestFixture"/>'s PKI and brokers.</summary>
    [CollectionDefinition(Name)]
    public sealed class IngestCollection : ICollectionFixture<IngestFixture>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "ingest";
    }
}
