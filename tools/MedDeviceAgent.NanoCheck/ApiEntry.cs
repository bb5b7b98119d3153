using System;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>One data line of an API list: a documentation-comment id, its C# declaration and its flags.</summary>
    internal sealed class ApiEntry
    {
        public ApiEntry(string id, string signature, string flags, string sourceFile)
        {
            Id = id;
            Signature = signature;
            Flags = flags;
            SourceFile = sourceFile;
        }

        /// <summary>The Roslyn documentation-comment id, e.g. <c>M:System.String.Concat(System.String,System.String)</c>.</summary>
        public string Id { get; }

        /// <summary>The full C# declaration as written in the list.</summary>
        public string Signature { get; }

        /// <summary>The flags column (may be empty).</summary>
        public string Flags { get; }

        /// <summary>The list file the line came from (for messages).</summary>
        public string SourceFile { get; }

        /// <summary>The id kind: T, M, P, F or E.</summary>
        public char Kind => Id[0];

        /// <summary>The id without its kind prefix.</summary>
        public string Name => Id.Substring(2);

        /// <summary>True when the list marks the member as a throwing stub: it is treated as absent.</summary>
        public bool IsStub => Flags.Contains("[stub:", StringComparison.Ordinal);

        /// <summary>True when the list marks the member obsolete (<c>[Obsolete]</c>, or <c>[Obsolete:error]</c> from a correction).</summary>
        public bool IsObsolete => Flags.Contains("[Obsolete", StringComparison.Ordinal);

        /// <summary>True when using the member is a compile error (<c>[Obsolete:error]</c>, a flag only the corrections use).</summary>
        public bool IsObsoleteError => Flags.Contains("[Obsolete:error]", StringComparison.Ordinal);

        /// <summary>True for generic declarations (absent at runtime on nanoFramework 1.x) or members using them.</summary>
        public bool IsGeneric => Id.Contains('`', StringComparison.Ordinal) || Id.Contains('{', StringComparison.Ordinal);

        /// <summary>
        /// The full name of the type that declares this member (for T: ids, the type itself).
        /// </summary>
        public string ContainingTypeName
        {
            get
            {
                if (Kind == 'T')
                {
                    return Name;
                }

                string name = Name;
                int paren = name.IndexOf('(', StringComparison.Ordinal);
                string head = paren >= 0 ? name.Substring(0, paren) : name;
                int dot = head.LastIndexOf('.');
                return dot > 0 ? head.Substring(0, dot) : string.Empty;
            }
        }

        /// <summary>The member's metadata name as the id spells it (<c>#ctor</c>, <c>op_Addition</c>, <c>Item</c>, ...).</summary>
        public string MemberName
        {
            get
            {
                string name = Name;
                int paren = name.IndexOf('(', StringComparison.Ordinal);
                string head = paren >= 0 ? name.Substring(0, paren) : name;
                int dot = head.LastIndexOf('.');
                return dot >= 0 ? head.Substring(dot + 1) : head;
            }
        }

        /// <summary>True when the id has a parameter list (methods, indexers).</summary>
        public bool HasParameters => Name.Contains('(', StringComparison.Ordinal);
    }
}
