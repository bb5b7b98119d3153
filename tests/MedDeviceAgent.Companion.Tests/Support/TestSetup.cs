using System.Runtime.CompilerServices;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>Process-wide test settings, applied once before any test runs.</summary>
    internal static class TestSetup
    {
#pragma warning disable CA2255 // A module initializer is the one place that runs before every test, in any order.
        [ModuleInitializer]
        internal static void Initialize()
        {
            // Few PBKDF2 iterations keep key files fast to write and read in tests; production keeps the default.
            EncryptedPrivateKeyFile.IterationsForNewFiles = 1000;

            // Never wait for a terminal prompt in tests.
            PassphraseSource.IsInteractive = () => false;
        }
#pragma warning restore CA2255
    }
}
