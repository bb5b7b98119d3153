using System;
using System.Globalization;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>A <c>--broker HOST:PORT</c> value (<c>[v6]:port</c> for IPv6); the port defaults to 8883.</summary>
    public static class BrokerAddress
    {
        /// <summary>Default MQTT over TLS port.</summary>
        public const int DefaultPort = 8883;

        /// <summary>Splits <paramref name="text"/> into host and port.</summary>
        /// <exception cref="CompanionException">InvalidArgument for an empty host or a port outside 1..65535.</exception>
        public static (string Host, int Port) Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            string value = text.Trim();
            string host = value;
            string? portText = null;
            if (value.StartsWith('['))
            {
                int close = value.IndexOf(']');
                if (close < 0 || (close + 1 < value.Length && value[close + 1] != ':'))
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--broker: malformed '" + text + "' (IPv6 is [address]:port)");
                }

                host = value.Substring(1, close - 1);
                portText = close + 1 < value.Length ? value.Substring(close + 2) : null;
            }
            else if (value.IndexOf(':') >= 0 && value.IndexOf(':') == value.LastIndexOf(':'))
            {
                int colon = value.IndexOf(':');
                host = value.Substring(0, colon);
                portText = value.Substring(colon + 1);
            }

            int port = DefaultPort;
            if (portText != null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--broker: '" + portText + "' is not a port from 1 to 65535");
            }

            if (host.Length == 0)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--broker: no host in '" + text + "'");
            }

            return (host, port);
        }
    }
}
