using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>A portability rule's finding: where to report it and which compiler errors it already explains.</summary>
    internal sealed class RuleHit
    {
        public RuleHit(Location location, TextSpan covers, string message)
        {
            Location = location;
            Covers = covers;
            Message = message;
        }

        /// <summary>Where the violation is reported.</summary>
        public Location Location { get; }

        /// <summary>Compiler errors inside this span are consequences of the same construct and are not repeated.</summary>
        public TextSpan Covers { get; }

        /// <summary>The message naming the construct.</summary>
        public string Message { get; }
    }
}
