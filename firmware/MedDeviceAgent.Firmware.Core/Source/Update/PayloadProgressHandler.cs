namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Called by <see cref="UpdateEngine"/> after each payload block it hashes (and, when installing,
    /// stages): <paramref name="done"/> of <paramref name="total"/> payload bytes.
    /// </summary>
    /// <remarks>Runs synchronously on the updating thread, once per block: keep it short.</remarks>
    public delegate void PayloadProgressHandler(int done, int total);
}
