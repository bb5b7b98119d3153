using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>--broker-host values as they go into the broker certificate's subjectAltName.</summary>
    public sealed class BrokerHostTests
    {
        [Fact]
        public void Normalize_MixedNames_CanonicalIpsLowerCaseDnsNoDuplicates()
        {
            var hosts = BrokerHost.Normalize(new[] { "Broker.Example", "broker.example", "0:0:0:0:0:0:0:1", "::1", "10.0.0.1" });

            Assert.Equal(new[] { "broker.example", "::1", "10.0.0.1" }, hosts);
        }

        [Theory]
        [InlineData("127.0.0.1", true)]
        [InlineData("fd00::7", true)]
        [InlineData("localhost", false)]
        [InlineData("1", false)]
        public void IsIpAddress_Literal_OnlyFullAddresses(string host, bool expected)
        {
            Assert.Equal(expected, BrokerHost.IsIpAddress(host));
        }

        [Theory]
        [InlineData("bad host")]
        [InlineData("-leading.example")]
        [InlineData("*.example.org")]
        [InlineData("")]
        public void Normalize_NotAHostName_InvalidArgument(string host)
        {
            CompanionException e = Assert.Throws<CompanionException>(() => BrokerHost.Normalize(new[] { host }));

            Assert.Equal(CompanionErrorKind.InvalidArgument, e.Kind);
        }

        [Fact]
        public void Normalize_Empty_InvalidArgument()
        {
            Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => BrokerHost.Normalize(new string[0])).Kind);
        }
    }
}
