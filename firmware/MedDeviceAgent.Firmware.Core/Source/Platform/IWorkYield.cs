namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Called by the core at bounded intervals during long work (signature verification, payload hashing and
    /// staging, the boot-time image check), on the thread doing the work, so that the device can feed its
    /// watchdog and let other threads (the MQTT client's) run. Registered per thread with
    /// <see cref="WorkYield.Enter"/>.
    /// </summary>
    /// <remarks>
    /// <para>Interval: between two calls the core does at most about one eighth of an Ed25519 or ECDSA P-256
    /// verification (32 of the 253..256 point doublings, one point decompression or one field inversion, or
    /// 16 SHA-512 blocks), or one staging block (read, SHA-256 and one storage write of
    /// <see cref="Update.UpdateOptions.BlockSize"/> bytes). A verification therefore calls it at least 8 times.</para>
    /// <para>Timing: the call runs synchronously inside the verifier's lock; keep it short (a GPIO toggle, a
    /// <c>Thread.Sleep(0)</c>). It must not throw and must not call back into the core (the verifiers'
    /// workspaces are shared).</para>
    /// </remarks>
    public interface IWorkYield
    {
        /// <summary>The core reached a yield point.</summary>
        void Yield();
    }
}
