using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>
    /// A power-cut decorator around any <see cref="IStorage"/> (in-memory flash, file-backed flash):
    /// counts the mutating calls, and when <see cref="CutAtWrite"/> is reached tears that call (a
    /// write keeps only a seeded random prefix of its bytes, a delete is either done or not) and
    /// throws <see cref="PowerCutException"/>. From then on the storage is dead: every call throws
    /// until <see cref="PowerOn"/>, as on a device that lost power.
    /// </summary>
    /// <remarks>
    /// Without a cut armed it is transparent and allocates nothing per call, so allocation
    /// measurements may run through it. The tear point comes from <see cref="Random"/> seeded at
    /// construction: a sweep that seeds each cut differently tears at different bytes, yet every run
    /// of the sweep is the same. Not thread-safe (the engine under test is single-threaded).
    /// </remarks>
    public sealed class FaultInjectingStorage : IStorage
    {
        private readonly Random _random;

        /// <summary>Wraps <paramref name="inner"/>; nothing is cut until <see cref="CutAtWrite"/> is set.</summary>
        /// <param name="inner">The medium that keeps the bytes.</param>
        /// <param name="seed">Seed for the tear point of a cut write (and whether a cut delete happens).</param>
        public FaultInjectingStorage(IStorage inner, int seed = 1)
        {
            ArgumentNullException.ThrowIfNull(inner);
            Inner = inner;
#pragma warning disable CA5394 // Tear points are test fault injection, not security.
            _random = new Random(seed);
#pragma warning restore CA5394
        }

        /// <summary>The wrapped medium.</summary>
        public IStorage Inner { get; }

        /// <summary>Number of mutating calls (writes and deletes) so far, the torn one included.</summary>
        public long WriteCount { get; private set; }

        /// <summary>When positive, the mutating call with this 1-based index is torn and the storage dies; 0 disarms.</summary>
        public long CutAtWrite { get; set; }

        /// <summary>True from a cut until <see cref="PowerOn"/>.</summary>
        public bool IsDead { get; private set; }

        /// <summary>Number of cuts so far (injected or <see cref="CutNow"/>).</summary>
        public int Cuts { get; private set; }

        /// <summary>Arms a cut at the <paramref name="writesFromNow"/>-th mutating call from now (1 = the next one).</summary>
        public void CutAfter(long writesFromNow)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(writesFromNow, 1);
            CutAtWrite = WriteCount + writesFromNow;
        }

        /// <summary>Cuts the power between two calls (nothing torn): the storage is dead until <see cref="PowerOn"/>.</summary>
        public void CutNow()
        {
            IsDead = true;
            Cuts++;
        }

        /// <summary>Brings a dead storage back (the next power-on of the device) and disarms any pending cut.</summary>
        public void PowerOn()
        {
            IsDead = false;
            CutAtWrite = 0;
        }

        /// <inheritdoc />
        public int GetLength(string name)
        {
            ThrowIfDead();
            return Inner.GetLength(name);
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            ThrowIfDead();
            return Inner.Read(name, position, buffer, offset, count);
        }

        /// <inheritdoc />
        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            ThrowIfDead();
            WriteCount++;
            if (!IsCutHere())
            {
                Inner.Write(name, position, buffer, offset, count);
                return;
            }

#pragma warning disable CA5394
            int written = count <= 0 ? 0 : _random.Next(0, count);
#pragma warning restore CA5394
            Inner.Write(name, position, buffer, offset, written);
            Die();
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            ThrowIfDead();
            WriteCount++;
            if (!IsCutHere())
            {
                Inner.Delete(name);
                return;
            }

#pragma warning disable CA5394
            if (_random.Next(2) == 0)
#pragma warning restore CA5394
            {
                Inner.Delete(name);
            }

            Die();
        }

        private bool IsCutHere() => CutAtWrite > 0 && WriteCount == CutAtWrite;

        private void Die()
        {
            IsDead = true;
            Cuts++;
            throw new PowerCutException(WriteCount);
        }

        private void ThrowIfDead()
        {
            if (IsDead)
            {
                throw new PowerCutException(WriteCount);
            }
        }
    }
}
