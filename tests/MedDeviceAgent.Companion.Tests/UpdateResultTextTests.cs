using System;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>Every device verdict the CLI can exit with has its own explanation, and its exit code is its value.</summary>
    public class UpdateResultTextTests
    {
        [Fact]
        public void Describe_EveryUpdateResult_HasItsOwnText()
        {
            foreach (UpdateResult result in Enum.GetValues<UpdateResult>())
            {
                Assert.NotEqual("unknown result", UpdateResultText.Describe(result));
            }
        }

        [Fact]
        public void Describe_SourceUnavailable_SaysStagingIsKept()
        {
            Assert.Equal(43, (int)UpdateResult.SourceUnavailable);
            Assert.Contains("resumes", UpdateResultText.Describe(UpdateResult.SourceUnavailable), StringComparison.Ordinal);
        }
    }
}
