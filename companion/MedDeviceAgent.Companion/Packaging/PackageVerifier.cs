using System;
using System.IO;
using MedDeviceAgent.Companion.McuBoot;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// Entry point of 'mda package verify': opens a package, recognises its format by its magic,
    /// and hands an .mdpkg package to the firmware core (<see cref="FirmwareCoreVerifier"/>, the
    /// device's own verifier) and an MCUboot image to <see cref="McuBootImage.Verify"/>.
    /// </summary>
    public static class PackageVerifier
    {
        /// <summary>Verifies the package file at <paramref name="path"/>.</summary>
        /// <param name="path">The package or MCUboot image.</param>
        /// <param name="trust">For .mdpkg: the trust state. For MCUboot: <see cref="VerificationTrust.Root"/> is the signing key itself.</param>
        /// <param name="expectations">Device facts to check (.mdpkg only).</param>
        /// <param name="now">The trusted time.</param>
        /// <param name="progress">Told as the payload is hashed, or null.</param>
        /// <exception cref="CompanionException">InputError when the file cannot be opened or read.</exception>
        public static VerificationReport VerifyFile(string path, VerificationTrust trust, DeviceExpectations expectations, DateTimeOffset now, IPayloadProgress? progress)
        {
            ArgumentNullException.ThrowIfNull(path);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PackageFile.ChunkSize);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read package '" + path + "': " + e.Message, e);
            }

            using (stream)
            {
                try
                {
                    return Verify(stream, trust, expectations, now, progress);
                }
                catch (IOException e)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "cannot read package '" + path + "': " + e.Message, e);
                }
            }
        }

        /// <summary>Verifies a package read from a seekable stream (an MCUboot image is recognised by its magic).</summary>
        public static VerificationReport Verify(Stream package, VerificationTrust trust, DeviceExpectations expectations, DateTimeOffset now, IPayloadProgress? progress)
        {
            ArgumentNullException.ThrowIfNull(package);
            ArgumentNullException.ThrowIfNull(trust);
            ArgumentNullException.ThrowIfNull(expectations);
            if (McuBootImage.HasMagic(package))
            {
                return McuBootImage.Verify(package, trust.Root);
            }

            return FirmwareCoreVerifier.Verify(new StreamPackageSource(package), trust, expectations, now, progress);
        }

        /// <summary>
        /// Verifies an .mdpkg package as a device would that trusts <paramref name="trustAnchor"/> as
        /// the PKI's first root (sequence 1), holds <paramref name="storedRevocationList"/> (or none),
        /// and whose vendor, class, floor and slot are not known (so not checked).
        /// </summary>
        public static VerificationReport Verify(Stream package, Pki.PublicKeyInfo trustAnchor, DateTimeOffset now, byte[]? storedRevocationList)
        {
            return Verify(package, new VerificationTrust(trustAnchor, VerificationTrust.FirstRootSequence, storedRevocationList), DeviceExpectations.None, now, null);
        }
    }
}
