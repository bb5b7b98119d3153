using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>Issues a provisioning bundle for each device id into its folder, in one batch (the companion's <c>TlsAuthority.IssueDevices</c>).</summary>
    public delegate void BundleIssuer(IReadOnlyList<KeyValuePair<string, string>> deviceIdAndFolder);

    /// <summary>
    /// A load-test fleet of virtual devices in one process: device ids <c>{prefix}-00001</c>.., bundles kept in a work folder
    /// (<c>WORK/bundles/{id}</c>, issued on the first run, reused on a rerun), each device on in-memory flash provisioned
    /// with the bundle's id, all run by an <see cref="AgentFleet"/> on a few worker threads.
    /// </summary>
    /// <remarks>
    /// In-memory flash: a fleet run keeps no device state between runs; the bundles and the last boot counter
    /// (<see cref="BootFile"/>, so each run is a new boot above the last) are what persists. RAM per device: the agent (about 3 KB), the queue's in-memory flash (its
    /// ring file, <see cref="VirtualAgentOptions.QueueLimits"/>) and one MQTTnet client with its TLS session.
    /// </remarks>
    public static class SimFleet
    {
        /// <summary>Folder of the bundles inside the work folder.</summary>
        public const string BundlesFolder = "bundles";

        /// <summary>File in the work folder holding the last boot counter a fleet run used (decimal text).</summary>
        public const string BootFile = "last-boot";

        /// <summary>
        /// The boot counter of the next fleet run in <paramref name="workFolder"/>: one above the last run's, recorded before
        /// the run starts (so even a run that crashed is never reused). The fleet's devices live on in-memory flash, so
        /// without this every run would be boot 1 again and an ingest that stored an earlier run would refuse the new
        /// messages as replays.
        /// </summary>
        /// <exception cref="InvalidDataException">The file holds something else than a boot counter.</exception>
        public static long NextBoot(string workFolder)
        {
            ArgumentNullException.ThrowIfNull(workFolder);
            Directory.CreateDirectory(workFolder);
            string path = Path.Combine(workFolder, BootFile);
            long last = 0;
            if (File.Exists(path))
            {
                string text = File.ReadAllText(path).Trim();
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last >= int.MaxValue)
                {
                    throw new InvalidDataException(path + " does not hold a boot counter ('" + (text.Length > 20 ? text.Substring(0, 20) : text) + "')");
                }
            }

            long next = last + 1;
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, next.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, path, true);
            return next;
        }

        /// <summary>The id of device number <paramref name="index"/> (1-based).</summary>
        public static string DeviceId(string prefix, int index) => prefix + "-" + index.ToString("D5", CultureInfo.InvariantCulture);

        /// <summary>
        /// The bundles of devices 1..<paramref name="count"/> in <paramref name="workFolder"/>: each loaded when present and
        /// whole, else issued by <paramref name="issue"/> (all missing ones in one call). Returns the bundles and how many were issued now.
        /// </summary>
        /// <exception cref="InvalidDataException">A bundle folder exists but is damaged (delete it and revoke the device to reissue).</exception>
        public static IReadOnlyList<DeviceBundle> Bundles(string workFolder, string prefix, int count, BundleIssuer issue, out int issued)
        {
            ArgumentNullException.ThrowIfNull(workFolder);
            ArgumentNullException.ThrowIfNull(issue);
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            string root = Path.Combine(workFolder, BundlesFolder);
            Directory.CreateDirectory(root);
            List<KeyValuePair<string, string>> missing = new List<KeyValuePair<string, string>>();
            for (int i = 1; i <= count; i++)
            {
                string id = DeviceId(prefix, i);
                string folder = Path.Combine(root, id);
                if (!Directory.Exists(folder))
                {
                    missing.Add(new KeyValuePair<string, string>(id, folder));
                }
            }

            if (missing.Count > 0)
            {
                issue(missing);
            }

            issued = missing.Count;
            List<DeviceBundle> bundles = new List<DeviceBundle>(count);
            for (int i = 1; i <= count; i++)
            {
                string id = DeviceId(prefix, i);
                string folder = Path.Combine(root, id);
                DeviceBundle bundle = DeviceBundle.Load(folder);
                if (bundle.DeviceId != id)
                {
                    throw new InvalidDataException("bundle folder " + folder + " holds the certificate of '" + bundle.DeviceId + "'");
                }

                bundles.Add(bundle);
            }

            return bundles;
        }

        /// <summary>
        /// Makes one powered-on virtual device per bundle (in-memory flash, class <paramref name="deviceClass"/>, trust anchor
        /// <paramref name="root"/>) and its agent, whose telemetry boot counter is <paramref name="boot"/> (see <see cref="NextBoot"/>).
        /// </summary>
        public static IReadOnlyList<VirtualAgent> Agents(IReadOnlyList<DeviceBundle> bundles, string deviceClass, TrustAnchor root, VirtualAgentOptions options, long boot)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(boot, 1);
            ArgumentNullException.ThrowIfNull(bundles);
            ArgumentNullException.ThrowIfNull(root);
            List<VirtualAgent> agents = new List<VirtualAgent>(bundles.Count);
            byte[] image = Encoding.ASCII.GetBytes("MedDeviceAgent fleet image 1.0.0");
            foreach (DeviceBundle bundle in bundles)
            {
                int ring = options.QueueLimits.DataCapacity + 8192;
                SimDevice device = new SimDevice(new MemoryStorage(ring + image.Length + 8192), new SystemClock(), image.Length, new UpdateOptions());
                device.Engine.Provision("meddeviceagent", deviceClass, bundle.DeviceId, root, image, 1, 0, 0, 0);
                device.PowerOn();

                // The agent begins the boot after the last recorded one: one below the run's boot.
                device.Engine.State.TelemetryBootCounter = boot - 1;
                agents.Add(new VirtualAgent(device, bundle, options));
            }

            return agents;
        }
    }
}
