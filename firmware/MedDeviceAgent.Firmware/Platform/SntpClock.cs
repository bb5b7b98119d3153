using System;
using MedDeviceAgent.Firmware.Core.Platform;
using nanoFramework.Networking;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IClock"/> from the device RTC (<see cref="DateTime.UtcNow"/>), set by the firmware's SNTP client.
    /// </summary>
    /// <remarks>
    /// After a cold boot the RTC starts near the epoch and is wrong until SNTP answers. nanoFramework's SNTP
    /// client reports no "synchronised" event, so the time counts as trusted only once this boot has asked
    /// for a synchronisation (<see cref="Synchronize"/>) and the clock then reads a year after 2024
    /// (the firmware cannot have been built earlier). Call <see cref="Synchronize"/> after the network is up.
    /// </remarks>
    internal sealed class SntpClock : IClock
    {
        /// <summary>Years up to this one are never a synchronised clock.</summary>
        public const int LastUntrustedYear = 2024;

        private bool _syncRequested;

        /// <summary>Uses <paramref name="server"/> as the first SNTP server (null keeps the firmware default).</summary>
        public SntpClock(string server)
        {
            if (server != null && server.Length > 0)
            {
                Sntp.Server1 = server;
            }
        }

        /// <inheritdoc />
        public long UtcNowSeconds
        {
            get { return DateTime.UtcNow.ToUnixTimeSeconds(); }
        }

        /// <inheritdoc />
        public bool IsTrusted
        {
            get { return _syncRequested && DateTime.UtcNow.Year > LastUntrustedYear; }
        }

        /// <summary>Starts the SNTP client if needed and asks for an update now; returns <see cref="IsTrusted"/> afterwards.</summary>
        /// <remarks>The update completes asynchronously in the firmware: poll <see cref="IsTrusted"/> for a few seconds.</remarks>
        public bool Synchronize()
        {
            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            Sntp.UpdateNow();
            _syncRequested = true;
            return IsTrusted;
        }
    }
}
