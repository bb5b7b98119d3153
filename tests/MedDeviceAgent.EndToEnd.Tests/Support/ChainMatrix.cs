using System.Collections.Generic;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>Theory data of the chain tests: brokers crossed with stores.</summary>
    public static class ChainMatrix
    {
        /// <summary>Every broker with every store.</summary>
        public static IEnumerable<object[]> BrokersAndStores => new[]
        {
            new object[] { ChainBroker.Embedded, StoreKind.Sqlite },
            new object[] { ChainBroker.Embedded, StoreKind.Postgres },
            new object[] { ChainBroker.Mosquitto, StoreKind.Sqlite },
            new object[] { ChainBroker.Mosquitto, StoreKind.Postgres },
        };

        /// <summary>
        /// Mosquitto with every store: for the broker restart, which only Mosquitto survives today (persistence from
        /// mosquitto-config); the embedded broker keeps its sessions in memory (docs/broker.md, "Known gaps").
        /// </summary>
        public static IEnumerable<object[]> MosquittoAndStores => new[]
        {
            new object[] { ChainBroker.Mosquitto, StoreKind.Sqlite },
            new object[] { ChainBroker.Mosquitto, StoreKind.Postgres },
        };
    }
}
