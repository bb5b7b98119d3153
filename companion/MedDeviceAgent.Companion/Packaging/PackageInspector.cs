using System;
using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Decodes an .mdpkg package for display without verifying it.</summary>
    public static class PackageInspector
    {
        private delegate string? PayloadDecoder<T>(byte[] payload, out T? value);

        /// <summary>Decodes the package in <paramref name="stream"/>.</summary>
        /// <exception cref="CompanionException">InputError when the framing or envelope cannot be decoded (the message gives the verdict a device would report).</exception>
        public static PackageInspection Inspect(Stream stream)
        {
            UpdateResult framing = PackageFile.ReadEnvelope(stream, out PackageEnvelope? envelope, out string reason);
            if (framing != UpdateResult.Accepted || envelope == null)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "not a readable .mdpkg package (" + framing + "): " + reason);
            }

            CoseSign1Message cose = envelope.Cose;
            UpdateResult manifestResult = Manifest.TryDecode(cose.Payload, out Manifest? manifest, out string manifestReason);
            InspectedStatement<Delegation>? delegation = cose.Delegation == null ? null : Decode<Delegation>(cose.Delegation, Delegation.TryDecode);
            InspectedStatement<RevocationList>? revocation = cose.RevocationList == null ? null : Decode<RevocationList>(cose.RevocationList, RevocationList.TryDecode);
            List<InspectedStatement<RootRotation>> rotations = new List<InspectedStatement<RootRotation>>();
            foreach (byte[] rotation in cose.RootRotations)
            {
                rotations.Add(Decode<RootRotation>(rotation, RootRotation.TryDecode));
            }

            return new PackageInspection(envelope, manifest, manifestResult == UpdateResult.Accepted ? null : manifestReason, delegation, revocation, rotations);
        }

        private static InspectedStatement<T> Decode<T>(byte[] statement, PayloadDecoder<T> decoder)
            where T : class
        {
            if (CoseSign1Message.TryDecode(statement, isEnvelope: false, out CoseSign1Message? message, out string reason) != CoseDecodeError.None || message == null)
            {
                return new InspectedStatement<T>(null, CoseAlgorithm.None, null, reason, statement.Length);
            }

            string? error = decoder(message.Payload, out T? value);
            return new InspectedStatement<T>(message.KeyId, message.Algorithm, value, error, statement.Length);
        }
    }
}
