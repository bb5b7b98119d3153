namespace MedDeviceAgent.Companion.IO
{
    /// <summary>What a file-system path names, as <see cref="PathProbe.Of"/> sees it (without following a final symbolic link).</summary>
    public enum PathKind
    {
        /// <summary>Nothing exists at the path.</summary>
        Missing = 0,

        /// <summary>A regular file: the only kind mda replaces.</summary>
        RegularFile = 1,

        /// <summary>A directory.</summary>
        Directory = 2,

        /// <summary>A symbolic link (possibly dangling).</summary>
        SymbolicLink = 3,

        /// <summary>A FIFO (named pipe).</summary>
        Fifo = 4,

        /// <summary>A character device, e.g. /dev/null or /dev/full.</summary>
        CharacterDevice = 5,

        /// <summary>A block device, e.g. a disk.</summary>
        BlockDevice = 6,

        /// <summary>A Unix domain socket.</summary>
        Socket = 7,

        /// <summary>Something else the probe could not classify (never treated as a regular file).</summary>
        Unknown = 8,
    }
}
