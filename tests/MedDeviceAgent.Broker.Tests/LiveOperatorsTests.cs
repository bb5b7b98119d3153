using System;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The operators as the broker sees them: the live operator certificates of the PKI's register, followed while it runs.</summary>
    public sealed class LiveOperatorsTests
    {
        [Fact]
        public void LiveOperators_FromRegister_LiveNamesSortedAndBadNamesRefused()
        {
            using TestPki pki = new TestPki("ops-2", "ops-1");
            pki.IssueClient("dev-a");
            LiveOperators live = pki.Files.OpenOperators();
            Assert.Equal(new[] { "ops-1", "ops-2" }, live.Current.Names);
            Assert.Empty(live.Problem);
            Assert.Throws<MedDeviceAgent.Companion.CompanionException>(() => new OperatorNames(new[] { "ops/#" }));
        }

        [Fact]
        public void LiveOperators_IssuedOrRevokedAfterStart_FollowedWithoutRestart()
        {
            using TestPki pki = new TestPki("ops-1");
            LiveOperators live = pki.Files.OpenOperators();
            live.CheckInterval = TimeSpan.Zero;
            TopicAcl acl = new TopicAcl(live);
            Assert.True(acl.MayPublish("ops-1", "mda/v1/pump/dev-a/cmd/reboot"));
            Assert.False(acl.MayPublish("ops-9", "mda/v1/pump/dev-a/cmd/reboot"));

            pki.Tls.IssueOperator("ops-9", 30, System.IO.Path.Combine(pki.Directory, "..", "ops-9-bundle"), TestPki.Passphrase, DateTimeOffset.UtcNow);
            Assert.True(acl.MayPublish("ops-9", "mda/v1/pump/dev-a/cmd/reboot"));

            pki.Tls.RevokeOperator("ops-1", TestPki.Passphrase, DateTimeOffset.UtcNow);
            Assert.False(acl.MayPublish("ops-1", "mda/v1/pump/dev-a/cmd/reboot"));
            Assert.False(acl.MaySubscribe("ops-1", "mda/v1/#"));
        }

        [Fact]
        public void LiveOperators_RegisterUnreadable_NoOperators()
        {
            using TestPki pki = new TestPki("ops-1");
            LiveOperators live = pki.Files.OpenOperators();
            live.CheckInterval = TimeSpan.Zero;
            Assert.True(live.Contains("ops-1"));
            System.IO.File.WriteAllText(pki.Files.RegisterPath, "{ not json");
            Assert.False(live.Contains("ops-1"));
            Assert.Contains("operator register unusable", live.Problem, StringComparison.Ordinal);
            System.IO.File.Delete(pki.Files.RegisterPath);
            Assert.False(live.Contains("ops-1"));
            Assert.Contains("unreadable", live.Problem, StringComparison.Ordinal);
        }
    }
}
