using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// Writes a provisioning bundle folder all at once: the files go into a private temporary folder
    /// beside the destination, which is then renamed into place, so a failure leaves no bundle at all
    /// (never half of one). A destination that already exists, of any kind, is refused: a bundle holds
    /// a private key and is never merged into, or written over, another folder.
    /// </summary>
    public static class ProvisioningBundle
    {
        /// <summary>CA bundle that verifies the broker (and the issuing chain).</summary>
        public const string CaFile = "ca.pem";

        /// <summary>The holder's certificate.</summary>
        public const string CertificateFile = "cert.pem";

        /// <summary>The holder's private key, unencrypted PKCS#8 PEM (0600).</summary>
        public const string KeyFile = "key.pem";

        /// <summary>The device's telemetry MAC key, 32 raw bytes (0600).</summary>
        public const string TelemetryKeyFile = "telemetry.key";

        /// <summary>The nanoff --networkdeployment file (0600: it carries the private key).</summary>
        public const string NetworkDeploymentFile = "network-deployment.json";

        /// <summary>A private file of the bundle.</summary>
        public sealed class Entry
        {
            /// <summary>Creates an entry.</summary>
            public Entry(string name, byte[] content, bool isPrivate)
            {
                Name = name;
                Content = content;
                Private = isPrivate;
            }

            /// <summary>File name inside the bundle.</summary>
            public string Name { get; }

            /// <summary>File content.</summary>
            public byte[] Content { get; }

            /// <summary>True for 0600 (private), false for 0644.</summary>
            public bool Private { get; }

            /// <summary>A text entry (ASCII/UTF-8).</summary>
            public static Entry Text(string name, string text, bool isPrivate)
            {
                return new Entry(name, Encoding.UTF8.GetBytes(text), isPrivate);
            }
        }

        /// <summary>Throws an OutputError when <paramref name="path"/> exists (so the caller can refuse before any key is made).</summary>
        public static void CheckCanCreate(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            PathKind kind = PathProbe.Of(Path.GetFullPath(path));
            if (kind != PathKind.Missing)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write bundle '" + path + "': it already exists (" + PathProbe.Describe(kind) + "); name a new folder");
            }

            string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent == null || !Directory.Exists(parent))
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write bundle '" + path + "': its parent folder does not exist");
            }
        }

        /// <summary>Writes <paramref name="entries"/> into the new folder <paramref name="path"/> (mode 0700).</summary>
        /// <exception cref="CompanionException">OutputError when the folder exists or cannot be written; nothing is left behind.</exception>
        public static void Write(string path, IEnumerable<Entry> entries)
        {
            ArgumentNullException.ThrowIfNull(entries);
            CheckCanCreate(path);
            string full = Path.GetFullPath(path);
            string temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp");
            bool moved = false;
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(temp);
                }
                else
                {
                    Directory.CreateDirectory(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                foreach (Entry entry in entries)
                {
                    AtomicFile.WriteAllBytes(Path.Combine(temp, entry.Name), entry.Content, entry.Private ? AtomicFile.PrivateFileMode : AtomicFile.PublicFileMode);
                }

                Directory.Move(temp, full);
                moved = true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write bundle '" + path + "': " + e.Message, e);
            }
            finally
            {
                if (!moved)
                {
                    TryDelete(temp);
                }
            }
        }

        /// <summary>Removes a bundle this process just wrote (used when the PKI cannot record the issue).</summary>
        internal static void TryDelete(string path)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
