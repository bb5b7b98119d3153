using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Trust;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The device-side rules a package must meet once its signer is trusted: the vendor and device
    /// class it must name, the security-counter floor it must not go below, the slot it must fit,
    /// and the time source for expiry and delegation windows (a clock, a fixed time, or explicitly
    /// no time checks). A device fills it from its state; the companion states each rule
    /// explicitly. <see cref="PackageVerifier"/> refuses to run on incomplete rules.
    /// </summary>
    /// <remarks>
    /// RAM: a few fields; the identity arrays are kept by reference, not copied. The rules are read
    /// once per verification (the clock is read once, at the time checks).
    /// </remarks>
    public sealed class DeviceRules
    {
        private const int TimeUnset = 0;
        private const int TimeFromClock = 1;
        private const int TimeFixed = 2;
        private const int TimeNotChecked = 3;

        private IClock _clock;
        private long _fixedTime;
        private int _timeMode;
        private long _securityFloor;
        private int _slotCapacity;

        /// <summary>Creates incomplete rules: no identity, floor 0, slot capacity 0 (nothing fits), no time source.</summary>
        public DeviceRules()
        {
            VendorIdBytes = new byte[0];
            DeviceClassBytes = new byte[0];
        }

        /// <summary>Vendor id a package must name, UTF-8.</summary>
        public byte[] VendorIdBytes { get; private set; }

        /// <summary>Device class id a package must name, UTF-8.</summary>
        public byte[] DeviceClassBytes { get; private set; }

        /// <summary>Packages with a lower security counter are rollbacks (0..long.MaxValue).</summary>
        public long SecurityFloor
        {
            get
            {
                return _securityFloor;
            }

            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "SecurityFloor is not negative");
                }

                _securityFloor = value;
            }
        }

        /// <summary>Largest payload the staging slot holds, in bytes (0..int.MaxValue; 0 until set: nothing fits).</summary>
        public int SlotCapacity
        {
            get
            {
                return _slotCapacity;
            }

            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "SlotCapacity is not negative");
                }

                _slotCapacity = value;
            }
        }

        /// <summary>True once an identity and a time source (or explicitly none) are set.</summary>
        public bool IsComplete
        {
            get { return VendorIdBytes.Length > 0 && DeviceClassBytes.Length > 0 && _timeMode != TimeUnset; }
        }

        /// <summary>Sets the vendor and device class a package must name (UTF-8; the arrays are kept, not copied).</summary>
        /// <exception cref="ArgumentException">Either is null, empty or longer than <see cref="TrustState.MaxIdentityBytes"/>.</exception>
        public void SetIdentity(byte[] vendorId, byte[] deviceClass)
        {
            VendorIdBytes = CheckIdentity(vendorId, nameof(vendorId));
            DeviceClassBytes = CheckIdentity(deviceClass, nameof(deviceClass));
        }

        /// <summary>Sets the vendor and device class a package must name.</summary>
        /// <exception cref="ArgumentException">Either is null, empty or longer than <see cref="TrustState.MaxIdentityBytes"/> in UTF-8.</exception>
        public void SetIdentity(string vendorId, string deviceClass)
        {
            if (vendorId == null || deviceClass == null)
            {
                throw new ArgumentException("Identity strings must not be null", vendorId == null ? nameof(vendorId) : nameof(deviceClass));
            }

            SetIdentity(Encoding.UTF8.GetBytes(vendorId), Encoding.UTF8.GetBytes(deviceClass));
        }

        /// <summary>Time checks use <paramref name="clock"/>: skipped (and reported) while it is not trusted.</summary>
        public void UseClock(IClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException(nameof(clock));
            }

            _clock = clock;
            _timeMode = TimeFromClock;
        }

        /// <summary>Time checks use this trusted time, Unix seconds (the companion's "--at").</summary>
        public void UseTime(long utcSeconds)
        {
            _clock = null;
            _fixedTime = utcSeconds;
            _timeMode = TimeFixed;
        }

        /// <summary>No time checks at all: delegation windows and expiry are skipped, and the report says so.</summary>
        public void UseNoTimeChecks()
        {
            _clock = null;
            _timeMode = TimeNotChecked;
        }

        /// <summary>Reads the time source once: true with the time when the time checks apply.</summary>
        /// <exception cref="InvalidOperationException">No time source was chosen.</exception>
        public bool ReadTime(out long now)
        {
            now = 0;
            if (_timeMode == TimeFromClock)
            {
                if (!_clock.IsTrusted)
                {
                    return false;
                }

                now = _clock.UtcNowSeconds;
                return true;
            }

            if (_timeMode == TimeFixed)
            {
                now = _fixedTime;
                return true;
            }

            if (_timeMode == TimeNotChecked)
            {
                return false;
            }

            throw new InvalidOperationException("DeviceRules has no time source: call UseClock, UseTime or UseNoTimeChecks");
        }

        private static byte[] CheckIdentity(byte[] value, string name)
        {
            if (value == null || value.Length == 0 || value.Length > TrustState.MaxIdentityBytes)
            {
                throw new ArgumentException("Identity values are 1 to 64 UTF-8 bytes", name);
            }

            return value;
        }
    }
}
