using System;
using MedDeviceAgent.VirtualDevice.Platform;
using MQTTnet.Formatter;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>The setters of the transport options: defaults, and every value they must refuse.</summary>
    public sealed class MqttTransportOptionsTests
    {
        [Fact]
        public void Defaults_MatchTheDeviceClient()
        {
            MqttTransportOptions options = new MqttTransportOptions();

            Assert.Equal(MqttProtocolVersion.V311, options.ProtocolVersion);
            Assert.Equal(60, options.KeepAliveSeconds);
            Assert.Equal(1883, options.Port);
            Assert.False(options.UseTls);
            Assert.Null(options.UserName);
            Assert.Null(options.CaCertificatePem);
            Assert.Null(options.ClientCertificatePem);
            Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(10), options.OperationTimeout);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(65536)]
        public void Port_OutOfRange_Throws(int port)
        {
            MqttTransportOptions options = new MqttTransportOptions();
            Assert.Throws<ArgumentOutOfRangeException>(() => options.Port = port);
            Assert.Equal(1883, options.Port);
        }

        [Fact]
        public void Host_EmptyOrBlank_Throws()
        {
            MqttTransportOptions options = new MqttTransportOptions();
            Assert.Throws<ArgumentException>(() => options.Host = string.Empty);
            Assert.Throws<ArgumentException>(() => options.Host = "  ");
            Assert.Throws<ArgumentNullException>(() => options.Host = null!);
        }

        [Fact]
        public void UserName_Empty_Throws()
        {
            MqttTransportOptions options = new MqttTransportOptions();
            Assert.Throws<ArgumentException>(() => options.UserName = string.Empty);
            options.UserName = null;
            Assert.Null(options.UserName);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(65536)]
        public void KeepAliveSeconds_OutOfRange_Throws(int seconds)
        {
            MqttTransportOptions options = new MqttTransportOptions();
            Assert.Throws<ArgumentOutOfRangeException>(() => options.KeepAliveSeconds = seconds);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1000)]
        [InlineData(301_000)]
        public void Timeouts_ZeroNegativeOrAboveFiveMinutes_Throw(int milliseconds)
        {
            MqttTransportOptions options = new MqttTransportOptions();
            TimeSpan value = TimeSpan.FromMilliseconds(milliseconds);
            Assert.Throws<ArgumentOutOfRangeException>(() => options.ConnectTimeout = value);
            Assert.Throws<ArgumentOutOfRangeException>(() => options.OperationTimeout = value);
        }

        [Theory]
        [InlineData(MqttProtocolVersion.Unknown)]
        [InlineData(MqttProtocolVersion.V310)]
        public void ProtocolVersion_Unsupported_Throws(MqttProtocolVersion version)
        {
            MqttTransportOptions options = new MqttTransportOptions();
            Assert.Throws<ArgumentOutOfRangeException>(() => options.ProtocolVersion = version);
            options.ProtocolVersion = MqttProtocolVersion.V500;
            Assert.Equal(MqttProtocolVersion.V500, options.ProtocolVersion);
        }

        [Fact]
        public void CaCertificatePem_NotPemOrNotCa_Throws()
        {
            TestCertificates chain = new TestCertificates("options CA");
            MqttTransportOptions options = new MqttTransportOptions();

            Assert.Throws<ArgumentException>(() => options.CaCertificatePem = "not a certificate");
            Assert.Throws<ArgumentException>(() => options.CaCertificatePem = chain.IssueClient("leaf").CertificatePem);
            Assert.Null(options.CaCertificatePem);
            options.CaCertificatePem = chain.CaPem;
            Assert.Equal(chain.CaPem, options.CaCertificatePem);
        }

        [Fact]
        public void SetClientCertificate_KeyOfAnotherCertificateOrHalfPair_Throws()
        {
            TestCertificates chain = new TestCertificates("options CA");
            (string certificate, string key) = chain.IssueClient("device-a");
            (string _, string otherKey) = chain.IssueClient("device-b");
            MqttTransportOptions options = new MqttTransportOptions();

            Assert.Throws<ArgumentException>(() => options.SetClientCertificate(certificate, otherKey));
            Assert.Throws<ArgumentNullException>(() => options.SetClientCertificate(certificate, null));
            Assert.Throws<ArgumentNullException>(() => options.SetClientCertificate(null, key));
            Assert.Null(options.ClientCertificatePem);

            options.SetClientCertificate(certificate, key);
            Assert.Equal(certificate, options.ClientCertificatePem);
            options.SetClientCertificate(null, null);
            Assert.Null(options.ClientKeyPem);
        }

        [Fact]
        public void Constructor_NullOptions_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => new MqttNetTransport(null!));
        }
    }
}
