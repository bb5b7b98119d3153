namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>One PKI for every broker test (making one takes a while: keys are encrypted with a slow KDF).</summary>
    [CollectionDefinition(Name)]
    public sealed class AgentPkiCollection : ICollectionFixture<AgentPki>
    {
        public const string Name = "Agent PKI";
    }
}
