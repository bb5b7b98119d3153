using System;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// Builds .mdpkg packages: header, COSE_Sign1 envelope (manifest signed by the update-signer,
    /// with its delegation, the current revocation list and any root rotations in the unprotected
    /// header), then the payload. The payload is streamed in 64 KiB chunks: hashed once to build the
    /// manifest, then copied (and hashed again, so a payload that changes meanwhile is caught).
    /// </summary>
    public static class PackageBuilder
    {
        /// <summary>Builds a package from <paramref name="payloadPath"/> into <paramref name="outputPath"/>, atomically.</summary>
        /// <exception cref="CompanionException">InputError (payload missing, unreadable, empty or changing),
        /// InvalidArgument (request fields), PkiError (envelope too large), OutputError.</exception>
        public static PackageBuildResult CreateFile(PackageSigningMaterial material, PackageRequest request, string payloadPath, string outputPath, IPayloadProgress? progress)
        {
            using (FileStream payload = OpenPayload(payloadPath))
            {
                PackageBuildResult? result = null;
                AtomicFile.Write(outputPath, AtomicFile.PublicFileMode, output => result = Write(material, request, payload, output, progress));
                return result!;
            }
        }

        /// <summary>Builds a package from a seekable <paramref name="payload"/> stream (read from position 0 to its end) into <paramref name="output"/>.</summary>
        public static PackageBuildResult Write(PackageSigningMaterial material, PackageRequest request, Stream payload, Stream output, IPayloadProgress? progress)
        {
            ArgumentNullException.ThrowIfNull(material);
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(payload);
            ArgumentNullException.ThrowIfNull(output);
            request.Validate();
            long size = payload.Length;
            if (size == 0)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "the payload is empty");
            }

            payload.Position = 0;
            byte[] digest = HashPayload(payload, size, null, "hashing", progress);
            Manifest manifest = new Manifest
            {
                VendorId = material.VendorId,
                DeviceClassId = request.DeviceClassId,
                Component = request.Component,
                Version = request.Version,
                SecurityCounter = request.SecurityCounter,
                PayloadDigest = digest,
                PayloadSize = size,
                Created = request.Created,
                Expires = request.Expires,
                SignerKeyId = material.Signer.PublicKey.KeyId,
                RevocationListVersion = material.RevocationListVersion,
            };
            byte[] envelope = CoseSign1Writer.Sign(material.Signer, manifest.Encode(), material.Delegation, material.RevocationList, material.RootRotations);
            if (envelope.Length > PackageFormat.MaxEnvelopeSize)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the envelope would be " + envelope.Length + " bytes, over the " + PackageFormat.MaxEnvelopeSize + "-byte limit (too many revocations or root rotations)");
            }

            output.Write(PackageFile.EncodeHeader(envelope.Length));
            output.Write(envelope);
            payload.Position = 0;
            byte[] second = HashPayload(payload, size, output, "writing", progress);
            if (!CryptographicOperations.FixedTimeEquals(digest, second))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "the payload changed while it was being packaged");
            }

            return new PackageBuildResult(manifest, envelope.Length, PackageFormat.HeaderSize + envelope.Length + size);
        }

        /// <summary>Opens a payload file for streaming, mapping failures to input errors.</summary>
        internal static FileStream OpenPayload(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, PackageFile.ChunkSize);
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read payload '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read payload '" + path + "': " + e.Message, e);
            }
        }

        private static byte[] HashPayload(Stream payload, long size, Stream? output, string phase, IPayloadProgress? progress)
        {
            using (IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                long read = PayloadStreaming.HashCopy(payload, size, output, hash, phase, progress);
                if (read != size || payload.ReadByte() != -1)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "the payload changed size while it was being packaged");
                }

                return hash.GetHashAndReset();
            }
        }
    }
}
