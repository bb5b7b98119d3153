using System;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>
    /// A decorator around any <see cref="IPackageSource"/> that fails or stalls when a read reaches
    /// <see cref="FaultOffset"/>: a read that starts before the offset returns only the bytes before
    /// it (a short read, as a network stream gives), and the next read, at the offset, meets
    /// <see cref="Fault"/>. With <see cref="Once"/> (the default) the fault fires once and the
    /// connection is then healthy again; otherwise every read at or past the offset meets it.
    /// </summary>
    /// <remarks>
    /// <see cref="PackageSourceFault.Stall"/> blocks the reading thread, so the engine under test runs
    /// on another thread: wait with <see cref="WaitUntilStalled"/>, look at what you need, then
    /// <see cref="Release"/>. A stall not released within <see cref="StallTimeout"/> throws
    /// <see cref="TimeoutException"/>, so a forgotten release fails the test instead of hanging it.
    /// </remarks>
    public sealed class FaultingPackageSource : IPackageSource, IDisposable
    {
        private readonly IPackageSource _inner;
        private readonly ManualResetEventSlim _stalled = new ManualResetEventSlim(false);
        private readonly ManualResetEventSlim _released = new ManualResetEventSlim(false);
        private bool _armed;
        private PackageSourceFault _fault;

        /// <summary>Wraps <paramref name="inner"/>; no fault until <see cref="Fault"/> is set.</summary>
        public FaultingPackageSource(IPackageSource inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            _inner = inner;
        }

        /// <summary>Wraps <paramref name="inner"/> with <paramref name="fault"/> at <paramref name="offset"/>.</summary>
        public FaultingPackageSource(IPackageSource inner, PackageSourceFault fault, long offset)
            : this(inner)
        {
            FaultOffset = offset;
            Fault = fault;
        }

        /// <summary>What happens at <see cref="FaultOffset"/>; setting it (re)arms the fault.</summary>
        public PackageSourceFault Fault
        {
            get => _fault;
            set
            {
                _fault = value;
                _armed = value != PackageSourceFault.None;
            }
        }

        /// <summary>Package offset where the fault happens (0 = the first byte).</summary>
        public long FaultOffset { get; set; }

        /// <summary>True (default): the fault fires once, then reads pass through; false: every read at or past the offset faults.</summary>
        public bool Once { get; set; } = true;

        /// <summary>How long a stall waits for <see cref="Release"/> before it throws <see cref="TimeoutException"/>.</summary>
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Number of times the fault fired.</summary>
        public int FaultsRaised { get; private set; }

        /// <summary>Number of <see cref="Read"/> calls so far.</summary>
        public int Reads { get; private set; }

        /// <inheritdoc />
        public long Length => _inner.Length;

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            Reads++;
            if (_armed && count > 0 && position + count > FaultOffset)
            {
                if (position < FaultOffset)
                {
                    // Deliver what lies before the fault; the caller's next read meets it.
                    return _inner.Read(position, buffer, offset, (int)(FaultOffset - position));
                }

                if (Fire(position))
                {
                    return 0;
                }
            }

            return _inner.Read(position, buffer, offset, count);
        }

        /// <summary>Waits until a read is stalled at the offset; false when none came within <paramref name="timeout"/>.</summary>
        public bool WaitUntilStalled(TimeSpan timeout) => _stalled.Wait(timeout);

        /// <summary>Lets a stalled read (and any later stall) go on.</summary>
        public void Release() => _released.Set();

        /// <summary>Frees the wait handles.</summary>
        public void Dispose()
        {
            _released.Set();
            _stalled.Dispose();
            _released.Dispose();
        }

        /// <summary>Carries out the fault; true when the read must report end of data.</summary>
        private bool Fire(long position)
        {
            FaultsRaised++;
            if (Once)
            {
                _armed = false;
            }

            switch (_fault)
            {
                case PackageSourceFault.EndOfData:
                    return true;
                case PackageSourceFault.TransportError:
                    // The place for the transport-error return once IPackageSource.Read has one.
                    throw new TransportFaultException(position);
                case PackageSourceFault.Stall:
                    _stalled.Set();
                    if (!_released.Wait(StallTimeout))
                    {
                        throw new TimeoutException("Stalled read at package offset " + position + " was never released");
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
