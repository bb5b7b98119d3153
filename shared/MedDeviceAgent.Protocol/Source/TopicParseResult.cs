namespace MedDeviceAgent.Protocol
{
    /// <summary>Outcome of <see cref="TopicParser.Parse"/>. Values are fixed.</summary>
    public enum TopicParseResult
    {
        /// <summary>The topic is a well-formed device topic; class, id and leaf were extracted.</summary>
        Ok = 0,

        /// <summary>Null, empty, or longer than <see cref="TopicParser.MaxTopicLength"/> characters.</summary>
        BadLength = 1,

        /// <summary>Does not start with <c>mda/v1/</c>.</summary>
        WrongRoot = 2,

        /// <summary>Fewer than four levels after the root prefix, or an empty level.</summary>
        MissingLevel = 3,

        /// <summary>The device class is not 1-64 characters of <c>A-Z a-z 0-9 . _ -</c> (wildcards included).</summary>
        InvalidClass = 4,

        /// <summary>The device id is not 1-64 characters of <c>A-Z a-z 0-9 . _ -</c> (wildcards included).</summary>
        InvalidId = 5,

        /// <summary>The leaf holds a wildcard (<c>+</c>, <c>#</c>) or a character outside the identifier set and <c>/</c>.</summary>
        InvalidLeaf = 6,
    }
}
