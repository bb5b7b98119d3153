using System;
using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The telemetry keys of a PKI directory's live devices (<see cref="TlsAuthority.UnlockTelemetryKey(string, string, Func{TelemetryKeyVault})"/>), decrypted
    /// on first use and cached; the register is re-read when <c>tls/tls.json</c> changes, so devices issued while the
    /// monitor runs are accepted and revoked ones stop being accepted.
    /// </summary>
    /// <remarks>
    /// A lookup of an id the register does not know checks the file's time stamp every time (a storm of unknown ids costs
    /// one stat call per message, never a decrypt; the register is read again only when the file changed), so a device
    /// issued a moment ago is known from its first message; a known id re-checks at most every
    /// <see cref="RevocationInterval"/>. Only ids the register lists as live are ever
    /// decrypted. Cost: one PBKDF2 derivation for the PKI's <see cref="TelemetryKeyVault"/> (at construction), then one
    /// AES-GCM decryption per device (a key file written before the vault existed costs a derivation of its own). RAM: the
    /// id set, the 32-byte wrapping key, and one 32-byte key per device seen. Thread-safe (one lock).
    /// </remarks>
    public sealed class DeviceKeyRing : IDeviceKeys
    {
        /// <summary>Least time between two checks of the register for revocations.</summary>
        public static readonly TimeSpan RevocationInterval = TimeSpan.FromSeconds(5);

        private readonly object _sync = new object();
        private readonly string _pkiDirectory;
        private readonly string _passphrase;
        private readonly Dictionary<string, (string Serial, IMessageAuthenticator Authenticator)> _keys = new Dictionary<string, (string, IMessageAuthenticator)>(StringComparer.Ordinal);
        private Dictionary<string, string> _live = new Dictionary<string, string>(StringComparer.Ordinal);
        private TlsAuthority _authority;
        private TelemetryKeyVault? _vault;
        private DateTime _stamp;
        private long _length;
        private DateTime _checked;

        /// <summary>Reads the register of <paramref name="pkiDirectory"/>; <paramref name="passphrase"/> decrypts the keys.</summary>
        /// <exception cref="CompanionException">PkiError when the directory has no TLS material; WrongPassphrase when a live device's key does not decrypt.</exception>
        public DeviceKeyRing(string pkiDirectory, string passphrase)
        {
            _pkiDirectory = pkiDirectory;
            _passphrase = passphrase;
            _authority = Load();
            foreach (string id in _live.Keys)
            {
                // The passphrase is checked once now (exit 4 at start), not at the first message.
                Find(id);
                break;
            }
        }

        /// <summary>Number of live devices in the register.</summary>
        public int LiveDevices
        {
            get
            {
                lock (_sync)
                {
                    return _live.Count;
                }
            }
        }

        /// <inheritdoc />
        public IMessageAuthenticator? Find(string deviceId)
        {
            lock (_sync)
            {
                DateTime now = DateTime.UtcNow;
                bool known = _live.ContainsKey(deviceId);

                // An unknown id always looks at the register's time stamp (one stat call, never a decrypt): a device issued
                // a moment ago must not have its first messages refused, and lost, for want of a recheck. A known id
                // re-checks for revocations at most every RevocationInterval.
                if (!known || now - _checked >= RevocationInterval)
                {
                    _checked = now;
                    if (Changed())
                    {
                        _authority = Load();
                    }
                }

                if (!_live.TryGetValue(deviceId, out string? serial))
                {
                    return null;
                }

                if (_keys.TryGetValue(deviceId, out (string Serial, IMessageAuthenticator Authenticator) entry) && entry.Serial == serial)
                {
                    return entry.Authenticator;
                }

                byte[] key = _authority.UnlockTelemetryKey(deviceId, _passphrase, Vault);
                try
                {
                    HostMessageAuthenticator authenticator = new HostMessageAuthenticator(key);
                    _keys[deviceId] = (serial, authenticator);
                    return authenticator;
                }
                finally
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
                }
            }
        }

        /// <summary>The PKI's wrapping key, opened (one PBKDF2 derivation) at the first key file that needs it and kept.</summary>
        private TelemetryKeyVault Vault()
        {
            return _vault ??= TelemetryKeyVault.Open(_pkiDirectory, _passphrase);
        }

        private string MetadataPath => Path.Combine(_pkiDirectory, TlsAuthority.FolderName, TlsAuthority.MetadataFileName);

        private bool Changed()
        {
            FileInfo info = new FileInfo(MetadataPath);
            return !info.Exists || info.LastWriteTimeUtc != _stamp || info.Length != _length;
        }

        private TlsAuthority Load()
        {
            FileInfo info = new FileInfo(MetadataPath);
            TlsAuthority authority = TlsAuthority.Open(PkiDirectory.Open(_pkiDirectory));
            Dictionary<string, string> live = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (IssuedCertificate device in authority.Devices)
            {
                if (!device.Revoked)
                {
                    live[device.Name] = device.SerialHex;
                }
            }

            _live = live;
            foreach (string id in new List<string>(_keys.Keys))
            {
                if (!live.TryGetValue(id, out string? serial) || serial != _keys[id].Serial)
                {
                    _keys.Remove(id);
                }
            }

            _stamp = info.Exists ? info.LastWriteTimeUtc : default;
            _length = info.Exists ? info.Length : 0;
            _checked = DateTime.UtcNow;
            return authority;
        }
    }
}
