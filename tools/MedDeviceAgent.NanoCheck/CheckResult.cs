using System.Collections.Generic;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>What one check found.</summary>
    public sealed class CheckResult
    {
        /// <summary>Creates a result.</summary>
        public CheckResult(IReadOnlyList<Violation> violations, IReadOnlyList<string> packages, int sourceCount, CoreLibrary coreLibrary)
        {
            Violations = violations;
            Packages = packages;
            SourceCount = sourceCount;
            CoreLibrary = coreLibrary;
        }

        /// <summary>Every violation, ordered by file, line and column.</summary>
        public IReadOnlyList<Violation> Violations { get; }

        /// <summary>The package ids whose API lists were used.</summary>
        public IReadOnlyList<string> Packages { get; }

        /// <summary>The mscorlib the sources were compiled against (the real assembly or generated declarations).</summary>
        public CoreLibrary CoreLibrary { get; }

        /// <summary>How many source files were checked.</summary>
        public int SourceCount { get; }

        /// <summary>True when nothing was found.</summary>
        public bool IsClean => Violations.Count == 0;
    }
}
