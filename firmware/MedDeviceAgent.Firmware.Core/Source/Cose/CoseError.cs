namespace MedDeviceAgent.Firmware.Core.Cose
{
    /// <summary>
    /// Why a COSE structure or an integer-keyed map was refused. Values are fixed. Domain-neutral:
    /// each caller maps it onto its own verdict (an update package onto <c>UpdateResult</c>, a
    /// command onto its own), so the COSE layer knows nothing of what the structure carries.
    /// </summary>
    public enum CoseError
    {
        /// <summary>No error: the structure was parsed.</summary>
        None = 0,

        /// <summary>The bytes are not well-formed deterministic CBOR (see <see cref="Cbor.CborError"/>).</summary>
        MalformedCbor = 1,

        /// <summary>
        /// Well-formed CBOR of the wrong shape: not a tagged four-element COSE_Sign1, a header outside
        /// the allow-list, a missing or misplaced field, a map key that is not a known positive integer.
        /// </summary>
        InvalidStructure = 2,

        /// <summary>The protected header names a signature algorithm the device does not verify.</summary>
        UnsupportedAlgorithm = 3,
    }
}
