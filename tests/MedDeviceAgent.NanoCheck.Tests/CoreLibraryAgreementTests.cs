using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MedDeviceAgent.NanoCheck.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// The mscorlib declarations generated from corelib-api.txt (what the check falls back to without the package)
    /// and the real lib/mscorlib.dll of nanoFramework.CoreLibrary agree member by member, and the list's flags agree
    /// with the real method bodies. Every difference is listed in the failure message.
    /// </summary>
    public sealed class CoreLibraryAgreementTests
    {
        private static readonly Regex GenericTypeOfId = new Regex(@"^[A-Z]:([^(]*?`\d+)", RegexOptions.CultureInvariant);

        [Fact]
        public void GeneratedDeclarations_ComparedWithRealMscorlib_AgreeMemberByMember()
        {
            ListFile list = ListFile.Read();
            SortedDictionary<string, string> real = ApiSurface.Of(RealAssembly(out _));
            CSharpCompilation generatedCompilation = StubAssembly.Compile(StubAssembly.CoreLibraryName, ApiCatalog.Load(RepoPaths.ApiDir, new[] { CoreLibrary.PackageId }), Array.Empty<MetadataReference>());
            SortedDictionary<string, string> generated = ApiSurface.Of(generatedCompilation.Assembly);

            List<string> differences = new List<string>();
            foreach (KeyValuePair<string, string> member in real)
            {
                bool absentByDesign = list.IsAbsentByDesign(member.Key);
                if (generated.TryGetValue(member.Key, out string? shape))
                {
                    if (absentByDesign)
                    {
                        differences.Add("generated although the list marks it generic or a stub: " + member.Key);
                    }
                    else if (shape != member.Value)
                    {
                        differences.Add("differs: " + member.Key + "\n      real:      " + member.Value + "\n      generated: " + shape);
                    }
                }
                else if (!absentByDesign)
                {
                    differences.Add("only in the real mscorlib: " + member.Key + "  (" + member.Value + ")");
                }
            }

            foreach (KeyValuePair<string, string> member in generated.Where(m => !real.ContainsKey(m.Key)))
            {
                differences.Add("only in the generated declarations: " + member.Key + "  (" + member.Value + ")");
            }

            foreach (string id in list.AbsentByDesign.Where(id => !real.ContainsKey(id)))
            {
                differences.Add("the list names " + id + " (generic or stub), the real mscorlib has no such public member");
            }

            Assert.True(real.Count > 1000, "the real mscorlib surface looks empty: " + real.Count);
            Assert.True(differences.Count == 0, differences.Count + " difference(s) between " + ApiCatalog.CoreLibraryListFileName + " (generated) and the real mscorlib:\n  " + string.Join("\n  ", differences));
        }

        [Fact]
        public void ListFlags_ComparedWithRealMethodBodies_Agree()
        {
            ListFile list = ListFile.Read();
            IAssemblySymbol assembly = RealAssembly(out string path);
            MethodBodies bodies = MethodBodies.Read(path);
            Dictionary<string, ISymbol> symbols = Symbols(assembly);

            List<string> differences = new List<string>();
            foreach (KeyValuePair<string, string> entry in list.Flags)
            {
                if (!symbols.TryGetValue(entry.Key, out ISymbol? symbol))
                {
                    differences.Add("listed but not in the real mscorlib: " + entry.Key);
                    continue;
                }

                List<IMethodSymbol> methods = Methods(symbol);
                Compare(differences, entry.Key, "[native]", entry.Value.Contains("[native]", StringComparison.Ordinal), methods.Count > 0 && methods.Any(m => bodies.IsInternalCall(m.MetadataToken)), "InternalCall");
                Compare(differences, entry.Key, "[stub:NotSupported]", entry.Value.Contains("[stub:NotSupported]", StringComparison.Ordinal), methods.Count > 0 && methods.All(m => bodies.ThrownBy(m.MetadataToken) == "System.NotSupportedException"), "a body that only throws NotSupportedException");
                Compare(differences, entry.Key, "[stub:NotImplemented]", entry.Value.Contains("[stub:NotImplemented]", StringComparison.Ordinal), methods.Count > 0 && methods.All(m => bodies.ThrownBy(m.MetadataToken) == "System.NotImplementedException"), "a body that only throws NotImplementedException");
                Compare(differences, entry.Key, "[protected]", entry.Value.Contains("[protected]", StringComparison.Ordinal), symbol.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal, "protected");
                Compare(differences, entry.Key, "[Obsolete]", entry.Value.Contains("[Obsolete]", StringComparison.Ordinal), symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "ObsoleteAttribute"), "an Obsolete attribute");
            }

            Assert.True(list.Flags.Count > 1000, "the list looks empty: " + list.Flags.Count);
            Assert.True(differences.Count == 0, differences.Count + " difference(s) between the flags of " + ApiCatalog.CoreLibraryListFileName + " and the real mscorlib's method bodies:\n  " + string.Join("\n  ", differences));
        }

        [Fact]
        public void RealMscorlib_AssemblyVersion_IsThePinnedPackageVersion()
        {
            IAssemblySymbol assembly = RealAssembly(out _);

            Assert.Equal("mscorlib", assembly.Identity.Name);
            Assert.Equal(new Version(CoreLibrary.DefaultVersion + ".0"), assembly.Identity.Version);
        }

        private static void Compare(List<string> differences, string id, string flag, bool listed, bool actual, string what)
        {
            if (listed && !actual)
            {
                differences.Add(id + ": the list says " + flag + ", the real assembly has no " + what);
            }
            else if (!listed && actual)
            {
                differences.Add(id + ": the real assembly has " + what + ", the list does not say " + flag);
            }
        }

        private static List<IMethodSymbol> Methods(ISymbol symbol)
        {
            return symbol switch
            {
                IMethodSymbol method => new List<IMethodSymbol> { method },
                IPropertySymbol property => new[] { property.GetMethod, property.SetMethod }.Where(m => m != null && ApiSurface.IsVisible(m)).Select(m => m!).ToList(),
                IEventSymbol e => new[] { e.AddMethod, e.RemoveMethod }.Where(m => m != null).Select(m => m!).ToList(),
                _ => new List<IMethodSymbol>(),
            };
        }

        private static Dictionary<string, ISymbol> Symbols(IAssemblySymbol assembly)
        {
            Dictionary<string, ISymbol> symbols = new Dictionary<string, ISymbol>(StringComparer.Ordinal);
            Stack<INamespaceOrTypeSymbol> pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                INamespaceOrTypeSymbol container = pending.Pop();
                foreach (ISymbol member in container.GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol inner)
                    {
                        pending.Push(inner);
                    }

                    string? id = member.GetDocumentationCommentId();
                    if (id != null && member is not INamespaceSymbol)
                    {
                        symbols.TryAdd(id, member);
                    }
                }
            }

            return symbols;
        }

        private static IAssemblySymbol RealAssembly(out string path)
        {
            CoreLibrary coreLibrary = CoreLibrary.Locate();
            Assert.True(coreLibrary.IsReal, coreLibrary.MissingMessage);
            path = coreLibrary.AssemblyPath!;
            MetadataReference reference = MetadataReference.CreateFromFile(path);
            CSharpCompilation compilation = CSharpCompilation.Create("Probe", null, new[] { reference });
            return (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(reference)!;
        }

        /// <summary>The data lines of corelib-api.txt: id to flags.</summary>
        private sealed class ListFile
        {
            private readonly HashSet<string> _genericTypes = new HashSet<string>(StringComparer.Ordinal);

            public Dictionary<string, string> Flags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public SortedSet<string> AbsentByDesign { get; } = new SortedSet<string>(StringComparer.Ordinal);

            public static ListFile Read()
            {
                ListFile list = new ListFile();
                foreach (string line in File.ReadLines(Path.Combine(RepoPaths.ApiDir, ApiCatalog.CoreLibraryListFileName)))
                {
                    string[] parts = line.Split('\t');
                    if (line.StartsWith('#') || parts.Length < 2 || parts[0].Length < 3 || parts[0][1] != ':')
                    {
                        continue;
                    }

                    string id = parts[0].Trim();
                    string flags = parts.Length > 2 ? parts[2] : string.Empty;
                    list.Flags[id] = flags;
                    bool generic = id.Contains('`', StringComparison.Ordinal) || id.Contains('{', StringComparison.Ordinal);
                    if (generic || flags.Contains("[stub:", StringComparison.Ordinal))
                    {
                        list.AbsentByDesign.Add(id);
                    }

                    if (generic && id.StartsWith("T:", StringComparison.Ordinal))
                    {
                        list._genericTypes.Add(id.Substring(2));
                    }
                }

                return list;
            }

            /// <summary>Generic declarations (and their members) and throwing stubs: the generator leaves them out on purpose.</summary>
            public bool IsAbsentByDesign(string id)
            {
                if (AbsentByDesign.Contains(id))
                {
                    return true;
                }

                Match generic = GenericTypeOfId.Match(id);
                return generic.Success && _genericTypes.Contains(generic.Groups[1].Value);
            }
        }
    }
}
