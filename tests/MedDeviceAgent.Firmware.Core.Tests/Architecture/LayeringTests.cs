using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Tests.Architecture
{
    /// <summary>
    /// The lower layers of the core (Cbor, Cose, Crypto, Storage, Trust) are domain-neutral: no type
    /// of theirs references a type of the Update layer, nor the update verdict UpdateResult, in a
    /// signature (base type, interface, field, property, parameter, return, local) or in a method
    /// body (every type, method and field token of the IL). Read from the host build of the core.
    /// </summary>
    public class LayeringTests
    {
        private const string CorePrefix = "MedDeviceAgent.Firmware.Core.";
        private static readonly Assembly Core = typeof(CborReader).Assembly;
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        [Theory]
        [InlineData("Cbor")]
        [InlineData("Cose")]
        [InlineData("Crypto")]
        [InlineData("Storage")]
        [InlineData("Trust")]
        public void Types_InDomainNeutralLayer_ReferenceNoUpdateType(string layer)
        {
            Type[] types = TypesOf(layer);
            Assert.NotEmpty(types);

            List<string> violations = types.SelectMany(t => ReferencedTypes(t).Where(IsUpdateType).Select(r => t.FullName + " -> " + r.FullName)).Distinct().ToList();

            Assert.True(violations.Count == 0, "layer " + layer + " references the Update layer:\n" + string.Join("\n", violations));
        }

        [Theory]
        [InlineData("Cbor")]
        [InlineData("Cose")]
        [InlineData("Crypto")]
        [InlineData("Storage")]
        [InlineData("Trust")]
        public void Sources_InDomainNeutralLayer_NameNoUpdateNamespaceNorUpdateResult(string layer)
        {
            // Catches what the IL does not show: a using directive, or an enum constant inlined as a number.
            string folder = Path.Combine(RepoPaths.Root, "firmware", "MedDeviceAgent.Firmware.Core", "Source", layer);
            string[] files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
            Assert.NotEmpty(files);

            List<string> violations = new List<string>();
            foreach (string file in files)
            {
                string[] lines = File.ReadAllLines(file);
                for (int n = 0; n < lines.Length; n++)
                {
                    string code = StripComment(lines[n]);
                    if (code.Contains("Firmware.Core.Update", StringComparison.Ordinal) || code.Contains("UpdateResult", StringComparison.Ordinal))
                    {
                        violations.Add(Path.GetFileName(file) + "(" + (n + 1) + "): " + lines[n].Trim());
                    }
                }
            }

            Assert.True(violations.Count == 0, "layer " + layer + " names the Update layer:\n" + string.Join("\n", violations));
        }

        [Fact]
        public void ReferencedTypes_OfTheUpdateLayer_FindsItsKnownDependencies()
        {
            // The scanner itself: PackageVerifier's IL calls the trust chain and builds UpdateResults;
            // UpdateEngine's signatures and bodies use the device state.
            HashSet<Type> verifier = ReferencedTypes(Core.GetType(CorePrefix + "Update.PackageVerifier", true)!).ToHashSet();
            HashSet<Type> engine = ReferencedTypes(Core.GetType(CorePrefix + "Update.UpdateEngine", true)!).ToHashSet();

            Assert.Contains(Core.GetType(CorePrefix + "Trust.TrustChain", true)!, verifier);
            Assert.Contains(typeof(UpdateResult), verifier);
            Assert.Contains(Core.GetType(CorePrefix + "Update.Manifest", true)!, verifier);
            Assert.Contains(Core.GetType(CorePrefix + "Update.DeviceState", true)!, engine);
            Assert.Contains(Core.GetType(CorePrefix + "Storage.StateStore", true)!, engine);
        }

        private static Type[] TypesOf(string layer)
        {
            string ns = CorePrefix + layer;
            return Core.GetTypes().Where(t => t.Namespace != null && (t.Namespace == ns || t.Namespace.StartsWith(ns + ".", StringComparison.Ordinal))).ToArray();
        }

        private static bool IsUpdateType(Type type)
        {
            return type == typeof(UpdateResult) || (type.Namespace != null && (type.Namespace == CorePrefix + "Update" || type.Namespace.StartsWith(CorePrefix + "Update.", StringComparison.Ordinal)));
        }

        private static IEnumerable<Type> ReferencedTypes(Type type)
        {
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            List<Type> found = new List<Type>();
            if (type.BaseType != null)
            {
                found.Add(type.BaseType);
            }

            found.AddRange(type.GetInterfaces());
            found.AddRange(type.GetFields(All).Select(f => f.FieldType));
            found.AddRange(type.GetProperties(All).Select(p => p.PropertyType));
            found.AddRange(type.GetEvents(All).Select(e => e.EventHandlerType!));
            foreach (MethodBase method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                found.AddRange(method.GetParameters().Select(p => p.ParameterType));
                if (method is MethodInfo info)
                {
                    found.Add(info.ReturnType);
                }

                MethodBody? body = method.GetMethodBody();
                if (body != null)
                {
                    found.AddRange(body.LocalVariables.Select(l => l.LocalType));
                    found.AddRange(TokensOf(method, body.GetILAsByteArray()!));
                }
            }

            return found.Select(Element).Distinct();
        }

        /// <summary>The declaring and value types of every type, method and field token in an IL body.</summary>
        private static IEnumerable<Type> TokensOf(MethodBase method, byte[] il)
        {
            Module module = method.Module;
            int i = 0;
            while (i < il.Length)
            {
                short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
                i += il[i] == 0xFE ? 2 : 1;
                OpCode op = OpCodesByValue[value];
                switch (op.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        i += 1;
                        break;
                    case OperandType.InlineVar:
                        i += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        i += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int cases = BitConverter.ToInt32(il, i);
                        i += 4 + (4 * cases);
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        int token = BitConverter.ToInt32(il, i);
                        i += 4;
                        MemberInfo? member = module.ResolveMember(token);
                        if (member is Type t)
                        {
                            yield return t;
                        }
                        else if (member is FieldInfo f)
                        {
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                        }
                        else if (member is MethodBase m)
                        {
                            yield return m.DeclaringType!;
                            foreach (ParameterInfo p in m.GetParameters())
                            {
                                yield return p.ParameterType;
                            }

                            if (m is MethodInfo mi)
                            {
                                yield return mi.ReturnType;
                            }
                        }

                        break;
                    default:
                        i += 4;
                        break;
                }
            }
        }

        /// <summary>The code of a line without its // comment (XML docs may name the layer that maps a verdict).</summary>
        private static string StripComment(string line)
        {
            int comment = line.IndexOf("//", StringComparison.Ordinal);
            return comment < 0 ? line : line.Substring(0, comment);
        }

        private static Type Element(Type type)
        {
            while (type.HasElementType)
            {
                type = type.GetElementType()!;
            }

            return type;
        }
    }
}
