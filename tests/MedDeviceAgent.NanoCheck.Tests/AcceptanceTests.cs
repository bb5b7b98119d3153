using System;
using System.Linq;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>The repository's device projects pass, and the portable subset the README allows is accepted.</summary>
    public sealed class AcceptanceTests
    {
        /// <summary>The "may use" list of the API README as one class body (also checked against the generated mscorlib).</summary>
        internal const string PortableSubset = @"
        public delegate void Changed(string name);
        [Flags] public enum Mode { None = 0, A = 1, B = 2 }
        public interface IShape { int Sides { get; } }
        public struct Pair { public int X; public Pair(int x) { X = x; } }
        private readonly object _sync = new object();
        public event Changed OnChanged;
        public int Count { get; private set; }
        public int Limit { get; init; }

        public string Run(long a, ulong b, int x, byte[] data, string text, ArrayList list)
        {
            lock (_sync) { Count++; }
            switch (text) { case ""a"": x++; break; case ""b"": x--; break; case ""c"": x += 2; break; case ""d"": x += 3; break; case ""e"": x += 4; break; case ""f"": x += 5; break; case ""g"": x += 6; break; }
            foreach (char c in text) { x += c; }
            foreach (object o in list) { x++; }
            foreach (byte v in data) { x += v; }
            Changed handler = name => x += name.Length;
            OnChanged += handler;
            OnChanged?.Invoke(""n"");
            int Local(int y) => y * 2;
            ulong mixed = unchecked((ulong)a * 0x100000001b3UL + b);
            long shifted = (a << 3) ^ (a >> 61);
            int[][] jagged = new int[2][];
            int[] table = new int[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
            Array.Copy(data, 0, data, 1, 1);
            Array.Clear(data, 0, 1);
            int found = Array.IndexOf(table, 3);
            byte[] encoded = System.Text.Encoding.UTF8.GetBytes(text);
            string decoded = System.Text.Encoding.UTF8.GetString(encoded, 0, encoded.Length);
            string plain = $""x={x} t={text}"";
            string joined = string.Concat(""a"", text, ""b"") + x + 'c' + a;
            object boxed = x;
            if (boxed is int unboxed) { x = unboxed; }
            if (text.StartsWith(""a"") && text.EndsWith(""b"") && text.Contains(""c"")) { x++; }
            string[] parts = text.Split(new char[] { ',' });
            string trimmed = text.Trim().Substring(0, 1).PadLeft(3, '0');
            Mode m = Mode.A | Mode.B;
            bool flag = m.HasFlag(Mode.A);
            DateTime now = DateTime.UtcNow;
            TimeSpan span = TimeSpan.FromSeconds(5);
            Guid id = Guid.NewGuid();
            string b64 = Convert.ToBase64String(data);
            byte[] raw = Convert.FromBase64String(b64);
            int parsed = int.Parse(""12"");
            string hex = x.ToString(""X2"");
            byte[] bits = BitConverter.GetBytes(x);
            System.Threading.Thread worker = new System.Threading.Thread(() => { Count = 0; });
            System.Threading.Timer timer = new System.Threading.Timer(state => { }, null, 0, 1000);
            try { throw new ArgumentOutOfRangeException(""x""); }
            catch (ArgumentNullException) { x = -1; }
            catch (ArgumentException e) { text = e.Message; }
            finally { x++; }
            string name = nameof(Run);
            var shape = new Pair(3) { X = 4 };
            return plain + joined + decoded + trimmed + flag + now + span + id + raw.Length + parsed + hex + bits.Length
                + parts.Length + mixed + shifted + jagged.Length + found + name + shape.X + Local(x) + worker + timer + Limit;
        }";

        [Theory]
        [InlineData("shared/MedDeviceAgent.Protocol/nano/MedDeviceAgent.Protocol.nfproj")]
        [InlineData("firmware/MedDeviceAgent.Firmware.Core/nano/MedDeviceAgent.Firmware.Core.nfproj")]
        [InlineData("firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj")]
        public void Check_RepositoryDeviceProject_HasNoViolation(string nfproj)
        {
            NanoProject project = NanoProject.Load(RepoPaths.Combine(nfproj));
            CheckResult result = NanoChecker.Check(
                project.ReadSourceSets(),
                RepoPaths.ApiDir,
                project.Packages,
                project.LanguageVersion,
                project.Defines,
                project.ProjectPath);

            Assert.True(project.SourceFiles.Count > 0);
            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Fact]
        public void Check_PortableSubset_HasNoViolation()
        {
            // The "may use" list of the API README, lowered by the compiler against the device declarations.
            string body = PortableSubset;
            CheckResult result = Snippet.CheckMembers(body, "nanoFramework.System.Text");

            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Fact]
        public void Check_FloatingPointCallWithIntegerConstant_IsAccepted()
        {
            // Only non-constant integer arguments can silently lose precision; Math.Max(d, 0) binds the same everywhere.
            CheckResult result = Snippet.CheckMembers(
                "        public double Floor(double d) { return Math.Max(d, 0); }\n        public long Twice(long x) { return (long)Math.Max((double)x, 1.0) * 2; }",
                "nanoFramework.System.Math");

            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Fact]
        public void Check_LambdaToNonGenericDelegate_IsAccepted()
        {
            // Against the real mscorlib (which declares Func<T>), a lambda with a non-generic target type stays non-generic.
            CheckResult result = Snippet.CheckMembers("        public delegate int Count();\n        public int Run() { Count c = () => 1; System.Threading.ThreadStart s = () => { }; s(); return c(); }");

            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Fact]
        public void Check_PlainInterpolation_BindsToStringFormat()
        {
            // Plain holes lower to String.Format/Concat, which exist on the device.
            CheckResult result = Snippet.CheckMembers("        public string Show(int x, string s) { return $\"{x}:{s}\"; }");

            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }
    }
}
