using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// Writes a command's report either as indented JSON (--json, for scripts) or as aligned
    /// human-readable text derived from the same object, so both always carry the same facts.
    /// </summary>
    internal static class ReportWriter
    {
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>Writes <paramref name="report"/> as JSON or as text under <paramref name="headline"/>.</summary>
        public static void Write(TextWriter output, bool json, string headline, JsonObject report)
        {
            if (json)
            {
                output.WriteLine(report.ToJsonString(Indented));
                return;
            }

            output.WriteLine(headline);
            WriteObject(output, report, "  ");
        }

        /// <summary>"payloadDigest" → "payload digest".</summary>
        internal static string Label(string camelCase)
        {
            StringBuilder text = new StringBuilder();
            foreach (char c in camelCase)
            {
                if (char.IsUpper(c))
                {
                    text.Append(' ').Append(char.ToLowerInvariant(c));
                }
                else
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }

        private static void WriteObject(TextWriter output, JsonObject value, string indent)
        {
            int width = 0;
            foreach (KeyValuePair<string, JsonNode?> entry in value)
            {
                width = System.Math.Max(width, Label(entry.Key).Length);
            }

            foreach (KeyValuePair<string, JsonNode?> entry in value)
            {
                string label = (Label(entry.Key) + ":").PadRight(width + 2);
                WriteEntry(output, indent, label, entry.Value);
            }
        }

        private static void WriteEntry(TextWriter output, string indent, string label, JsonNode? node)
        {
            if (node is JsonObject child)
            {
                output.WriteLine(indent + label.TrimEnd());
                WriteObject(output, child, indent + "  ");
            }
            else if (node is JsonArray array)
            {
                if (array.Count == 0)
                {
                    output.WriteLine(indent + label + "(none)");
                    return;
                }

                output.WriteLine(indent + label.TrimEnd());
                for (int i = 0; i < array.Count; i++)
                {
                    WriteEntry(output, indent + "  ", "[" + (i + 1) + "] ", array[i]);
                }
            }
            else
            {
                output.WriteLine(indent + label + Scalar(node));
            }
        }

        private static string Scalar(JsonNode? node)
        {
            if (node == null)
            {
                return "(none)";
            }

            return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        }
    }
}
