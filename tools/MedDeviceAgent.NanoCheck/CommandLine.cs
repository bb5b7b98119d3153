using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>The command line: parses arguments, runs the check, prints violations and a summary, returns the exit code.</summary>
    public static class CommandLine
    {
        /// <summary>No violation.</summary>
        public const int ExitClean = 0;

        /// <summary>At least one violation.</summary>
        public const int ExitViolations = 1;

        /// <summary>Bad arguments or unusable input.</summary>
        public const int ExitUsage = 2;

        /// <summary>The code of the warning printed when the real mscorlib is not found.</summary>
        public const string MissingCoreLibraryCode = "NANO002";

        /// <summary>The help text.</summary>
        public const string HelpText =
@"MedDeviceAgent.NanoCheck - proves C# sources bind only to the .NET nanoFramework 1.x API.

Usage:
  dotnet run --project tools/MedDeviceAgent.NanoCheck -- <folder-or-.nfproj> [options]
  dotnet MedDeviceAgent.NanoCheck.dll <folder-or-.nfproj> [options]

Target:
  <file.nfproj>     Checks what the device build compiles: the project's <Compile> items, its imported
                    .projitems (wildcards expanded) and, recursively, its .nfproj <ProjectReference>s,
                    each project compiled as its own assembly (so 'internal' stays internal), against
                    the API lists of every package the closure references (packages.config ids and
                    <Reference> HintPaths; nanoFramework.CoreLibrary = mscorlib, nanoFramework.M2Mqtt
                    also brings M2Mqtt.Core). LangVersion and DefineConstants come from the project and
                    its imports; NANOFRAMEWORK_1_0 is always defined. The nanoFramework.CoreLibrary version
                    is the one its packages.config pins.
  <folder>          A folder holding exactly one .nfproj is checked as that project. Otherwise every *.cs
                    below it (bin/ and obj/ skipped) is checked against nanoFramework.CoreLibrary plus the
                    --package ids, as C# 12.

Options:
  --api-dir DIR       Folder of the API lists (default: the nearest shared/nanoframework-api above the
                      target or this tool).
  --package ID        Adds a package's API list (repeatable), e.g. --package nanoFramework.System.Text.
  --package-root DIR  NuGet package folder holding nanoFramework.CoreLibrary (global-packages layout
                      nanoframework.corelibrary/<version>/lib/mscorlib.dll, or the packages.config layout
                      nanoFramework.CoreLibrary.<version>/lib/mscorlib.dll). Default: the folder this tool's
                      restore downloaded it into, then $NUGET_PACKAGES, then ~/.nuget/packages.
  --inputs-file FILE  After a clean check, writes the files and wildcard patterns the result depends on,
                      one a line (each pattern followed by the files it matched; used by the
                      incremental build target); deleted otherwise.
  --stubs-out DIR     Also writes the declarations generated from the lists, one file per namespace, to
                      DIR (for inspecting them; mscorlib's are written too, though the check compiles
                      against the real assembly when it is found).
  -h, --help          Shows this text.

How it checks:
  mscorlib is the real lib/mscorlib.dll of nanoFramework.CoreLibrary (the version pinned in nf.proj.props,
  downloaded by this tool's restore). The other packages cannot be restored: for them declaration-only C#
  is generated from the stable 1.x lists (throwing stubs and generic declarations are left out; classes
  without a listed constructor cannot be constructed) and compiled as one assembly against that mscorlib.
  Where the package is not found, mscorlib too is generated from corelib-api.txt (a test keeps that list
  and the real assembly in agreement, member by member) and warning NANO002 says so; the exit codes stay.
  The sources are compiled and emitted against these alone, with no desktop library, so every member they
  use must exist on the device and language features lower as on the device. Portability rules add what
  the compiler accepts but the 1.x runtime does not support: generics (also mscorlib's Action<T>/Func<T>,
  by name or as a lambda's natural type, and any generic the emitted assembly instantiates), async/await, iterators,
  dynamic, records, tuples, LINQ queries, interpolation alignment/format, stackalloc, index/range,
  default or static interface members, multidimensional arrays, decimal, checked, exception filters,
  ref structs, nullable value types, DateTime.Now, integer arguments silently bound to floating-point
  overloads (e.g. Math.Max(long, long)), members the lists mark as throwing stubs (present in the real
  mscorlib, e.g. String.GetEnumerator) and calls that reach an override the lists mark as a stub.

Output:
  One line per violation, 'path(line,col): error NANO001: message' (MSBuild canonical format), then a
  summary line naming the packages and where mscorlib came from. Without the real mscorlib, stderr
  first gets 'NanoCheck: warning NANO002: ...' naming the paths searched.

Exit codes:
  0  no violation
  1  violations found
  2  usage or input error (bad arguments, missing project, source or API list, unknown package)
";

        /// <summary>Runs the command with the given writers.</summary>
        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(stdout);
            ArgumentNullException.ThrowIfNull(stderr);

            string? target = null;
            string? apiDir = null;
            string? inputsFile = null;
            string? stubsOut = null;
            string? packageRoot = null;
            List<string> extraPackages = new List<string>();
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                switch (arg)
                {
                    case "-h":
                    case "--help":
                    case "-?":
                        stdout.Write(HelpText);
                        return ExitClean;
                    case "--api-dir":
                    case "--package":
                    case "--inputs-file":
                    case "--stubs-out":
                    case "--package-root":
                        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        {
                            return Usage(stderr, "option " + arg + " needs a value");
                        }

                        string value = args[++i];
                        if (arg == "--api-dir")
                        {
                            apiDir = value;
                        }
                        else if (arg == "--package")
                        {
                            extraPackages.Add(value);
                        }
                        else if (arg == "--inputs-file")
                        {
                            inputsFile = value;
                        }
                        else if (arg == "--package-root")
                        {
                            packageRoot = value;
                        }
                        else
                        {
                            stubsOut = value;
                        }

                        break;
                    default:
                        if (arg.StartsWith('-'))
                        {
                            return Usage(stderr, "unknown option " + arg);
                        }

                        if (target != null)
                        {
                            return Usage(stderr, "only one target may be given (got '" + target + "' and '" + arg + "')");
                        }

                        target = arg;
                        break;
                }
            }

            if (target == null)
            {
                return Usage(stderr, "no target given");
            }

            try
            {
                return Check(target, apiDir, extraPackages, inputsFile, stubsOut, packageRoot, stdout, stderr);
            }
            catch (NanoCheckInputException ex)
            {
                DeleteIfExists(inputsFile);
                stderr.WriteLine("NanoCheck: error: " + ex.Message);
                return ExitUsage;
            }
        }

        private static int Check(string target, string? apiDir, List<string> extraPackages, string? inputsFile, string? stubsOut, string? packageRoot, TextWriter stdout, TextWriter stderr)
        {
            string fullTarget = Path.GetFullPath(target);
            NanoProject? project = null;
            List<string> sourcePaths;
            List<string> packages = new List<string>(extraPackages);
            string? languageVersion = null;
            IEnumerable<string>? defines = null;
            List<string> inputs = new List<string>();

            if (File.Exists(fullTarget) && fullTarget.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
            {
                project = NanoProject.Load(fullTarget);
            }
            else if (Directory.Exists(fullTarget))
            {
                string[] projects = Directory.GetFiles(fullTarget, "*.nfproj");
                if (projects.Length > 1)
                {
                    throw new NanoCheckInputException("folder holds several .nfproj files; name one: " + string.Join(", ", projects.Select(Path.GetFileName)));
                }

                if (projects.Length == 1)
                {
                    project = NanoProject.Load(projects[0]);
                }
            }
            else
            {
                throw new NanoCheckInputException("target is neither a folder nor an .nfproj file: " + target);
            }

            if (project != null)
            {
                sourcePaths = project.SourceFiles.ToList();
                packages.AddRange(project.Packages);
                languageVersion = project.LanguageVersion;
                defines = project.Defines;
                inputs.AddRange(project.Inputs);
            }
            else
            {
                sourcePaths = Directory.EnumerateFiles(fullTarget, "*.cs", SearchOption.AllDirectories)
                    .Where(p => !IsBuildOutput(fullTarget, p))
                    .OrderBy(p => p, StringComparer.Ordinal)
                    .ToList();
                packages.Add(ApiCatalog.CoreLibraryPackage);
                inputs.Add(fullTarget.Replace('\\', '/').TrimEnd('/') + "/**/*.cs");
                inputs.AddRange(sourcePaths);
            }

            if (sourcePaths.Count == 0)
            {
                throw new NanoCheckInputException("no C# sources found for " + target);
            }

            if (!packages.Contains(ApiCatalog.CoreLibraryPackage, StringComparer.OrdinalIgnoreCase))
            {
                throw new NanoCheckInputException((project?.ProjectPath ?? target) + " does not reference " + ApiCatalog.CoreLibraryPackage);
            }

            string resolvedApiDir = apiDir != null ? Path.GetFullPath(apiDir) : FindApiDir(fullTarget);
            string? pinned = null;
            project?.PackageVersions.TryGetValue(ApiCatalog.CoreLibraryPackage, out pinned);
            CoreLibrary coreLibrary = CoreLibrary.Locate(packageRoot, pinned);
            if (coreLibrary.MissingMessage != null)
            {
                stderr.WriteLine("NanoCheck: warning " + MissingCoreLibraryCode + ": " + coreLibrary.MissingMessage);
            }

            IReadOnlyList<SourceSet> sets = project != null
                ? project.ReadSourceSets()
                : new[] { new SourceSet("Sources", sourcePaths.Select(p => new SourceFile(p, File.ReadAllText(p))).ToList(), Array.Empty<string>()) };
            if (stubsOut != null)
            {
                Directory.CreateDirectory(stubsOut);
                foreach (KeyValuePair<string, string> stub in StubGenerator.Generate(ApiCatalog.Load(resolvedApiDir, packages)))
                {
                    File.WriteAllText(Path.Combine(stubsOut, (stub.Key.Length == 0 ? "global" : stub.Key) + ".cs"), stub.Value);
                }
            }

            CheckResult result = NanoChecker.Check(sets, resolvedApiDir, packages, languageVersion, defines, project?.ProjectPath, coreLibrary);

            foreach (Violation violation in result.Violations)
            {
                stdout.WriteLine(violation.ToString());
            }

            string name = project != null ? Path.GetFileName(project.ProjectPath) : target;
            stdout.WriteLine(
                "NanoCheck: " + name + ": " + result.Violations.Count + " violation(s) in " + result.SourceCount + " source file(s), API of "
                + string.Join(", ", result.Packages) + "; " + result.CoreLibrary.Description + ".");

            if (result.IsClean)
            {
                if (inputsFile != null)
                {
                    foreach (string list in ApiCatalogFiles(resolvedApiDir, result.Packages))
                    {
                        inputs.Add(list);
                    }

                    if (result.CoreLibrary.AssemblyPath != null)
                    {
                        inputs.Add(result.CoreLibrary.AssemblyPath);
                    }

                    string? folder = Path.GetDirectoryName(Path.GetFullPath(inputsFile));
                    if (!string.IsNullOrEmpty(folder))
                    {
                        Directory.CreateDirectory(folder);
                    }

                    File.WriteAllLines(inputsFile, inputs.Distinct(StringComparer.Ordinal));
                }

                return ExitClean;
            }

            DeleteIfExists(inputsFile);
            return ExitViolations;
        }

        private static IEnumerable<string> ApiCatalogFiles(string apiDir, IEnumerable<string> packages)
        {
            return packages.SelectMany(ApiCatalog.ListFileNames).Select(f => Path.Combine(apiDir, f));
        }

        private static bool IsBuildOutput(string root, string path)
        {
            string[] segments = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return segments.Any(s => s is "bin" or "obj");
        }

        /// <summary>The nearest <c>shared/nanoframework-api</c> above the target, else above this tool.</summary>
        private static string FindApiDir(string target)
        {
            foreach (string start in new[] { target, AppContext.BaseDirectory })
            {
                for (string? dir = start; dir != null; dir = Path.GetDirectoryName(dir))
                {
                    string candidate = Path.Combine(dir, "shared", "nanoframework-api");
                    if (File.Exists(Path.Combine(candidate, "corelib-api.txt")))
                    {
                        return candidate;
                    }
                }
            }

            throw new NanoCheckInputException("API lists not found (no shared/nanoframework-api above " + target + "); pass --api-dir");
        }

        private static void DeleteIfExists(string? path)
        {
            if (path != null && File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private static int Usage(TextWriter stderr, string message)
        {
            stderr.WriteLine("NanoCheck: error: " + message);
            stderr.WriteLine("Usage: MedDeviceAgent.NanoCheck <folder-or-.nfproj> [--api-dir DIR] [--package ID ...] [--package-root DIR] [--inputs-file FILE] [--stubs-out DIR]; --help for details.");
            return ExitUsage;
        }
    }
}
