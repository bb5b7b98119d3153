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
            Command command = new Command("status", "Each device's last state: class, boot and sequence of its newest message, when it was last seen, its last telemetry fields, messages stored, late deliveries, missing, rejections; and the database's totals. Exit codes: 0 done, 2 usage, 3 database missing or unreadable.");
            command.Options.Add(db);
            command.Options.Add(json);
            command.SetAction(r => CommandRunner.Run(r, (output, _) =>
            {
                using ITelemetryStore store = TelemetryStores.Open(r.GetValue(db)!, mustExist: true);
                Write(output, r.GetValue(json), store.Kind, store.SchemaVersion, store.ReadDevices(), store.ReadTotals());
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static void Write(TextWriter output, bool json, string kind, int version, IReadOnlyList<DeviceState> devices, StoreTotals totals)
        {
            JsonArray list = new JsonArray();
            foreach (DeviceState d in devices)
            {
                list.Add(new JsonObject
                {
                    ["id"] = d.DeviceId,
                    ["class"] = d.DeviceClass,
                    ["boot"] = d.LastBoot,
                    ["sequence"] = d.LastSequence,
                    ["lastSeen"] = d.LastSeenMs == 0 ? null : System.DateTimeOffset.FromUnixTimeMilliseconds(d.LastSeenMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
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
                },
                ["devices"] = list,
            };
            ReportWriter.Write(output, json, "fleet status (" + kind + ", schema " + version.ToString(CultureInfo.InvariantCulture) + ")", report);
        }
    }
}
