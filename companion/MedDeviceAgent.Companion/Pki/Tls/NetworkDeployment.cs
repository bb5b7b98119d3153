using System;
using System.Text;
using System.Text.Json.Nodes;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// The provisioning file <c>nanoff --networkdeployment FILE</c> reads (nanoFirmwareFlasher's
    /// NetworkDeploymentConfiguration, property names matched case-insensitively): <c>DeviceCertificates</c>
    /// is the Base64 of the device's PEM certificate followed by its PEM private key (what the
    /// device certificate store of nanoFramework holds), <c>CACertificates</c> the Base64 of the
    /// PEM CA bundle that verifies the broker. nanoff appends the NUL terminator mbedTLS needs.
    /// </summary>
    /// <remarks>The file holds the device's private key: it is written 0600 like key.pem. Wi-Fi settings
    /// (<c>WirelessClient</c>) are site-specific and left for the installer to add.</remarks>
    public static class NetworkDeployment
    {
        /// <summary>The JSON document for a device.</summary>
        public static JsonObject Create(string certificatePem, string privateKeyPem, string caBundlePem)
        {
            ArgumentNullException.ThrowIfNull(certificatePem);
            ArgumentNullException.ThrowIfNull(privateKeyPem);
            ArgumentNullException.ThrowIfNull(caBundlePem);
            return new JsonObject
            {
                ["DeviceCertificates"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificatePem + privateKeyPem)),
                ["CACertificates"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(caBundlePem)),
            };
        }
    }
}
