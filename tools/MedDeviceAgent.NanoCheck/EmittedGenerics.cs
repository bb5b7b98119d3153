using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// Reads a compiled assembly's metadata for generic instantiations (generic type instances and generic method
    /// instances): the backstop behind the rules, since the real mscorlib declares generic delegates
    /// (<c>Action&lt;T&gt;</c>, <c>Func&lt;T&gt;</c>, ...) that compile but do not run on nanoFramework 1.x.
    /// </summary>
    /// <remarks>
    /// Whatever path led the compiler to a generic (syntax the rules name, a natural delegate type, a lowering),
    /// it ends in the metadata tables read here: TypeSpec rows whose signature is GENERICINST and MethodSpec rows.
    /// </remarks>
    internal static class EmittedGenerics
    {
        private const byte GenericInstance = 0x15;

        /// <summary>The names of the generic definitions the assembly instantiates (types as <c>Namespace.Name`N</c>, methods as <c>Type.Method</c>), sorted, each once.</summary>
        public static IReadOnlyList<string> Find(Stream peImage)
        {
            SortedSet<string> found = new SortedSet<string>(System.StringComparer.Ordinal);
            using (PEReader pe = new PEReader(peImage, PEStreamOptions.LeaveOpen))
            {
                MetadataReader reader = pe.GetMetadataReader();
                int typeSpecs = reader.GetTableRowCount(TableIndex.TypeSpec);
                for (int row = 1; row <= typeSpecs; row++)
                {
                    TypeSpecificationHandle handle = MetadataTokens.TypeSpecificationHandle(row);
                    BlobReader blob = reader.GetBlobReader(reader.GetTypeSpecification(handle).Signature);
                    if (blob.ReadByte() == GenericInstance)
                    {
                        found.Add(TypeName(reader, handle));
                    }
                }

                int methodSpecs = reader.GetTableRowCount(TableIndex.MethodSpec);
                for (int row = 1; row <= methodSpecs; row++)
                {
                    MethodSpecification spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                    found.Add(MethodName(reader, spec.Method));
                }
            }

            return new List<string>(found);
        }

        private static string TypeName(MetadataReader reader, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                    TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                    string prefix = reference.ResolutionScope.Kind == HandleKind.TypeReference
                        ? TypeName(reader, (EntityHandle)reference.ResolutionScope) + "."
                        : Qualifier(reader.GetString(reference.Namespace));
                    return prefix + reader.GetString(reference.Name);
                case HandleKind.TypeDefinition:
                    TypeDefinition definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                    TypeDefinitionHandle declaring = definition.GetDeclaringType();
                    string outer = declaring.IsNil ? Qualifier(reader.GetString(definition.Namespace)) : TypeName(reader, declaring) + ".";
                    return outer + reader.GetString(definition.Name);
                case HandleKind.TypeSpecification:
                    BlobReader blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                    if (blob.ReadByte() == GenericInstance)
                    {
                        blob.ReadByte();
                        return TypeName(reader, blob.ReadTypeHandle());
                    }

                    return "(type specification)";
                default:
                    return "(type)";
            }
        }

        private static string MethodName(MetadataReader reader, EntityHandle method)
        {
            switch (method.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition definition = reader.GetMethodDefinition((MethodDefinitionHandle)method);
                    return TypeName(reader, definition.GetDeclaringType()) + "." + reader.GetString(definition.Name);
                case HandleKind.MemberReference:
                    MemberReference reference = reader.GetMemberReference((MemberReferenceHandle)method);
                    return TypeName(reader, reference.Parent) + "." + reader.GetString(reference.Name);
                default:
                    return "(method)";
            }
        }

        private static string Qualifier(string ns) => ns.Length == 0 ? string.Empty : ns + ".";
    }
}
