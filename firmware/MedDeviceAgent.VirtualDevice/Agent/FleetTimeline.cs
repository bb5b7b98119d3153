using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>
    /// Writes a fleet run's queue times as CSV (<c>device,boot,sequence,queued_unix_ms,steady</c>; steady is 1 for a message queued after every agent had connected once; a header line, one line per
    /// message): joined with the store's <c>telemetry.received_ms</c> on (device, boot, sequence) it gives the end-to-end
    /// latency from the device queueing a message to the companion's ingest receiving it.
    /// </summary>
    public static class FleetTimeline
    {
        /// <summary>The header line.</summary>
        public const string Header = "device,boot,sequence,queued_unix_ms,steady";

        /// <summary>Writes <paramref name="times"/> to <paramref name="path"/> (a temporary file renamed into place, so never half a file).</summary>
        /// <exception cref="IOException">The file cannot be written.</exception>
        public static void Write(string path, IReadOnlyList<QueuedMessageTime> times)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(times);
            string full = Path.GetFullPath(path);
            string temporary = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            try
            {
                using (StreamWriter writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
                {
                    writer.NewLine = "\n";
                    writer.WriteLine(Header);
                    foreach (QueuedMessageTime time in times)
                    {
                        writer.Write(time.DeviceId);
                        writer.Write(',');
                        writer.Write(time.Boot.ToString(CultureInfo.InvariantCulture));
                        writer.Write(',');
                        writer.Write(time.Sequence.ToString(CultureInfo.InvariantCulture));
                        writer.Write(',');
                        writer.Write(time.QueuedUnixMilliseconds.ToString(CultureInfo.InvariantCulture));
                        writer.WriteLine(time.Steady ? ",1" : ",0");
                    }
                }

                File.Move(temporary, full, true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }
}
