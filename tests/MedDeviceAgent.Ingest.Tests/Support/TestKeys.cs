using System;
using System.Collections.Generic;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Ingest.Tests.Support
{
    /// <summary>A fixed set of device keys for store tests without a PKI.</summary>
    public sealed class TestKeys : IDeviceKeys
    {
        private readonly Dictionary<string, IMessageAuthenticator> _keys = new Dictionary<string, IMessageAuthenticator>(StringComparer.Ordinal);

        /// <summary>Registers <paramref name="device"/>'s key.</summary>
        public TestKeys Add(TestDevice device)
        {
            _keys[device.Id] = new HostMessageAuthenticator(device.Key);
            return this;
        }

        /// <inheritdoc />
        public IMessageAuthenticator? Find(string deviceId) => _keys.TryGetValue(deviceId, out IMessageAuthenticator? a) ? a : null;
    }
}
