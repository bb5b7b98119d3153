using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// Turns an <see cref="ApiCatalog"/> into declaration-only C# (one text per namespace): every listed type and
    /// member with a body that only throws, and the Obsolete attribute where the list flags one, nothing else. Classes without a listed constructor get a private one,
    /// so user code can construct exactly what the device can.
    /// </summary>
    /// <remarks>
    /// The output is compiled as its own assembly; errors inside it (unimplemented interface members, overrides
    /// of members the lists do not carry) are expected and ignored, since only the declared shapes matter.
    /// </remarks>
    internal static class StubGenerator
    {
        private static readonly Regex CommentPattern = new Regex(@"/\*.*?\*/", RegexOptions.CultureInvariant);
        private static readonly Regex ExternPattern = new Regex(@"\bextern\s+", RegexOptions.CultureInvariant);
        private static readonly Regex AbstractPattern = new Regex(@"\babstract\b", RegexOptions.CultureInvariant);
        private static readonly Regex AccessorPattern = new Regex(@"\b(get|set|init)\s*;", RegexOptions.CultureInvariant);
        private static readonly Regex SingleLiteralPattern = new Regex(@"(=\s*-?[0-9][0-9.]*(?:[eE][+-]?[0-9]+)?)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex NonFinitePattern = new Regex(@"=\s*(-?)(NaN|Infinity)\s*$", RegexOptions.CultureInvariant);

        /// <summary>Generates the stub sources, keyed by namespace.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Generate(ApiCatalog catalog)
        {
            HashSet<string> roots = new HashSet<string>(StringComparer.Ordinal) { "System" };
            foreach (string typeName in catalog.Types.Keys)
            {
                int dot = typeName.IndexOf('.', StringComparison.Ordinal);
                roots.Add(dot > 0 ? typeName.Substring(0, dot) : typeName);
            }

            Context context = new Context(catalog, roots);
            SortedDictionary<string, StringBuilder> byNamespace = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
            foreach (ApiEntry type in catalog.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                if (context.ParentType(type.Name) != null)
                {
                    continue; // emitted inside its parent
                }

                string ns = Namespace(type.Name);
                if (!byNamespace.TryGetValue(ns, out StringBuilder? text))
                {
                    text = new StringBuilder();
                    byNamespace.Add(ns, text);
                }

                context.EmitType(type, text, "    ");
            }

            List<KeyValuePair<string, string>> result = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, StringBuilder> pair in byNamespace)
            {
                string body = pair.Value.ToString();
                string source = pair.Key.Length == 0 ? body : "namespace " + pair.Key + "\n{\n" + body + "}\n";
                result.Add(new KeyValuePair<string, string>(pair.Key, source));
            }

            return result;
        }

        private static string Namespace(string typeName)
        {
            int dot = typeName.LastIndexOf('.');
            return dot > 0 ? typeName.Substring(0, dot) : string.Empty;
        }

        private static string SimpleName(string typeName)
        {
            int dot = typeName.LastIndexOf('.');
            return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
        }

        /// <summary>The Obsolete attribute the list's flags ask for (an error for <c>[Obsolete:error]</c>), or nothing.</summary>
        private static string Obsolete(ApiEntry entry)
        {
            if (entry.IsObsoleteError)
            {
                return "[global::System.Obsolete(\"obsolete as an error on nanoFramework 1.x (" + entry.SourceFile + ")\", true)] ";
            }

            return entry.IsObsolete ? "[global::System.Obsolete] " : string.Empty;
        }

                private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

        /// <summary>Index of <paramref name="word"/> in <paramref name="text"/> as a whole qualified name, or -1.</summary>
        private static int FindName(string text, string word, int start)
        {
            int i = start;
            while (i <= text.Length - word.Length)
            {
                int found = text.IndexOf(word, i, StringComparison.Ordinal);
                if (found < 0)
                {
                    return -1;
                }

                bool startOk = found == 0 || !(IsIdentifierChar(text[found - 1]) || text[found - 1] == '.');
                int end = found + word.Length;
                bool endOk = end == text.Length || !(IsIdentifierChar(text[end]) || text[end] == '.');
                if (startOk && endOk)
                {
                    return found;
                }

                i = found + 1;
            }

            return -1;
        }

        private sealed class Context
        {
            private readonly ApiCatalog _catalog;
            private readonly HashSet<string> _roots;
            private readonly Dictionary<string, List<ApiEntry>> _nested = new Dictionary<string, List<ApiEntry>>(StringComparer.Ordinal);

            public Context(ApiCatalog catalog, HashSet<string> roots)
            {
                _catalog = catalog;
                _roots = roots;
                foreach (ApiEntry type in catalog.Types.Values)
                {
                    string? parent = ParentType(type.Name);
                    if (parent == null)
                    {
                        continue;
                    }

                    if (!_nested.TryGetValue(parent, out List<ApiEntry>? list))
                    {
                        list = new List<ApiEntry>();
                        _nested.Add(parent, list);
                    }

                    list.Add(type);
                }
            }

            public string? ParentType(string typeName)
            {
                string prefix = Namespace(typeName);
                return prefix.Length > 0 && _catalog.Types.ContainsKey(prefix) ? prefix : null;
            }

            public void EmitType(ApiEntry type, StringBuilder output, string indent)
            {
                string signature = CommentPattern.Replace(type.Signature, string.Empty).Trim();
                string simple = SimpleName(type.Name);
                int at = FindName(signature, type.Name, 0);
                int length = type.Name.Length;
                if (at < 0)
                {
                    at = FindName(signature, simple, 0);
                    length = simple.Length;
                }

                string prefix = at >= 0 ? signature.Substring(0, at).Trim() : string.Empty;
                string suffix = at >= 0 ? signature.Substring(at + length).Trim() : string.Empty;
                string[] words = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries);

                if (words.Contains("delegate"))
                {
                    string returnType = string.Join(" ", words.SkipWhile(w => w != "delegate").Skip(1));
                    int close = suffix.LastIndexOf(')');
                    string parameters = suffix.StartsWith('(') && close > 0 ? suffix.Substring(0, close + 1) : "()";
                    output.Append(indent).Append(Obsolete(type)).Append("public delegate ").Append(Qualify(returnType)).Append(' ').Append(simple)
                        .Append(Qualify(parameters)).Append(";\n");
                    return;
                }

                if (words.Contains("enum"))
                {
                    EmitEnum(type, simple, suffix, output, indent);
                    return;
                }

                string kind = words.Contains("interface") ? "interface" : words.Contains("struct") ? "struct" : "class";
                string modifiers = string.Join(" ", words.Where(w => w is "abstract" or "sealed" or "static" or "readonly" or "ref"));
                string baseList = string.Empty;
                if (suffix.StartsWith(':'))
                {
                    int stop = suffix.IndexOfAny(new[] { '{', '(' });
                    baseList = " " + Qualify((stop > 0 ? suffix.Substring(0, stop) : suffix).Trim());
                }

                output.Append(indent).Append(Obsolete(type)).Append("public ");
                if (modifiers.Length > 0)
                {
                    output.Append(modifiers).Append(' ');
                }

                output.Append(kind).Append(' ').Append(simple).Append(baseList).Append('\n').Append(indent).Append("{\n");
                string inner = indent + "    ";
                bool isInterface = kind == "interface";
                bool hasConstructor = false;
                foreach (ApiEntry member in _catalog.MembersOf(type.Name))
                {
                    string? text = MemberText(member, type.Name, simple, isInterface, isEnum: false);
                    if (text == null)
                    {
                        continue;
                    }

                    hasConstructor |= member.MemberName == "#ctor";
                    output.Append(inner).Append(Obsolete(member)).Append(text).Append('\n');
                }

                if (kind == "class" && !modifiers.Contains("static", StringComparison.Ordinal) && !hasConstructor)
                {
                    // Not constructible on the device: hide the implicit public constructor.
                    output.Append(inner).Append("private ").Append(simple).Append("() { }\n");
                }

                if (_nested.TryGetValue(type.Name, out List<ApiEntry>? nested))
                {
                    foreach (ApiEntry child in nested.OrderBy(n => n.Name, StringComparer.Ordinal))
                    {
                        EmitType(child, output, inner);
                    }
                }

                output.Append(indent).Append("}\n");
            }

            private void EmitEnum(ApiEntry type, string simple, string suffix, StringBuilder output, string indent)
            {
                string underlying = string.Empty;
                List<string> inline = new List<string>();
                if (suffix.StartsWith(':'))
                {
                    int brace = suffix.IndexOf('{', StringComparison.Ordinal);
                    underlying = " " + Qualify((brace > 0 ? suffix.Substring(0, brace) : suffix).Trim());
                    suffix = brace > 0 ? suffix.Substring(brace) : string.Empty;
                }

                if (suffix.StartsWith('{'))
                {
                    int close = suffix.IndexOf('}', StringComparison.Ordinal);
                    string body = close > 0 ? suffix.Substring(1, close - 1) : suffix.Substring(1);
                    inline.AddRange(body.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0));
                }

                output.Append(indent).Append(Obsolete(type)).Append("public enum ").Append(simple).Append(underlying).Append('\n').Append(indent).Append("{\n");
                string inner = indent + "    ";
                HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (ApiEntry member in _catalog.MembersOf(type.Name))
                {
                    string? text = member.Kind == 'F' ? MemberText(member, type.Name, simple, isInterface: false, isEnum: true) : null;
                    if (text != null && seen.Add(member.MemberName))
                    {
                        output.Append(inner).Append(Obsolete(member)).Append(text).Append('\n');
                    }
                }

                foreach (string name in inline.Where(seen.Add))
                {
                    output.Append(inner).Append(name).Append(",\n");
                }

                output.Append(indent).Append("}\n");
            }

            private string? MemberText(ApiEntry member, string typeName, string simpleTypeName, bool isInterface, bool isEnum)
            {
                string memberName = member.MemberName;
                if (memberName == "#cctor" || (memberName.Contains('#', StringComparison.Ordinal) && memberName != "#ctor"))
                {
                    return null; // static constructors and explicit interface implementations
                }

                string signature = CommentPattern.Replace(member.Signature, string.Empty).Trim();
                if (signature.Contains('~', StringComparison.Ordinal))
                {
                    return null; // finalizers
                }

                string declared;
                if (memberName == "#ctor")
                {
                    declared = simpleTypeName;
                }
                else if (memberName == "op_Implicit")
                {
                    declared = "implicit operator";
                }
                else if (memberName == "op_Explicit")
                {
                    declared = "explicit operator";
                }
                else if (memberName.StartsWith("op_", StringComparison.Ordinal))
                {
                    declared = "operator";
                }
                else if (member.Kind == 'P' && member.HasParameters)
                {
                    declared = "this";
                }
                else
                {
                    declared = memberName;
                }

                string qualified = typeName + "." + declared;
                int at = FindDeclaredName(signature, qualified, declared);
                if (at >= 0)
                {
                    signature = signature.Substring(0, at) + signature.Substring(at + typeName.Length + 1);
                }

                signature = ExternPattern.Replace(signature, string.Empty);
                signature = Qualify(signature);
                bool isAbstract = isInterface || AbstractPattern.IsMatch(signature);

                switch (member.Kind)
                {
                    case 'F':
                        if (isEnum)
                        {
                            return signature + ",";
                        }

                        bool single = signature.Contains("const global::System.Single ", StringComparison.Ordinal);
                        Match nonFinite = NonFinitePattern.Match(signature);
                        if (nonFinite.Success)
                        {
                            string zero = single ? "0.0f" : "0.0";
                            string numerator = nonFinite.Groups[2].Value == "NaN" ? zero : single ? "1.0f" : "1.0";
                            string expression = "= " + nonFinite.Groups[1].Value + numerator + " / " + zero;
                            signature = signature.Substring(0, nonFinite.Index) + expression;
                        }
                        else if (single)
                        {
                            signature = SingleLiteralPattern.Replace(signature, "$1f");
                        }

                        return signature + ";";
                    case 'E':
                        return isAbstract ? signature + ";" : signature + " { add { } remove { } }";
                    case 'P':
                        if (!signature.Contains('{', StringComparison.Ordinal))
                        {
                            signature += " { get; }";
                        }

                        if (declared == "this" && memberName != "Item")
                        {
                            // The metadata name matters to lowering (foreach over a string calls get_Chars).
                            signature = "[global::System.Runtime.CompilerServices.IndexerName(\"" + memberName + "\")] " + signature;
                        }

                        return isAbstract ? signature : AccessorPattern.Replace(signature, "$1 { throw null; }");
                    default:
                        return isAbstract ? signature + ";" : signature + " { throw null; }";
                }
            }

            private static int FindDeclaredName(string signature, string qualified, string declared)
            {
                int i = 0;
                while (true)
                {
                    int found = signature.IndexOf(qualified, i, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        return -1;
                    }

                    bool startOk = found == 0 || signature[found - 1] == ' ';
                    int end = found + qualified.Length;
                    bool endOk = end == signature.Length || !IsIdentifierChar(signature[end]) || declared.EndsWith(' ');
                    if (startOk && endOk)
                    {
                        return found;
                    }

                    i = found + 1;
                }
            }

            /// <summary>Prefixes every fully qualified type name with <c>global::</c> (string and char literals untouched).</summary>
            private string Qualify(string text)
            {
                StringBuilder output = new StringBuilder(text.Length + 32);
                int i = 0;
                while (i < text.Length)
                {
                    char c = text[i];
                    if (c == '"' || c == '\'')
                    {
                        int end = i + 1;
                        while (end < text.Length && text[end] != c)
                        {
                            end += text[end] == '\\' ? 2 : 1;
                        }

                        end = Math.Min(end + 1, text.Length);
                        output.Append(text, i, end - i);
                        i = end;
                        continue;
                    }

                    if (IsIdentifierChar(c) && (i == 0 || !(IsIdentifierChar(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == ':')))
                    {
                        int end = i;
                        while (end < text.Length && IsIdentifierChar(text[end]))
                        {
                            end++;
                        }

                        string word = text.Substring(i, end - i);
                        if (end < text.Length && text[end] == '.' && _roots.Contains(word))
                        {
                            output.Append("global::");
                        }

                        output.Append(word);
                        i = end;
                        continue;
                    }

                    output.Append(c);
                    i++;
                }

                return output.ToString();
            }
        }
    }
}
