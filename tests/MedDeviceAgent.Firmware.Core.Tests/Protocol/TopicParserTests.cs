using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Tests.Protocol
{
    /// <summary>The topic tree builders and the strict parser of received topics.</summary>
    public class TopicParserTests
    {
        [Fact]
        public void Builders_DeviceTopics_FollowTheTree()
        {
            Assert.Equal("mda/v1/infusion-pump/dev-01/telemetry", Topics.TelemetryTopic("infusion-pump", "dev-01"));
            Assert.Equal("mda/v1/infusion-pump/dev-01/events", Topics.EventsTopic("infusion-pump", "dev-01"));
            Assert.Equal("mda/v1/infusion-pump/dev-01/state", Topics.StateTopic("infusion-pump", "dev-01"));
            Assert.Equal("mda/v1/infusion-pump/dev-01/cmd/#", Topics.CommandFilter("infusion-pump", "dev-01"));
            Assert.Equal("mda/v1/infusion-pump/dev-01/update/#", Topics.UpdateFilter("infusion-pump", "dev-01"));
        }

        [Theory]
        [InlineData("mda/v1/pump/dev-01/telemetry", "pump", "dev-01", "telemetry")]
        [InlineData("mda/v1/pump/dev-01/cmd/result", "pump", "dev-01", "cmd/result")]
        [InlineData("mda/v1/A.b_c-9/Z/update/offer", "A.b_c-9", "Z", "update/offer")]
        public void Parse_DeviceTopic_ExtractsClassIdAndLeaf(string topic, string deviceClass, string deviceId, string leaf)
        {
            Assert.Equal(TopicParseResult.Ok, TopicParser.Parse(topic, out string c, out string i, out string l));
            Assert.Equal(deviceClass, c);
            Assert.Equal(deviceId, i);
            Assert.Equal(leaf, l);
        }

        [Theory]
        [InlineData(null, TopicParseResult.BadLength)]
        [InlineData("", TopicParseResult.BadLength)]
        [InlineData("mda/v2/pump/dev/telemetry", TopicParseResult.WrongRoot)]
        [InlineData("/mda/v1/pump/dev/telemetry", TopicParseResult.WrongRoot)]
        [InlineData("mda/v1/pump/dev", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/pump/dev/", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/pump", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1//dev/telemetry", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/pump//telemetry", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/pump/dev/cmd//x", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/pump/dev/cmd/", TopicParseResult.MissingLevel)]
        [InlineData("mda/v1/+/dev/telemetry", TopicParseResult.InvalidClass)]
        [InlineData("mda/v1/#/dev/telemetry", TopicParseResult.InvalidClass)]
        [InlineData("mda/v1/pump/+/telemetry", TopicParseResult.InvalidId)]
        [InlineData("mda/v1/pump/#/telemetry", TopicParseResult.InvalidId)]
        [InlineData("mda/v1/pump/de v/telemetry", TopicParseResult.InvalidId)]
        [InlineData("mda/v1/pump/dév/telemetry", TopicParseResult.InvalidId)]
        [InlineData("mda/v1/pump/dev/cmd/#", TopicParseResult.InvalidLeaf)]
        [InlineData("mda/v1/pump/dev/+", TopicParseResult.InvalidLeaf)]
        [InlineData("mda/v1/pump/dev/tele\0metry", TopicParseResult.InvalidLeaf)]
        public void Parse_MalformedTopic_Refused(string? topic, TopicParseResult expected)
        {
            Assert.Equal(expected, TopicParser.Parse(topic!, out string c, out string i, out string l));
            Assert.Null(c);
            Assert.Null(i);
            Assert.Null(l);
        }

        [Fact]
        public void Parse_OversizedIdOrTopic_Refused()
        {
            string id64 = new string('a', 64);
            Assert.Equal(TopicParseResult.Ok, TopicParser.Parse(Topics.TelemetryTopic(id64, id64), out _, out _, out _));
            Assert.Equal(TopicParseResult.InvalidId, TopicParser.Parse(Topics.TelemetryTopic("pump", id64 + "a"), out _, out _, out _));
            Assert.Equal(TopicParseResult.InvalidClass, TopicParser.Parse(Topics.TelemetryTopic(id64 + "a", "dev"), out _, out _, out _));
            Assert.Equal(TopicParseResult.BadLength, TopicParser.Parse(Topics.ForDevice("pump", "dev", new string('x', TopicParser.MaxTopicLength)), out _, out _, out _));
        }

        [Theory]
        [InlineData("a", true)]
        [InlineData("Dev_01.x-Y", true)]
        [InlineData("", false)]
        [InlineData("a/b", false)]
        [InlineData("a+", false)]
        [InlineData("a#", false)]
        public void IsValidIdentifier_Value_FollowsIdentifierRule(string value, bool expected)
        {
            Assert.Equal(expected, TopicParser.IsValidIdentifier(value));
        }
    }
}
