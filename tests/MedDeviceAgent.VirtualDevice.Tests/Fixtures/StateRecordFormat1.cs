using System;
using MedDeviceAgent.Firmware.Core.Storage;

namespace MedDeviceAgent.VirtualDevice.Tests.Fixtures
{
    /// <summary>
    /// The two state records ("state.a", "state.b") of a device running the first firmware: record
    /// format 1, as its StateStore wrote them.
    /// </summary>
    /// <remarks>
    /// Provenance: generated on 2026-12-03 by the repository's own code at commit
    /// 0b6accb80a4c9081e808275ada1a1966304ec30b (before the trust-state split and record format 2),
    /// by a throw-away program against that commit's host build of the core: a DeviceState with
    /// SetIdentity("acme", "pump-x1", "dev-0001"); Root.Set(2, EdDSA, key bytes 0xA0..0xBF);
    /// ActiveSlot 1; Active 1.1.0, security counter 2, size 20, digest bytes 0x10..0x2F;
    /// SecurityFloor 2; RevocationVersion 3 with two revoked ids (16 x 0x77, then 0xC0..0xCF);
    /// Phase Staging, PendingSlot 0, Pending 1.2.0, security counter 3, size 10240, digest bytes
    /// 0x50..0x6F; StagedBytes 4096; LastResult 0 (Accepted); BootCount 6; saved once with
    /// new StateStore(storage).Save(state) (sequence 1, state.a), then BootCount set to 7 and saved
    /// again (sequence 2, state.b). The bytes below are those two blobs, hex, unchanged.
    /// </remarks>
    internal static class StateRecordFormat1
    {
        public const string RecordAHex =
            "4D44535401000000010000000C0100000461636D650770756D702D7831086465762D3030303101010000000100000000" +
            "000000020000000000000014000000101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F02" +
            "0000000000000002000000F8FFFFFF20A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF" +
            "000000000000000000000000000000000000000000000000000000000000000000030000000277777777777777777777" +
            "777777777777C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF0100010000000200000000000000030000000000000000280000" +
            "505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F0010000000000000060000009B808201" +
            "ED690FDA90971988F9E7EEB74D2D3F4E83BB3A9CFFEEBF0D2F764EA9";

        public const string RecordBHex =
            "4D44535401000000020000000C0100000461636D650770756D702D7831086465762D3030303101010000000100000000" +
            "000000020000000000000014000000101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F02" +
            "0000000000000002000000F8FFFFFF20A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF" +
            "000000000000000000000000000000000000000000000000000000000000000000030000000277777777777777777777" +
            "777777777777C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF0100010000000200000000000000030000000000000000280000" +
            "505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F0010000000000000070000009EBA406B" +
            "9BCA612B4B43B15D13B69E28F79708B85BA93A2760F53B01DCE6D9BC";

        /// <summary>Root public key of the fixture (raw Ed25519, 32 bytes 0xA0..0xBF).</summary>
        public static byte[] RootKey()
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0xA0 + i);
            }

            return key;
        }

        /// <summary>Writes both records to <paramref name="storage"/> as the first firmware left them.</summary>
        public static void WriteTo(MedDeviceAgent.Firmware.Core.Platform.IStorage storage)
        {
            byte[] a = Convert.FromHexString(RecordAHex);
            byte[] b = Convert.FromHexString(RecordBHex);
            storage.Write(StateStore.RecordA, 0, a, 0, a.Length);
            storage.Write(StateStore.RecordB, 0, b, 0, b.Length);
        }
    }
}
