using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace MedDeviceAgent.Firmware.Core.Tests.Support
{
    /// <summary>One Wycheproof signature test case with its group's public key.</summary>
    public sealed class WycheproofCase
    {
        public required int TcId { get; init; }
        public required string Comment { get; init; }
        public required IReadOnlyList<string> Flags { get; init; }
        public required byte[] Message { get; init; }
        public required byte[] Signature { get; init; }
        /// <summary>"valid", "invalid" or "acceptable".</summary>
        public required string Result { get; init; }
        /// <summary>Raw public key: Ed25519 32 bytes; ECDSA uncompressed point 0x04‖X‖Y (65 bytes).</summary>
        public required byte[] PublicKey { get; init; }
        public required byte[] PublicKeyDer { get; init; }

        public override string ToString() => "tcId " + TcId + " (" + Result + "): " + Comment;
    }

    /// <summary>Reads the Wycheproof files in ../shared/vectors/wycheproof/.</summary>
    public static class WycheproofVectors
    {
        /// <summary>All cases of a file, in file order.</summary>
        public static IReadOnlyList<WycheproofCase> Load(string fileName)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Wycheproof(fileName)));
            List<WycheproofCase> cases = new List<WycheproofCase>();
            foreach (JsonElement group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
            {
                byte[] raw = RawPublicKey(group.GetProperty("publicKey"));
                byte[] der = group.TryGetProperty("publicKeyDer", out JsonElement d) ? Convert.FromHexString(d.GetString()!) : Array.Empty<byte>();
                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    List<string> flags = new List<string>();
                    foreach (JsonElement f in test.GetProperty("flags").EnumerateArray())
                    {
                        flags.Add(f.GetString()!);
                    }

                    cases.Add(new WycheproofCase
                    {
                        TcId = test.GetProperty("tcId").GetInt32(),
                        Comment = test.GetProperty("comment").GetString() ?? string.Empty,
                        Flags = flags,
                        Message = Convert.FromHexString(test.GetProperty("msg").GetString()!),
                        Signature = Convert.FromHexString(test.GetProperty("sig").GetString()!),
                        Result = test.GetProperty("result").GetString()!,
                        PublicKey = raw,
                        PublicKeyDer = der,
                    });
                }
            }

            return cases;
        }

        private static byte[] RawPublicKey(JsonElement key)
        {
            if (key.TryGetProperty("pk", out JsonElement pk))
            {
                return Convert.FromHexString(pk.GetString()!);
            }

            if (key.TryGetProperty("uncompressed", out JsonElement u))
            {
                return Convert.FromHexString(u.GetString()!);
            }

            // Fall back to wx/wy, which may carry a leading 00 byte or be short.
            byte[] x = FixedWidth(Convert.FromHexString(key.GetProperty("wx").GetString()!), 32);
            byte[] y = FixedWidth(Convert.FromHexString(key.GetProperty("wy").GetString()!), 32);
            byte[] point = new byte[65];
            point[0] = 0x04;
            x.CopyTo(point, 1);
            y.CopyTo(point, 33);
            return point;
        }

        private static byte[] FixedWidth(byte[] value, int width)
        {
            byte[] result = new byte[width];
            int skip = 0;
            while (value.Length - skip > width && value[skip] == 0)
            {
                skip++;
            }

            Array.Copy(value, skip, result, width - (value.Length - skip), value.Length - skip);
            return result;
        }
    }
}
