using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The deny-by-default topic ACL, decision by decision.</summary>
    public sealed class TopicAclTests
    {
        private static readonly TopicAcl Acl = new TopicAcl(new OperatorNames(new[] { "ops-1" }));

        [Theory]
        [InlineData("mda/v1/pump/dev-a/telemetry", true)]
        [InlineData("mda/v1/pump/dev-a/state", true)]
        [InlineData("mda/v1/pump/dev-a", true)]
        [InlineData("mda/v1/pump/dev-b/telemetry", false)]
        [InlineData("mda/v1/pump/dev-a2/telemetry", false)]
        [InlineData("mda/v1/dev-a/telemetry", false)]
        [InlineData("mda/v2/pump/dev-a/telemetry", false)]
        [InlineData("other/v1/pump/dev-a/telemetry", false)]
        [InlineData("mda/v1//dev-a/telemetry", false)]
        [InlineData("mda/v1/pump/DEV-A/telemetry", false)]
        [InlineData("$SYS/broker/clients", false)]
        [InlineData("", false)]
        public void MayPublish_Device_OnlyUnderOwnId(string topic, bool allowed)
        {
            Assert.Equal(allowed, Acl.MayPublish("dev-a", topic));
        }

        [Theory]
        [InlineData("mda/v1/pump/dev-a/cmd/#", true)]
        [InlineData("mda/v1/+/dev-a/#", true)]
        [InlineData("mda/v1/pump/dev-a", true)]
        [InlineData("mda/v1/+/dev-b/#", false)]
        [InlineData("mda/v1/pump/+/cmd/#", false)]
        [InlineData("mda/v1/#", false)]
        [InlineData("#", false)]
        [InlineData("mda/v1/pump/#", false)]
        [InlineData("$share/g/mda/v1/pump/dev-a/#", false)]
        [InlineData("mda/v1/pump/dev-a/#/x", false)]
        [InlineData("mda/v1/pump/dev-a+/#", false)]
        public void MaySubscribe_Device_OnlyUnderOwnId(string filter, bool allowed)
        {
            Assert.Equal(allowed, Acl.MaySubscribe("dev-a", filter));
        }

        [Theory]
        [InlineData("mda/v1/pump/dev-a/cmd/reboot", true)]
        [InlineData("mda/v1/pump/dev-a/cmd", true)]
        [InlineData("mda/v1/pump/dev-a/update/offer", true)]
        [InlineData("mda/v1/pump/dev-a/telemetry", false)]
        [InlineData("mda/v1/pump/dev-a/state", false)]
        [InlineData("mda/v1/pump/ops-1/telemetry", false)]
        [InlineData("mda/v1/pump/dev-a/x/cmd", false)]
        public void MayPublish_Operator_OnlyCommandsAndUpdates(string topic, bool allowed)
        {
            Assert.Equal(allowed, Acl.MayPublish("ops-1", topic));
        }

        [Theory]
        [InlineData("mda/v1/#", true)]
        [InlineData("mda/v1/+/+/telemetry", true)]
        [InlineData("$share/ingest/mda/v1/+/+/telemetry", true)]
        [InlineData("#", false)]
        [InlineData("$SYS/#", false)]
        [InlineData("mda/#", false)]
        public void MaySubscribe_Operator_ReadsEverythingUnderRoot(string filter, bool allowed)
        {
            Assert.Equal(allowed, Acl.MaySubscribe("ops-1", filter));
        }
    }
}
