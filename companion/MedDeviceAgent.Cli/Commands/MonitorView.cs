using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using Spectre.Console;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>What 'mda monitor' shows while it runs: a live table on a terminal (Spectre.Console), status lines otherwise.</summary>
    internal static class MonitorView
    {
        /// <summary>Rows shown in the live table (the most recently seen devices).</summary>
        public const int MaxRows = 30;

        /// <summary>Redraws a table of devices (presence and since, last seen, stored, rate, queue drops, rejections) every second until <paramref name="run"/> ends.</summary>
        public static void RunLive(IngestMonitor monitor, Task run, DateTime started)
        {
            Dictionary<string, long> previous = new Dictionary<string, long>(StringComparer.Ordinal);
            Table table = new Table();
            AnsiConsole.Live(table).Start(context =>
            {
                DateTime last = DateTime.UtcNow;
                while (!run.IsCompleted)
                {
                    run.Wait(TimeSpan.FromSeconds(1));
                    DateTime now = DateTime.UtcNow;
                    double seconds = Math.Max(0.001, (now - last).TotalSeconds);
                    last = now;
                    Fill(table, monitor, previous, seconds, started);
                    context.Refresh();
                }
            });
        }

        /// <summary>Writes a status line every <paramref name="interval"/> until <paramref name="run"/> ends.</summary>
        public static void RunPlain(IngestMonitor monitor, Task run, DateTime started, TextWriter output, TimeSpan interval)
        {
            long previous = 0;
            DateTime last = DateTime.UtcNow;
            while (!run.Wait(interval))
            {
                DateTime now = DateTime.UtcNow;
                IngestCounters c = monitor.Counters;
                long stored = c.Stored;
                double rate = (stored - previous) / Math.Max(0.001, (now - last).TotalSeconds);
                previous = stored;
                last = now;
                output.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "monitor: {0:0}s connected={1} received={2} stored={3} rate={4:0.0}/s late={5} rejected={6} devices={7} online={8} offline={9} states={10} (presence broker-asserted)",
                    (now - started).TotalSeconds,
                    monitor.IsConnected ? "yes" : "no",
                    c.Received,
                    stored,
                    rate,
                    c.Late,
                    c.Rejected,
                    c.Devices.Count,
                    Count(c, true),
                    Count(c, false),
                    c.StatesRecorded));
                output.Flush();
            }
        }

        /// <summary>Devices whose presence seen in this run is <paramref name="online"/>.</summary>
        private static int Count(IngestCounters counters, bool online)
        {
            int n = 0;
            foreach (KeyValuePair<string, IngestCounters.DeviceActivity> device in counters.Devices)
            {
                if (device.Value.Online == online)
                {
                    n++;
                }
            }

            return n;
        }

        private static void Fill(Table table, IngestMonitor monitor, Dictionary<string, long> previous, double seconds, DateTime started)
        {
            IngestCounters c = monitor.Counters;
            table.Rows.Clear();
            if (table.Columns.Count == 0)
            {
                table.AddColumn("device").AddColumn("presence*").AddColumn("since (UTC)").AddColumn("last seen (UTC)").AddColumn(new TableColumn("stored").RightAligned()).AddColumn(new TableColumn("rate /s").RightAligned()).AddColumn(new TableColumn("drops").RightAligned()).AddColumn(new TableColumn("rejections").RightAligned());
            }

            List<KeyValuePair<string, IngestCounters.DeviceActivity>> devices = new List<KeyValuePair<string, IngestCounters.DeviceActivity>>(c.Devices);
            devices.Sort((a, b) => b.Value.LastSeenMs.CompareTo(a.Value.LastSeenMs));
            int shown = 0;
            foreach (KeyValuePair<string, IngestCounters.DeviceActivity> device in devices)
            {
                long messages = device.Value.Messages;
                previous.TryGetValue(device.Key, out long before);
                previous[device.Key] = messages;
                if (shown++ >= MaxRows)
                {
                    continue;
                }

                string seen = device.Value.LastSeenMs == 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(device.Value.LastSeenMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
                bool? online = device.Value.Online;
                string since = online == null || device.Value.SinceMs == 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(device.Value.SinceMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
                table.AddRow(
                    Markup.Escape(device.Key),
                    online == null ? "-" : online.Value ? "[green]online[/]" : "[red]offline[/]",
                    since,
                    seen,
                    messages.ToString(CultureInfo.InvariantCulture),
                    ((messages - before) / seconds).ToString("0.0", CultureInfo.InvariantCulture),
                    device.Value.QueueDrops.ToString(CultureInfo.InvariantCulture),
                    device.Value.Rejections.ToString(CultureInfo.InvariantCulture));
            }

            table.Caption(new TableTitle(string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1:0}s  received {2}  stored {3}  late {4}  rejected {5}  devices {6}  states {7}  (*presence is broker-asserted: retained state / Last Will, not authenticated; Ctrl-C stops)",
                monitor.IsConnected ? "connected" : "[red]not connected[/]",
                (DateTime.UtcNow - started).TotalSeconds,
                c.Received,
                c.Stored,
                c.Late,
                c.Rejected,
                devices.Count,
                c.StatesRecorded)));
        }
    }
}
