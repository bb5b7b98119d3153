using System.Text.Json.Serialization;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// The verdict of the last 'mda sim install', kept by the simulator host in the state folder
    /// (last-install.json). The device itself persists only verdicts reached once staging began:
    /// a package refused before a byte is staged must not make it write flash.
    /// </summary>
    internal sealed class SimInstallRecord
    {
        /// <summary>The package file as given on the command line.</summary>
        [JsonPropertyName("package")]
        public string Package { get; set; } = string.Empty;

        /// <summary>The verdict's name (an UpdateResult).</summary>
        [JsonPropertyName("result")]
        public string Result { get; set; } = string.Empty;

        /// <summary>The verdict's code (the exit code of the install).</summary>
        [JsonPropertyName("code")]
        public int Code { get; set; }

        /// <summary>When the install ran, ISO 8601 UTC.</summary>
        [JsonPropertyName("at")]
        public string At { get; set; } = string.Empty;
    }
}
