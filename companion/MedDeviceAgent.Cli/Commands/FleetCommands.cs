using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Ingest;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda fleet': reports over the telemetry database 'mda monitor' fills.</summary>
    internal static class FleetCommands
    {
        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("fleet", "Reports over the telemetry database of 'mda monitor'");
            group.Subcommands.Add(Status());
            return group;
        }

        private static Command Status()
        {
            Option<string> db = CliOptions.RequiredPath("--db", "Telemetry database: a SQLite file path, or a PostgreSQL connection string or postgres:// URI");
            Option<bool> json = CliOptions.Json();
            Command command = new Command("status", "Each device's last state: presence (online/offline and since when, from its retained state or Last Will: broker-asserted, not authenticated), class, boot and sequence of its newest message, when it was last seen, its last telemetry fields, queue drops, messages stored, late deliveries, missing, rejections; and the database's totals. Exit codes: 0 done, 2 usage, 3 database missing or unreadable.");
            command.Options.Add(db);
            command.Options.Add(json);
            command.SetAction(r => CommandRunner.Run(r, (output, _) =>
            {
                using ITelemetryStore store = TelemetryStores.Open(r.GetValue(db)!, mustExist: true);
                Write(output, r.GetValue(json), FleetStatus.Read(store));
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static void Write(TextWriter output, bool json, FleetStatus status)
        {
            string kind = status.Kind;
            int version = status.SchemaVersion;
            StoreTotals totals = status.Totals;
            JsonArray list = new JsonArray();
            foreach (FleetStatus.Entry entry in status.Devices)
            {
                DeviceState d = entry.Device;
                DevicePresence? p = entry.Presence;
                list.Add(new JsonObject
                {
                    ["id"] = d.DeviceId,
                    ["presence"] = entry.PresenceText,
                    ["since"] = p == null ? null : Time(p.SinceMs),
                    ["class"] = d.DeviceClass,
                    ["boot"] = d.LastBoot,
                    ["sequence"] = d.LastSequence,
                    ["lastSeen"] = d.LastSeenMs == 0 ? null : Time(d.LastSeenMs),
                    ["messages"] = d.Messages,
                    ["late"] = d.LateDeliveries,
                    ["missing"] = d.Missing,
                    ["rejections"] = d.Rejections,
                    ["firmwareVersion"] = d.FirmwareVersion,
                    ["uptimeSeconds"] = d.UptimeSeconds,
                    ["freeMemory"] = d.FreeMemory,
                    ["updatePhase"] = d.UpdatePhase,
                    ["securityFloor"] = d.SecurityFloor,
                    ["sensor"] = d.Sensor,
                    ["queueDrops"] = d.QueueDrops,
                    ["state"] = p == null ? null : new JsonObject
                    {
                        ["assertedBy"] = "broker",
                        ["source"] = p.FromWill ? "will" : "device",
                        ["class"] = p.DeviceClass,
                        ["firmwareVersion"] = p.FirmwareVersion,
                        ["boot"] = p.Boot,
                        ["updatePhase"] = p.UpdatePhase,
                        ["securityFloor"] = p.SecurityFloor,
                        ["received"] = Time(p.StateMs),
                        ["changes"] = p.States,
                    },
                });
            }

            JsonObject report = new JsonObject
            {
                ["database"] = kind,
                ["schemaVersion"] = version,
                ["totals"] = new JsonObject
                {
                    ["devices"] = totals.Devices,
                    ["telemetry"] = totals.Telemetry,
                    ["late"] = totals.LateDeliveries,
                    ["rejections"] = totals.Rejections,
                    ["rejectionsNotStored"] = totals.SuppressedRejections,
                    ["openGaps"] = totals.OpenGaps,
                    ["missing"] = totals.Missing,
                    ["online"] = totals.Online,
                    ["offline"] = totals.Offline,
                    ["stateRejections"] = totals.StateRejections,
                },
                ["note"] = FleetStatus.PresenceNote,
                ["devices"] = list,
            };
            ReportWriter.Write(output, json, "fleet status (" + kind + ", schema " + version.ToString(CultureInfo.InvariantCulture) + ")", report);
        }

        private static string Time(long unixMs)
        {
            return System.DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
    }
}
