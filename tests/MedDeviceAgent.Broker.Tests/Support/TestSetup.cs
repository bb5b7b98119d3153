using System;
using System.Runtime.CompilerServices;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>Process-wide test settings, applied once before any test runs.</summary>
    internal static class TestSetup
    {
#pragma warning disable CA2255 // A module initializer is the one place that runs before every test, in any order.
        [ModuleInitializer]
        internal static void Initialize()
        {
            // Few PBKDF2 iterations keep the test PKIs fast to make; production keeps the default.
            EncryptedPrivateKeyFile.IterationsForNewFiles = 1000;

            // The in-process CLI (mosquitto-config, broker) reads the test PKIs' passphrase from the environment.
            Environment.SetEnvironmentVariable("MDA_PASSPHRASE", TestPki.Passphrase);
        }
#pragma warning restore CA2255
    }
}
