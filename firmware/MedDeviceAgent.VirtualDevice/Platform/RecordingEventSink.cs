using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// The virtual device's event sink: keeps every event in memory (tests assert them) and, when
    /// given a file, appends each as one text line (<c>mda sim</c> keeps <c>events.log</c> in the
    /// state folder, so what the device decided stays readable after the command ends).
    /// </summary>
    /// <remarks>
    /// Not the tamper-evident log (that comes later behind the same seam): the file is plain text,
    /// outside the simulated flash, so writing it never counts as a device flash write. A failed
    /// append is counted in <see cref="LogFailures"/>, never thrown, as <see cref="IEventSink"/> asks.
    /// </remarks>
    public sealed class RecordingEventSink : IEventSink
    {
        private readonly List<SecurityEvent> _history = new List<SecurityEvent>();
        private readonly IClock? _clock;
        private readonly string? _logPath;

        /// <summary>Creates a sink that keeps events in memory only.</summary>
        public RecordingEventSink()
        {
        }

        /// <summary>Creates a sink that also appends each event to <paramref name="logPath"/>, stamped with <paramref name="clock"/>'s time.</summary>
        public RecordingEventSink(string logPath, IClock clock)
        {
            ArgumentException.ThrowIfNullOrEmpty(logPath);
            ArgumentNullException.ThrowIfNull(clock);
            _logPath = logPath;
            _clock = clock;
        }

        /// <summary>The events recorded, oldest first.</summary>
        public IReadOnlyList<SecurityEvent> History => _history;

        /// <summary>Number of events that could not be appended to the log file.</summary>
        public int LogFailures { get; private set; }

        /// <summary>Forgets the events kept in memory (the log file is left as it is).</summary>
        public void Clear() => _history.Clear();

        /// <inheritdoc />
        public void Record(SecurityEventCode code, long detail)
        {
            SecurityEvent recorded = new SecurityEvent(code, detail);
            _history.Add(recorded);
            if (_logPath == null || _clock == null)
            {
                return;
            }

            string time = DateTimeOffset.FromUnixTimeSeconds(_clock.UtcNowSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            string line = time + (_clock.IsTrusted ? " " : " (untrusted time) ") + recorded + Environment.NewLine;
            try
            {
                File.AppendAllText(_logPath, line);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                LogFailures++;
            }
        }
    }
}
