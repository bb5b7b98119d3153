using System;

namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// The registration of an <see cref="IWorkYield"/> for one thread, made by <see cref="WorkYield.Enter"/>;
    /// disposing it restores the hook the thread had before (or none).
    /// </summary>
    public sealed class WorkYieldScope : IDisposable
    {
        private readonly int _threadId;
        private readonly IWorkYield _previous;
        private bool _disposed;

        internal WorkYieldScope(int threadId, IWorkYield previous)
        {
            _threadId = threadId;
            _previous = previous;
        }

        /// <summary>Ends the registration; a second call has no effect.</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                WorkYield.Restore(_threadId, _previous);
            }
        }
    }
}
