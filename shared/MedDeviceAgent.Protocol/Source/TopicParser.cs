namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Reads a received topic <c>mda/v1/{deviceClass}/{deviceId}/{leaf}</c> and refuses anything else:
    /// another root, missing or empty levels, wildcards, characters outside the identifier set, oversized
    /// identifiers or topics. Verdicts start as failure.
    /// </summary>
    /// <remarks>
    /// Identifiers are 1-<see cref="MaxIdentifierLength"/> characters of <c>A-Z a-z 0-9 . _ -</c>, the
    /// rule <c>mda pki init</c>, <c>package create</c> and <c>sim init</c> apply; the set excludes the MQTT
    /// wildcards <c>+</c> and <c>#</c> and the level separator. Allocation: the three output strings
    /// (Substring); nothing on a refusal before the levels are found. Time: one pass over the topic.
    /// </remarks>
    public static class TopicParser
    {
        /// <summary>Longest device class or device id.</summary>
        public const int MaxIdentifierLength = 64;

        /// <summary>Longest topic accepted (root, two identifiers, a leaf of up to 64 characters).</summary>
        public const int MaxTopicLength = 7 + MaxIdentifierLength + 1 + MaxIdentifierLength + 1 + 64;

        private const string Prefix = Topics.Root + "/";

        /// <summary>
        /// Splits <paramref name="topic"/> into its device class, device id and leaf (the rest, which may hold
        /// further levels such as <c>cmd/result</c>). On any result but <see cref="TopicParseResult.Ok"/> the
        /// outputs are null.
        /// </summary>
        public static TopicParseResult Parse(string topic, out string deviceClass, out string deviceId, out string leaf)
        {
            deviceClass = null;
            deviceId = null;
            leaf = null;
            if (topic == null || topic.Length == 0 || topic.Length > MaxTopicLength)
            {
                return TopicParseResult.BadLength;
            }

            if (!topic.StartsWith(Prefix))
            {
                return TopicParseResult.WrongRoot;
            }

            int classStart = Prefix.Length;
            int classEnd = topic.IndexOf('/', classStart);
            if (classEnd < 0)
            {
                return TopicParseResult.MissingLevel;
            }

            int idStart = classEnd + 1;
            int idEnd = topic.IndexOf('/', idStart);
            if (idEnd < 0 || idEnd == topic.Length - 1)
            {
                return TopicParseResult.MissingLevel;
            }

            if (!IsValidIdentifier(topic, classStart, classEnd - classStart))
            {
                return classEnd == classStart ? TopicParseResult.MissingLevel : TopicParseResult.InvalidClass;
            }

            if (!IsValidIdentifier(topic, idStart, idEnd - idStart))
            {
                return idEnd == idStart ? TopicParseResult.MissingLevel : TopicParseResult.InvalidId;
            }

            int leafStart = idEnd + 1;
            bool previousSeparator = true;
            for (int i = leafStart; i < topic.Length; i++)
            {
                char c = topic[i];
                if (c == '/')
                {
                    if (previousSeparator)
                    {
                        return TopicParseResult.MissingLevel;
                    }

                    previousSeparator = true;
                }
                else if (IsIdentifierChar(c))
                {
                    previousSeparator = false;
                }
                else
                {
                    return TopicParseResult.InvalidLeaf;
                }
            }

            if (previousSeparator)
            {
                return TopicParseResult.MissingLevel;
            }

            deviceClass = topic.Substring(classStart, classEnd - classStart);
            deviceId = topic.Substring(idStart, idEnd - idStart);
            leaf = topic.Substring(leafStart);
            return TopicParseResult.Ok;
        }

        /// <summary>True when the whole of <paramref name="value"/> is a valid identifier.</summary>
        public static bool IsValidIdentifier(string value)
        {
            return value != null && IsValidIdentifier(value, 0, value.Length);
        }

        /// <summary>
        /// True when <paramref name="count"/> characters of <paramref name="value"/> from
        /// <paramref name="start"/> are 1-64 characters of <c>A-Z a-z 0-9 . _ -</c>.
        /// </summary>
        public static bool IsValidIdentifier(string value, int start, int count)
        {
            if (value == null || start < 0 || count < 1 || count > MaxIdentifierLength || start > value.Length - count)
            {
                return false;
            }

            for (int i = start; i < start + count; i++)
            {
                if (!IsIdentifierChar(value[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsIdentifierChar(char c)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }
    }
}
