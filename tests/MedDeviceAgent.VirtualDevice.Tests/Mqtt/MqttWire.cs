using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// Hand-made MQTT 3.1.1 packets for the fault tests that need what a correct client or broker never does
    /// (a retransmitted PUBLISH, a server that stops answering). Only the packets those tests use.
    /// </summary>
    public static class MqttWire
    {
        /// <summary>CONNACK, session not present, return code 0 (accepted).</summary>
        public static readonly byte[] ConnAckAccepted = { 0x20, 0x02, 0x00, 0x00 };

        /// <summary>DISCONNECT.</summary>
        public static readonly byte[] Disconnect = { 0xE0, 0x00 };

        /// <summary>Packet type of CONNECT (upper nibble of the first byte).</summary>
        public const int ConnectType = 1;

        /// <summary>Packet type of PUBACK.</summary>
        public const int PubAckType = 4;

        /// <summary>Packet type of SUBSCRIBE.</summary>
        public const int SubscribeType = 8;

        /// <summary>CONNECT with a clean session, no credentials, 60 s keep-alive.</summary>
        public static byte[] Connect(string clientId)
        {
            List<byte> body = new List<byte>();
            AppendString(body, "MQTT");
            body.Add(0x04); // protocol level 3.1.1
            body.Add(0x02); // clean session
            body.Add(0x00);
            body.Add(60);
            AppendString(body, clientId);
            return Packet(0x10, body);
        }

        /// <summary>PUBLISH at QoS 1 with the given packet id; <paramref name="duplicate"/> sets the DUP flag of a retransmission.</summary>
        public static byte[] PublishQos1(string topic, ushort packetId, byte[] payload, bool duplicate)
        {
            List<byte> body = new List<byte>();
            AppendString(body, topic);
            body.Add((byte)(packetId >> 8));
            body.Add((byte)packetId);
            body.AddRange(payload);
            return Packet((byte)(0x32 | (duplicate ? 0x08 : 0)), body);
        }

        /// <summary>SUBACK refusing the one filter of the SUBSCRIBE whose body is given (return code 0x80).</summary>
        public static byte[] SubAckFailure(byte[] subscribeBody)
        {
            ArgumentNullException.ThrowIfNull(subscribeBody);
            return new byte[] { 0x90, 0x03, subscribeBody[0], subscribeBody[1], 0x80 };
        }

        /// <summary>Reads one packet; returns its first byte and body, or null when the stream ended.</summary>
        public static (byte Header, byte[] Body)? Read(Stream stream)
        {
            ArgumentNullException.ThrowIfNull(stream);
            int header = stream.ReadByte();
            if (header < 0)
            {
                return null;
            }

            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                int digit = stream.ReadByte();
                if (digit < 0 || shift > 21)
                {
                    return null;
                }

                length |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0)
                {
                    break;
                }
            }

            byte[] body = new byte[length];
            stream.ReadExactly(body);
            return ((byte)header, body);
        }

        private static byte[] Packet(byte header, List<byte> body)
        {
            List<byte> packet = new List<byte> { header };
            int length = body.Count;
            do
            {
                byte digit = (byte)(length & 0x7F);
                length >>= 7;
                packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
            }
            while (length > 0);
            packet.AddRange(body);
            return packet.ToArray();
        }

        private static void AppendString(List<byte> target, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            target.Add((byte)(bytes.Length >> 8));
            target.Add((byte)bytes.Length);
            target.AddRange(bytes);
        }
    }
}
