using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Agent;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>A virtual device provisioned from a real bundle and its <see cref="VirtualAgent"/>, stepped on the test thread.</summary>
    public sealed class LiveAgent : IDisposable
    {
        public const string DeviceClass = "pump-x1";

        public LiveAgent(AgentPki pki, string deviceId, int port, int periodMs)
        {
            DeviceId = deviceId;
            Bundle = DeviceBundle.Load(pki.IssueDevice(deviceId));
            Key = pki.TelemetryKey(deviceId);
            Device = new SimDevice(new MemoryStorage(1 << 20), new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            byte[] rootKey = new byte[32];
            rootKey[0] = 1;
            anchor.Set(1, CoseAlgorithm.EdDSA, rootKey, 0, rootKey.Length);
            Device.Engine.Provision("acme", DeviceClass, deviceId, anchor, Encoding.ASCII.GetBytes("factory 1.0.0"), 1, 0, 0, 3);
            Device.PowerOn();
            Agent = new VirtualAgent(Device, Bundle, new VirtualAgentOptions
            {
                BrokerHost = "127.0.0.1",
                BrokerPort = port,
                TelemetryPeriodMilliseconds = periodMs,
                BackoffBaseMilliseconds = 100,
                BackoffCapMilliseconds = 800,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                OperationTimeout = TimeSpan.FromSeconds(5),
                MaxIdleMilliseconds = 50,
            });
            Agent.Start();
        }

        public string DeviceId { get; }
        public DeviceBundle Bundle { get; }
        public byte[] Key { get; }
        public SimDevice Device { get; }
        public VirtualAgent Agent { get; }
        public string StateTopic => Topics.StateTopic(DeviceClass, DeviceId);

        /// <summary>Steps the agent until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
        public bool RunUntil(Func<bool> condition, TimeSpan timeout)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > timeout)
                {
                    return false;
                }

                int delay = Agent.Step();
                Thread.Sleep(Math.Clamp(delay, 1, 20));
            }

            return true;
        }

        /// <summary>Steps the agent for <paramref name="time"/>.</summary>
        public void RunFor(TimeSpan time) => RunUntil(() => false, time);

        public void Dispose() => Agent.Dispose();
    }
}
