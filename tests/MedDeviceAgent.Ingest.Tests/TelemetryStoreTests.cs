using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Npgsql;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>The ingest rules on both databases (same cases, parameterised): messages made by the core's encoder, verified by the core's verifier.</summary>
    public sealed class TelemetryStoreTests
    {
        private readonly TestDevice _a = new TestDevice("dev-a");
        private readonly TestDevice _b = new TestDevice("dev-b");

        private TestKeys Keys => new TestKeys().Add(_a).Add(_b);

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_InOrderMessages_StoresEachOnceAndTheDeviceState(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            IngestOutcome[] outcomes = processor.Process(store, new[] { _a.Received(3, 0), _a.Received(3, 1), _b.Received(1, 0), _a.Received(3, 2) });

            Assert.All(outcomes, o => Assert.Equal(TelemetryResult.Accepted, o.Result));
            Assert.Equal(new[] { (3L, 0L), (3L, 1L), (3L, 2L) }, store.ReadSequences("dev-a"));
            DeviceState a = store.ReadDevices().Single(d => d.DeviceId == "dev-a");
            Assert.Equal("pump", a.DeviceClass);
            Assert.Equal(3, a.LastBoot);
            Assert.Equal(2, a.LastSequence);
            Assert.Equal(3, a.Messages);
            Assert.Equal(12, a.UptimeSeconds);
            Assert.Equal("1.2.3", a.FirmwareVersion);
            Assert.Equal(7, a.Sensor);
            Assert.Equal(_a.Message(3, 1), store.ReadRaw("dev-a", 3, 1));
            Assert.Equal(StoreSchema.CurrentVersion, store.SchemaVersion);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_RowsOfOneBatch_EveryColumnStoredAsDecoded(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            using ITelemetryStore store = StoreKind.Open(db);
            IngestProcessor processor = new IngestProcessor(Keys);
            IngestMessage noSensor = new IngestMessage(_a.Topic, _a.Message(5, 1, sensor: null), 1_700_000_000_123);
            processor.Process(store, new[] { _a.Received(5, 0), noSensor, _a.Received(5, 3), _b.Received(2, 0) });
            processor.Process(store, new[] { _a.Received(5, 2) });

            using System.Data.Common.DbConnection connection = kind == StoreKind.Sqlite ? new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db) : new Npgsql.NpgsqlConnection(db);
            connection.Open();
            using System.Data.Common.DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT device, boot, sequence, received_ms, uptime_s, free_memory, firmware_version, update_phase, security_floor, sensor, late, raw FROM telemetry ORDER BY device, sequence";
            using System.Data.Common.DbDataReader reader = command.ExecuteReader();
            List<string> rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join(",", reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6), reader.GetInt64(7), reader.GetInt64(8), reader.IsDBNull(9) ? "null" : reader.GetInt64(9).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(10)));
                if (reader.GetString(0) == "dev-a" && reader.GetInt64(2) == 1)
                {
                    Assert.Equal(1_700_000_000_123, reader.GetInt64(3));
                    Assert.Equal(_a.Message(5, 1, sensor: null), (byte[])reader[11]);
                }
            }

            Assert.Equal(
                new[]
                {
                    "dev-a,5,0,10,50000,1.2.3,0,4,7,0",
                    "dev-a,5,1,11,50000,1.2.3,0,4,null,0",
                    "dev-a,5,2,12,50000,1.2.3,0,4,7,1",
                    "dev-a,5,3,13,50000,1.2.3,0,4,7,0",
                    "dev-b,2,0,10,50000,1.2.3,0,4,7,0",
                },
                rows);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_DuplicateDelivery_StoredOnceAndRecordedAsReplayed(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            IngestOutcome[] first = processor.Process(store, new[] { _a.Received(1, 0), _a.Received(1, 1), _a.Received(1, 1) });
            IngestOutcome[] second = processor.Process(store, new[] { _a.Received(1, 0), _a.Received(1, 1) });

            Assert.Equal(new[] { TelemetryResult.Accepted, TelemetryResult.Accepted, TelemetryResult.Replayed }, first.Select(o => o.Result));
            Assert.Equal(new[] { TelemetryResult.Replayed, TelemetryResult.Replayed }, second.Select(o => o.Result));
            Assert.Equal(2, store.ReadSequences("dev-a").Count);
            Assert.Equal(3, store.ReadRejections(10).Count(r => r.Result == TelemetryResult.Replayed && r.ClaimedDevice == "dev-a"));
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_LateDeliveryIntoGap_StoredOnceAndGapClosed(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            IngestOutcome[] outcomes = processor.Process(store, new[] { _a.Received(2, 0), _a.Received(2, 1), _a.Received(2, 4) });
            Assert.Equal(TelemetryResult.AcceptedAfterGap, outcomes[2].Result);
            GapRange gap = Assert.Single(store.ReadGaps());
            Assert.Equal((2L, 2L, 3L), (gap.Boot, gap.First, gap.Last));

            IngestOutcome[] late = processor.Process(store, new[] { _a.Received(2, 2), _a.Received(2, 2) });
            Assert.True(late[0].Stored);
            Assert.True(late[0].Late);
            Assert.Equal(TelemetryResult.Replayed, late[1].Result);
            gap = Assert.Single(store.ReadGaps());
            Assert.Equal((3L, 3L), (gap.First, gap.Last));

            IngestOutcome[] last = processor.Process(store, new[] { _a.Received(2, 3), _a.Received(2, 5) });
            Assert.True(last[0].Late);
            Assert.Equal(TelemetryResult.Accepted, last[1].Result);
            Assert.Empty(store.ReadGaps());
            Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, store.ReadSequences("dev-a").Select(s => s.Sequence));
            DeviceState a = store.ReadDevices().Single(d => d.DeviceId == "dev-a");
            Assert.Equal((2L, 5L, 2L, 0L), (a.LastBoot, a.LastSequence, a.LateDeliveries, a.Missing));
            Assert.Equal(2, store.ReadTotals().LateDeliveries);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_BelowMarkOutsideAnyGap_RejectedAsReorderedOrStaleBoot(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            byte[] oldBoot = _a.Message(1, 9);
            processor.Process(store, new[] { _a.Received(2, 0), _a.Received(2, 1), _a.Received(2, 2) });

            // (1, 9): an older boot never stored nor missing; the new boot's gap covers only boot 2.
            IngestOutcome[] outcomes = processor.Process(store, new[] { new IngestMessage(_a.Topic, oldBoot, 1), _a.Received(2, 3) });

            Assert.Equal(TelemetryResult.StaleBoot, outcomes[0].Result);
            Assert.Equal(TelemetryResult.Accepted, outcomes[1].Result);
            Assert.Equal(TelemetryResult.StaleBoot, store.ReadRejections(1)[0].Result);
            Assert.Equal(4, store.ReadSequences("dev-a").Count);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_HostileMessages_EachRecordedWithItsReasonAndIngestGoesOn(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            byte[] forged = _a.Message(1, 0);
            forged[^1] ^= 1;
            TestDevice impostor = new TestDevice("dev-a");
            List<IngestMessage> batch = new List<IngestMessage>
            {
                new IngestMessage(_a.Topic, forged, 1),
                new IngestMessage(impostor.Topic, impostor.Message(1, 0), 2),
                new IngestMessage(_a.Topic, _b.Message(1, 0), 3),
                new IngestMessage("mda/v1/pump/dev-z/telemetry", new TestDevice("dev-z").Message(1, 0), 4),
                new IngestMessage(_a.Topic, new byte[5000], 5),
                new IngestMessage(_a.Topic, new byte[] { 0x1C }, 6),
                new IngestMessage("mda/v1/pump/dev-a/events", _a.Message(1, 0), 7),
                _a.Received(1, 0),
                new IngestMessage("mda/v1/heater/dev-a/telemetry", _a.Message(1, 1), 8),
                _a.Received(1, 1),
            };

            IngestOutcome[] outcomes = processor.Process(store, batch);

            Assert.Equal(
                new[] { TelemetryResult.BadMac, TelemetryResult.BadMac, TelemetryResult.WrongDevice, TelemetryResult.UnknownDevice, TelemetryResult.TooLarge, TelemetryResult.MalformedCbor, TelemetryResult.InvalidTopic, TelemetryResult.Accepted, TelemetryResult.UnknownDevice, TelemetryResult.Accepted },
                outcomes.Select(o => o.Result));
            Assert.Equal(new[] { (1L, 0L), (1L, 1L) }, store.ReadSequences("dev-a"));
            IReadOnlyList<RejectionRecord> rejections = store.ReadRejections(20);
            Assert.Equal(8, rejections.Count);
            RejectionRecord oversized = rejections.Single(r => r.Result == TelemetryResult.TooLarge);
            Assert.Equal(5000, oversized.Size);
            Assert.Equal(RejectionRecord.PayloadPrefixLength, oversized.PayloadPrefix.Length);
            Assert.Equal("dev-z", rejections.Single(r => r.Result == TelemetryResult.UnknownDevice && r.Topic.Contains("dev-z", StringComparison.Ordinal)).ClaimedDevice);
            Assert.DoesNotContain(store.ReadDevices(), d => d.DeviceId == "dev-z");
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_RejectionFlood_StoresABoundedNumberAndCountsTheRest(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            long now = 0;
            IngestProcessor processor = new IngestProcessor(Keys, new RejectionLimiter(burst: 5, perSecond: 1, clockMs: () => now));
            IngestMessage[] flood = Enumerable.Range(0, 100).Select(i => new IngestMessage("mda/v1/pump/dev-" + i + "/telemetry", new byte[] { 1, 2, 3 }, i)).ToArray();

            processor.Process(store, flood);
            processor.Process(store, new[] { _a.Received(1, 0) });

            StoreTotals totals = store.ReadTotals();
            Assert.Equal(5, totals.Rejections);
            Assert.Equal(95, totals.SuppressedRejections);
            Assert.Equal(1, totals.Telemetry);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_BatchRolledBack_StoresNothingAndTheRetryStoresAll(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            using ITelemetryStore store = StoreKind.Open(db);
            IngestProcessor processor = new IngestProcessor(Keys);
            processor.Process(store, new[] { _a.Received(1, 0) });

            // A batch begun and abandoned mid-way (a monitor disposed before its commit).
            using (ITelemetryBatch batch = store.BeginBatch(new[] { "dev-a" }))
            {
                DeviceState state = batch.Device("dev-a")!;
                state.LastSequence = 99;
                batch.AddGap(new GapRange("dev-a", 1, 1, 98));
            }

            IngestOutcome[] outcomes = processor.Process(store, new[] { _a.Received(1, 1), _a.Received(1, 2) });
            Assert.All(outcomes, o => Assert.Equal(TelemetryResult.Accepted, o.Result));
            Assert.Empty(store.ReadGaps());
            Assert.Equal(3, store.ReadSequences("dev-a").Count);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Open_ExistingDatabase_KeepsDataAndVersion(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            using (ITelemetryStore store = StoreKind.Open(db))
            {
                new IngestProcessor(Keys).Process(store, new[] { _a.Received(1, 0) });
            }

            using ITelemetryStore again = StoreKind.Open(db);
            Assert.Equal(StoreSchema.CurrentVersion, again.SchemaVersion);
            Assert.Single(again.ReadSequences("dev-a"));

            // A fresh processor (a restarted monitor) reads the mark from the database: the old message is a replay.
            IngestOutcome[] outcomes = new IngestProcessor(Keys).Process(again, new[] { _a.Received(1, 0), _a.Received(1, 1) });
            Assert.Equal(new[] { TelemetryResult.Replayed, TelemetryResult.Accepted }, outcomes.Select(o => o.Result));
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Open_NewerSchemaVersion_RefusedAsInputError(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            using (ITelemetryStore store = StoreKind.Open(db))
            {
                ((SqlTelemetryStore)store).Execute(null, "UPDATE schema_info SET version = 99");
            }

            CompanionException e = Assert.Throws<CompanionException>(() => StoreKind.Open(db));
            Assert.Equal(CompanionErrorKind.InputError, e.Kind);
            Assert.Contains("99", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public async Task Process_TwoWritersOnOneDatabaseWithDuplicates_EveryMessageExactlyOnce(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            StoreKind.Open(db).Dispose();
            const int Count = 300;
            IngestMessage[] all = Enumerable.Range(0, Count).SelectMany(i => new[] { _a.Received(1, i), _b.Received(1, i) }).ToArray();

            // Each writer gets every message (a duplicate delivery of everything) in batches of 25, in order.
            Task<IngestOutcome[]>[] writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
            {
                using ITelemetryStore store = StoreKind.Open(db);
                IngestProcessor processor = new IngestProcessor(Keys);
                List<IngestOutcome> outcomes = new List<IngestOutcome>();
                for (int i = 0; i < all.Length; i += 25)
                {
                    outcomes.AddRange(processor.Process(store, all.Skip(i).Take(25).ToArray()));
                }

                return outcomes.ToArray();
            })).ToArray();
            IngestOutcome[][] results = await Task.WhenAll(writers);

            using ITelemetryStore check = StoreKind.Open(db);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => (1L, (long)i)), check.ReadSequences("dev-a"));
            Assert.Equal(Count, check.ReadSequences("dev-b").Count);
            Assert.Equal(2 * Count, results.Sum(r => r.Count(o => o.Stored)));
            Assert.Equal(2 * Count, results.Sum(r => r.Count(o => o.Result == TelemetryResult.Replayed)));
        }

        [Fact]
        public void Open_PostgresUri_ConvertedToKeywords()
        {
            string keywords = PostgresConnectionString.ToKeywords("postgres://ingest:s%3Acret@db.example:6543/fleet?sslmode=require");
            NpgsqlConnectionStringBuilder builder = new NpgsqlConnectionStringBuilder(keywords);
            Assert.Equal(("db.example", 6543, "ingest", "s:cret", "fleet", SslMode.Require), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
            Assert.True(PostgresConnectionString.IsPostgres("Host=localhost;Database=x"));
            Assert.False(PostgresConnectionString.IsPostgres("/var/lib/mda/telemetry.db"));
        }
    }
}
