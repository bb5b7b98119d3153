using System;
using System.Collections.Generic;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// A statement an envelope carries, decoded for display only: its COSE_Sign1 layer as the
    /// firmware core parses it, and (in the derived types) the payload fields as found. Nothing is
    /// verified or judged here; 'mda package verify' does that with the core.
    /// </summary>
    public abstract class InspectedStatement
    {
        /// <summary>Creates the statement view.</summary>
        protected InspectedStatement(int size)
        {
            Size = size;
        }

        /// <summary>Size of the statement in bytes.</summary>
        public int Size { get; }

        /// <summary>The statement's kid (its claimed signer), when its COSE_Sign1 layer decodes.</summary>
        public byte[]? SignerKeyId { get; internal set; }

        /// <summary>The statement's protected algorithm, when its COSE_Sign1 layer decodes.</summary>
        public CoseAlgorithm? Algorithm { get; internal set; }

        /// <summary>Why the statement or its payload map does not decode, or null.</summary>
        public string? Error { get; internal set; }

        /// <summary>Payload fields that are absent or of the wrong type (their properties are null).</summary>
        public IReadOnlyList<string> MissingFields { get; internal set; } = Array.Empty<string>();
    }
}
