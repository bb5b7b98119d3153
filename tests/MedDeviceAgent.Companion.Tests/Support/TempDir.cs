using System;
using System.IO;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>A fresh temporary directory, deleted with everything in it on dispose.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mda-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> and returns its path.</summary>
        public string Write(string name, byte[] content)
        {
            string path = File(name);
            System.IO.File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
