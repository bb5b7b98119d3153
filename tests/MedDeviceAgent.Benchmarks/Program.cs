using BenchmarkDotNet.Running;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>Runs the benchmarks selected on the command line (BenchmarkDotNet switcher).</summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
