using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MedDeviceAgent.NanoCheck.Tests.Support
{
    /// <summary>
    /// What the real assembly's IL says about each method: implemented in firmware (InternalCall) or a body that
    /// only throws (<c>[ldstr] newobj Exception::.ctor; throw</c>), keyed by metadata token.
    /// </summary>
    internal sealed class MethodBodies
    {
        private const byte Ldstr = 0x72;
        private const byte Newobj = 0x73;
        private const byte Throw = 0x7A;

        private readonly Dictionary<int, bool> _internalCall = new Dictionary<int, bool>();
        private readonly Dictionary<int, string> _throws = new Dictionary<int, string>();

        private MethodBodies()
        {
        }

        /// <summary>Reads every method definition of <paramref name="path"/>.</summary>
        public static MethodBodies Read(string path)
        {
            MethodBodies bodies = new MethodBodies();
            using FileStream stream = File.OpenRead(path);
            using PEReader pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
            {
                MethodDefinition method = reader.GetMethodDefinition(handle);
                int token = MetadataTokens.GetToken(handle);
                bodies._internalCall[token] = (method.ImplAttributes & MethodImplAttributes.InternalCall) != 0;
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                byte[]? il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
                string? thrown = il == null ? null : ThrowOnly(reader, il);
                if (thrown != null)
                {
                    bodies._throws[token] = thrown;
                }
            }

            return bodies;
        }

        /// <summary>True when the method is implemented in firmware.</summary>
        public bool IsInternalCall(int token) => _internalCall.TryGetValue(token, out bool value) && value;

        /// <summary>The exception type a throw-only body creates (e.g. System.NotSupportedException), or null.</summary>
        public string? ThrownBy(int token) => _throws.TryGetValue(token, out string? type) ? type : null;

        private static string? ThrowOnly(MetadataReader reader, byte[] il)
        {
            int at = 0;
            if (il.Length > 0 && il[0] == Ldstr)
            {
                at = 5;
            }

            if (il.Length != at + 6 || il[at] != Newobj || il[at + 5] != Throw)
            {
                return null;
            }

            EntityHandle constructor = MetadataTokens.EntityHandle(BitConverter.ToInt32(il, at + 1));
            if (constructor.Kind != HandleKind.MethodDefinition)
            {
                return "(external exception)";
            }

            TypeDefinition type = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
            return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        }
    }
}
