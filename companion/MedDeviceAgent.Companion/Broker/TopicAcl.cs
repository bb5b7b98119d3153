using System;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The deny-by-default topic ACL. A device (any identity not on the operator list) publishes and subscribes only
    /// under <c>mda/v1/+/{its id}/</c> (the device's own topics, any depth). An operator subscribes to anything under
    /// <c>mda/v1/</c> (also through a shared subscription <c>$share/GROUP/...</c>) and publishes only to
    /// <c>mda/v1/+/+/cmd/#</c> and <c>mda/v1/+/+/update/#</c>. Everything else is refused.
    /// </summary>
    /// <remarks>Pure and allocation-light (one split per decision); levels compare ordinally (MQTT is case-sensitive).</remarks>
    public sealed class TopicAcl
    {
        private const string Root = "mda";
        private const string Version = "v1";
        private readonly Func<string, bool> _isOperator;

        /// <summary>An ACL with a fixed set of operators.</summary>
        public TopicAcl(OperatorNames operators)
        {
            ArgumentNullException.ThrowIfNull(operators);
            _isOperator = operators.Contains;
        }

        /// <summary>An ACL whose operators follow the PKI's register (an operator issued or revoked counts from the next decision after the re-read).</summary>
        public TopicAcl(LiveOperators operators)
        {
            ArgumentNullException.ThrowIfNull(operators);
            _isOperator = operators.Contains;
        }

        /// <summary>True when <paramref name="identity"/> is an operator.</summary>
        public bool IsOperator(string identity) => _isOperator(identity);

        /// <summary>Whether <paramref name="identity"/> may publish to <paramref name="topic"/>.</summary>
        public bool MayPublish(string identity, string topic)
        {
            if (string.IsNullOrEmpty(identity) || string.IsNullOrEmpty(topic) || topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal))
            {
                return false;
            }

            string[] levels = topic.Split('/');
            if (!UnderRoot(levels) || levels.Length < 4 || levels[2].Length == 0)
            {
                return false;
            }

            if (IsOperator(identity))
            {
                return levels.Length >= 5 && levels[3].Length > 0 && (levels[4] == "cmd" || levels[4] == "update");
            }

            return levels[3] == identity;
        }

        /// <summary>Whether <paramref name="identity"/> may subscribe to <paramref name="filter"/>.</summary>
        public bool MaySubscribe(string identity, string filter)
        {
            if (string.IsNullOrEmpty(identity) || string.IsNullOrEmpty(filter))
            {
                return false;
            }

            bool shared = filter.StartsWith("$share/", StringComparison.Ordinal);
            if (shared)
            {
                int slash = filter.IndexOf('/', 7);
                if (slash < 0)
                {
                    return false;
                }

                filter = filter.Substring(slash + 1);
            }

            string[] levels = filter.Split('/');
            if (!ValidFilter(levels) || !UnderRoot(levels))
            {
                return false;
            }

            if (IsOperator(identity))
            {
                return levels.Length >= 3;
            }

            // A device: its own id at level 3; the class level may be '+'. No shared subscriptions.
            return !shared && levels.Length >= 4 && levels[2] != "#" && levels[3] == identity;
        }

        private static bool UnderRoot(string[] levels) => levels.Length >= 2 && levels[0] == Root && levels[1] == Version;

        private static bool ValidFilter(string[] levels)
        {
            for (int i = 0; i < levels.Length; i++)
            {
                string level = levels[i];
                if (level == "#")
                {
                    if (i != levels.Length - 1)
                    {
                        return false;
                    }
                }
                else if (level != "+" && (level.Contains('+', StringComparison.Ordinal) || level.Contains('#', StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
