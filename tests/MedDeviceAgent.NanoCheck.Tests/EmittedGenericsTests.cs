using System;
using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.NanoCheck.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>The metadata backstop finds every generic an emitted assembly instantiates, wherever the instance sits.</summary>
    public sealed class EmittedGenericsTests
    {
        [Theory]
        [InlineData("public static class G { public static object Make() { System.Func<int> f = null; return f; } }", "System.Func`1")]
        [InlineData("public static class G { public static System.Action<int> Field; }", "System.Action`1")]
        [InlineData("public static class G { public static void Take(System.EventHandler<System.EventArgs> h) { } }", "System.EventHandler`1")]
        [InlineData("public static class G { public static object Make() { return new System.Func<int, int>(x => x); } }", "System.Func`2")]
        [InlineData("public static class G { public static T Id<T>(T x) { return x; } public static int Use() { return Id(1); } }", "G.Id")]
        public void Find_AssemblyUsingAGeneric_NamesTheDefinition(string source, string expected)
        {
            IReadOnlyList<string> found = EmittedGenerics.Find(Emit(source));

            Assert.Contains(expected, found);
        }

        [Fact]
        public void Find_NonGenericAssembly_FindsNothing()
        {
            IReadOnlyList<string> found = EmittedGenerics.Find(Emit(
                "public delegate int Count(); public static class G { public static int Run(string s) { Count c = () => s.Length; System.Collections.ArrayList l = new System.Collections.ArrayList(); l.Add(s); lock (l) { } foreach (char ch in s) { } return c() + l.Count; } }"));

            Assert.Empty(found);
        }

        private static MemoryStream Emit(string source)
        {
            MetadataReference mscorlib = MetadataReference.CreateFromFile(Snippet.RealCoreLibrary().AssemblyPath!);
            CSharpCompilation compilation = CSharpCompilation.Create(
                "Probe",
                new[] { CSharpSyntaxTree.ParseText(source) },
                new[] { mscorlib },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            MemoryStream stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            stream.Position = 0;
            return stream;
        }
    }
}
