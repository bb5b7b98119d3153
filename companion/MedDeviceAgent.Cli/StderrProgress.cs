using System.Globalization;
using System.IO;
using MedDeviceAgent.Companion.Packaging;

namespace MedDeviceAgent.Cli
{
    /// <summary>Prints payload progress to stderr in 10% steps, for payloads of at least <see cref="Threshold"/> bytes.</summary>
    internal sealed class StderrProgress : IPayloadProgress
    {
        /// <summary>Smaller payloads are processed silently.</summary>
        public const long Threshold = 4L * 1024 * 1024;

        private readonly TextWriter error;
        private string phase = string.Empty;
        private long nextStep;

        /// <summary>Creates the reporter.</summary>
        public StderrProgress(TextWriter error)
        {
            this.error = error;
        }

        /// <inheritdoc/>
        public void Report(string phase, long done, long total)
        {
            if (total < Threshold)
            {
                return;
            }

            if (phase != this.phase)
            {
                this.phase = phase;
                nextStep = 10;
            }

            long percent = done * 100 / total;
            if (percent >= nextStep)
            {
                error.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} payload: {1,3}% ({2:F1} of {3:F1} MiB)", phase, percent, done / 1048576.0, total / 1048576.0));
                nextStep = ((percent / 10) + 1) * 10;
            }
        }
    }
}
