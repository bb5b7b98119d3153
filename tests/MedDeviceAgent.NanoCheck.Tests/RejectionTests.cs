using System;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>Each construct that is not on nanoFramework 1.x is reported on its line, naming what is missing.</summary>
    public sealed class RejectionTests
    {
        private static readonly string[] CoreOnly = Array.Empty<string>();

        [Fact]
        public void Check_ListOfInt_ReportsGenericTypeByName()
        {
            Snippet.AssertRejected(
                "        public int Count() { System.Collections.Generic.List<int> list = null; return 0; } // HERE",
                CoreOnly,
                "List<int>",
                "generic");
        }

        [Fact]
        public void Check_UserGenericType_ReportsDeclaration()
        {
            Snippet.AssertRejected("        public class Box<T> { public T Value; } // HERE", CoreOnly, "generic type 'Box<T>'");
        }

        [Fact]
        public void Check_UserGenericMethod_ReportsDeclaration()
        {
            Snippet.AssertRejected("        public static T Echo<T>(T value) { return value; } // HERE", CoreOnly, "generic method 'Echo<T>'");
        }

        [Fact]
        public void Check_StringJoin_ReportsMissingMember()
        {
            Snippet.AssertRejected(
                "        public string Csv(string[] parts) { return string.Join(\",\", parts); } // HERE",
                CoreOnly,
                "'Join'",
                "CS0117");
        }

        [Fact]
        public void Check_BufferBlockCopy_ReportsMissingType()
        {
            Snippet.AssertRejected(
                "        public void Copy(byte[] a, byte[] b) { Buffer.BlockCopy(a, 0, b, 0, 4); } // HERE",
                CoreOnly,
                "'Buffer'");
        }

        [Fact]
        public void Check_MathMaxOfLongs_ReportsIntegerOverloadMissing()
        {
            Violation violation = Snippet.AssertRejected(
                "        public long Larger(long a, long b) { return (long)Math.Max(a, b); } // HERE",
                new[] { "nanoFramework.System.Math" },
                "Math.Max(long, long) does not exist");
            Assert.Contains("implicit integer-to-floating-point conversion", violation.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Check_EncodingGetStringOneArgument_ReportsOverloadMissing()
        {
            Snippet.AssertRejected(
                "        public string Text(byte[] data) { return System.Text.Encoding.UTF8.GetString(data); } // HERE",
                new[] { "nanoFramework.System.Text" },
                "GetString");
        }

        [Fact]
        public void Check_AsyncMethod_ReportsAsync()
        {
            Snippet.AssertRejected("        public async void RunAsync() { } // HERE", CoreOnly, "async method 'RunAsync'");
        }

        [Fact]
        public void Check_YieldIterator_ReportsIterator()
        {
            Snippet.AssertRejected(
                "        public IEnumerable Numbers()\n        {\n            yield return 1; // HERE\n        }",
                CoreOnly,
                "iterator ('yield return')");
        }

        [Fact]
        public void Check_NullableInt_ReportsNullableValueType()
        {
            Snippet.AssertRejected("        public int? Maybe; // HERE", CoreOnly, "nullable value type 'int?'");
        }

        [Fact]
        public void Check_Tuple_ReportsTuple()
        {
            Snippet.AssertRejected("        public object Pair() { var pair = (1, 2); return pair.Item1; } // HERE", CoreOnly, "tuple", "(1, 2)");
        }

        [Fact]
        public void Check_LinqQuery_ReportsQueryExpression()
        {
            Snippet.AssertRejected(
                "        public object Query(int[] values) { return from v in values where v > 1 select v; } // HERE",
                CoreOnly,
                "LINQ query expression");
        }

        [Fact]
        public void Check_InterpolationAlignment_ReportsAlignment()
        {
            Snippet.AssertRejected("        public string Pad(int x) { return $\"{x,5}\"; } // HERE", CoreOnly, "interpolation alignment", "{x,5}");
        }

        [Fact]
        public void Check_InterpolationFormat_ReportsFormatClause()
        {
            Snippet.AssertRejected("        public string Hex(int x) { return $\"{x:X2}\"; } // HERE", CoreOnly, "interpolation format clause", "{x:X2}");
        }

        [Fact]
        public void Check_DateTimeNow_ReportsUseUtcNow()
        {
            Snippet.AssertRejected("        public DateTime Stamp() { return DateTime.Now; } // HERE", CoreOnly, "DateTime.Now", "UtcNow");
        }

        [Fact]
        public void Check_Await_ReportsAwait()
        {
            Snippet.AssertRejected(
                "        public async void Later(object job)\n        {\n            await job; // HERE\n        }",
                CoreOnly,
                "'await'");
        }

        [Fact]
        public void Check_Record_ReportsRecord()
        {
            Snippet.AssertRejected("        public record Point(int X, int Y); // HERE", CoreOnly, "record 'Point'");
        }

        [Fact]
        public void Check_Dynamic_ReportsDynamic()
        {
            Snippet.AssertRejected("        public object Late(dynamic value) { return value; } // HERE", CoreOnly, "'dynamic'");
        }

        [Fact]
        public void Check_StackAlloc_ReportsStackAlloc()
        {
            Snippet.AssertRejected("        public unsafe void Scratch() { byte* p = stackalloc byte[16]; } // HERE", CoreOnly, "'stackalloc'");
        }

        [Fact]
        public void Check_IndexFromEnd_ReportsIndexOperator()
        {
            Snippet.AssertRejected("        public byte Last(byte[] data) { return data[^1]; } // HERE", CoreOnly, "index-from-end operator '^'");
        }

        [Fact]
        public void Check_Range_ReportsRangeOperator()
        {
            Snippet.AssertRejected("        public string Head(string s) { return s[0..2]; } // HERE", CoreOnly, "range operator '..'");
        }

        [Fact]
        public void Check_DefaultInterfaceMember_ReportsBody()
        {
            Snippet.AssertRejected("        public interface IShape { int Sides() { return 0; } } // HERE", CoreOnly, "default interface member body 'IShape.Sides'");
        }

        [Fact]
        public void Check_StaticInterfaceMember_ReportsStaticMember()
        {
            Snippet.AssertRejected("        public interface IFactory { static abstract int Make(); } // HERE", CoreOnly, "static interface member 'IFactory.Make'");
        }

        [Fact]
        public void Check_MultidimensionalArray_ReportsRank()
        {
            Snippet.AssertRejected("        public int[,] Grid; // HERE", CoreOnly, "multidimensional array '[,]'");
        }

        [Fact]
        public void Check_Decimal_ReportsDecimal()
        {
            Snippet.AssertRejected("        public decimal Price; // HERE", CoreOnly, "'decimal'");
        }

        [Fact]
        public void Check_CheckedExpression_ReportsChecked()
        {
            Snippet.AssertRejected("        public int Add(int a, int b) { return checked(a + b); } // HERE", CoreOnly, "'checked' expression");
        }

        [Fact]
        public void Check_CheckedBlock_ReportsChecked()
        {
            Snippet.AssertRejected(
                "        public int Add(int a, int b)\n        {\n            checked // HERE\n            {\n                return a + b;\n            }\n        }",
                CoreOnly,
                "'checked' block");
        }

        [Fact]
        public void Check_ExceptionFilter_ReportsWhen()
        {
            Snippet.AssertRejected(
                "        public void Run(string s) { try { s.Trim(); } catch (Exception e) when (e.Message != null) { } } // HERE",
                CoreOnly,
                "exception filter ('when')");
        }

        [Fact]
        public void Check_RefStruct_ReportsRefStruct()
        {
            Snippet.AssertRejected("        public ref struct Window { public int Start; } // HERE", CoreOnly, "ref struct 'Window'");
        }

        [Fact]
        public void Check_Deconstruction_ReportsDeconstruction()
        {
            Snippet.AssertRejected(
                "        public int Sum(System.Device.Gpio.PinValuePair pair) { var (pin, value) = pair; return pin; } // HERE",
                new[] { "nanoFramework.System.Device.Gpio" },
                "deconstruction");
        }

        [Fact]
        public void Check_GenericDelegateFromList_ReportsGeneric()
        {
            // System.Action<T> is in the 1.x source but not supported at runtime: the lists' generic declarations are absent.
            Snippet.AssertRejected("        public Action<int> Callback; // HERE", CoreOnly, "Action<int>");
        }

        [Fact]
        public void Check_MemberMarkedAsStub_IsAbsent()
        {
            // String.GetEnumerator is listed as [stub:NotSupported].
            Snippet.AssertRejected("        public object Chars(string s) { return s.GetEnumerator(); } // HERE", CoreOnly, "GetEnumerator");
        }

        [Fact]
        public void Check_CallReachingStubbedOverride_ReportsStub()
        {
            Snippet.AssertRejected(
                "        public int Fill(System.IO.FileStream file, SpanByte span) { return file.Read(span); } // HERE",
                new[] { "nanoFramework.System.IO.FileSystem", "nanoFramework.System.IO.Streams" },
                "System.IO.FileStream.Read(System.SpanByte)",
                "throwing stub");
        }

        [Fact]
        public void Check_ClassWithoutListedConstructor_CannotBeConstructed()
        {
            Snippet.AssertRejected("        public object Make() { return new System.DBNull(); } // HERE", CoreOnly, "DBNull", "inaccessible");
        }

        [Fact]
        public void Check_InternalSetterOfPackageType_IsNotAccessible()
        {
            Snippet.AssertRejected(
                "        public void Rename(nanoFramework.M2Mqtt.MqttClient client) { client.ClientId = \"x\"; } // HERE",
                new[] { "nanoFramework.M2Mqtt", "nanoFramework.System.Net" },
                "ClientId");
        }

        [Fact]
        public void Check_TypeFromUnreferencedPackage_IsMissing()
        {
            // StringBuilder lives in nanoFramework.System.Text, not in mscorlib.
            Snippet.AssertRejected("        public object Builder() { return new System.Text.StringBuilder(); } // HERE", CoreOnly, "'Text'", "namespace 'System'");
        }

        [Fact]
        public void Check_AnonymousType_ReportsRuleAndLoweringGap()
        {
            string body = "        public object Pair(int x) { return new { A = x }; } // HERE";
            Snippet.AssertRejected(body, CoreOnly, "anonymous type");

            // The compiler's own lowering (only run by emit) also fails: the synthesized Equals needs
            // System.Collections.Generic.EqualityComparer<T>, which nanoFramework 1.x does not have.
            CheckResult result = Snippet.CheckMembers(body);
            Assert.Contains(result.Violations, v => v.Message.Contains("EqualityComparer`1", StringComparison.Ordinal) && v.Message.Contains("CS0656", StringComparison.Ordinal));
        }

        [Fact]
        public void Check_LambdaWithNaturalGenericType_ReportsGenericDelegate()
        {
            // The real mscorlib declares Func<TResult>: 'var' gives the lambda that type, which the 1.x runtime does not run.
            Snippet.AssertRejected("        public object Make() { var f = () => 1; return f; } // HERE", CoreOnly, "lambda", "generic delegate type 'Func<int>'");
        }

        [Fact]
        public void Check_LambdaToSystemDelegate_ReportsGenericDelegate()
        {
            Snippet.AssertRejected("        public Delegate Make() { Delegate d = (int x) => x; return d; } // HERE", CoreOnly, "generic delegate type 'Func<int, int>'");
        }

        [Fact]
        public void Check_MethodGroupWithNaturalGenericType_ReportsGenericDelegate()
        {
            Snippet.AssertRejected("        public int One() { return 1; }\n        public object Make() { var g = One; return g; } // HERE", CoreOnly, "method group 'One'", "Func<int>");
        }

        [Fact]
        public void Check_DateTimeKindLocal_ReportsObsoleteAsError()
        {
            // [Obsolete(..., true)] in the real mscorlib 1.17.11 (the list says only [Obsolete]; ApiCorrections adds the error).
            Snippet.AssertRejected("        public DateTimeKind Kind() { return DateTimeKind.Local; } // HERE", CoreOnly, "DateTimeKind.Local", "CS0619");
        }
    }
}
