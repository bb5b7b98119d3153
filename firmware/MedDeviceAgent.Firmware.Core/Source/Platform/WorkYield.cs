using System;
using System.Threading;

namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// The core's yield points: long-running loops call <see cref="Point"/>, which calls the
    /// <see cref="IWorkYield"/> the current thread registered with <see cref="Enter"/>, if any.
    /// </summary>
    /// <remarks>
    /// <para>Why per thread and not a parameter: the points sit deep in the crypto (Ed25519, P-256, SHA-512)
    /// under the trust and update layers; scheduling is not their concern and their signatures stay as they
    /// are. A hook belongs to the thread that registered it, so another thread's verification (or a parallel
    /// test) never calls it.</para>
    /// <para>Cost: with no hook registered anywhere, one static read per point. With hooks, a short lock and a
    /// scan of at most <see cref="MaxThreads"/> entries. RAM: two arrays of <see cref="MaxThreads"/> entries,
    /// allocated once; <see cref="Enter"/> allocates one small scope object.</para>
    /// <para>Compatibility: nanoFramework 1.x has no [ThreadStatic]; threads are told apart by
    /// <see cref="Thread.ManagedThreadId"/>.</para>
    /// </remarks>
    public static class WorkYield
    {
        /// <summary>Most threads that can have a hook at the same time.</summary>
        public const int MaxThreads = 8;

        private static readonly object Gate = new object();
        private static readonly int[] ThreadIds = new int[MaxThreads];
        private static readonly IWorkYield[] Hooks = new IWorkYield[MaxThreads];
        private static readonly bool[] Used = new bool[MaxThreads];
        private static int s_registered;

        /// <summary>
        /// Makes <paramref name="hook"/> the current thread's yield hook until the returned scope is disposed
        /// (which restores the previous one: scopes nest).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
        /// <exception cref="InvalidOperationException"><see cref="MaxThreads"/> other threads already have hooks.</exception>
        public static WorkYieldScope Enter(IWorkYield hook)
        {
            if (hook == null)
            {
                throw new ArgumentNullException("hook");
            }

            int id = Thread.CurrentThread.ManagedThreadId;
            IWorkYield previous = null;
            lock (Gate)
            {
                int slot = Find(id);
                if (slot >= 0)
                {
                    previous = Hooks[slot];
                }
                else
                {
                    slot = FreeSlot();
                    if (slot < 0)
                    {
                        throw new InvalidOperationException("too many threads with a work-yield hook");
                    }

                    ThreadIds[slot] = id;
                    Used[slot] = true;
                    s_registered++;
                }

                Hooks[slot] = hook;
            }

            return new WorkYieldScope(id, previous);
        }

        /// <summary>A yield point: calls the current thread's hook, if it has one.</summary>
        public static void Point()
        {
            if (s_registered == 0)
            {
                return;
            }

            IWorkYield hook = null;
            int id = Thread.CurrentThread.ManagedThreadId;
            lock (Gate)
            {
                int slot = Find(id);
                if (slot >= 0)
                {
                    hook = Hooks[slot];
                }
            }

            if (hook != null)
            {
                hook.Yield();
            }
        }

        /// <summary>Puts back <paramref name="previous"/> as the hook of thread <paramref name="threadId"/> (none when null).</summary>
        internal static void Restore(int threadId, IWorkYield previous)
        {
            lock (Gate)
            {
                int slot = Find(threadId);
                if (slot < 0)
                {
                    return;
                }

                if (previous == null)
                {
                    Used[slot] = false;
                    Hooks[slot] = null;
                    s_registered--;
                }
                else
                {
                    Hooks[slot] = previous;
                }
            }
        }

        /// <summary>The slot holding thread <paramref name="threadId"/>, or -1. Call under <see cref="Gate"/>.</summary>
        private static int Find(int threadId)
        {
            for (int i = 0; i < MaxThreads; i++)
            {
                if (Used[i] && ThreadIds[i] == threadId)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>An unused slot, or -1. Call under <see cref="Gate"/>.</summary>
        private static int FreeSlot()
        {
            for (int i = 0; i < MaxThreads; i++)
            {
                if (!Used[i])
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
