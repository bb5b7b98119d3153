using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// Reads a compiled assembly's metadata for generic instantiations: the backstop behind the rules, since the
    /// real mscorlib declares generic delegates (<c>Action&lt;T&gt;</c>, <c>Func&lt;T&gt;</c>, ...) that compile but do
    /// not run on nanoFramework 1.x.
    /// </summary>
    /// <remarks>
    /// Whatever path led the compiler to a generic (syntax the rules name, a natural delegate type, a lowering), it
    /// ends in the metadata read here: a type specification or method specification, or a generic instance inside
    /// the signature of a field, method, property, member reference or local variable block. Generic definitions the
    /// assembly declares itself are named by the rules at their declaration.
    /// </remarks>
    internal static class EmittedGenerics
    {
        /// <summary>The generic definitions the assembly instantiates (<c>Namespace.Name`N</c>; methods as <c>Type.Method</c>), sorted, each once.</summary>
        public static IReadOnlyList<string> Find(Stream peImage)
        {
            SortedSet<string> found = new SortedSet<string>(StringComparer.Ordinal);
            using (PEReader pe = new PEReader(peImage, PEStreamOptions.LeaveOpen))
            {
                MetadataReader reader = pe.GetMetadataReader();
                NameProvider names = new NameProvider(reader, found);

                for (int row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
                {
                    names.Name(MetadataTokens.TypeSpecificationHandle(row));
                }

                for (int row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
                {
                    MethodSpecification spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                    found.Add(MethodName(reader, names, spec.Method));
                }

                foreach (FieldDefinitionHandle field in reader.FieldDefinitions)
                {
                    reader.GetFieldDefinition(field).DecodeSignature(names, null);
                }

                foreach (MethodDefinitionHandle method in reader.MethodDefinitions)
                {
                    reader.GetMethodDefinition(method).DecodeSignature(names, null);
                }

                foreach (PropertyDefinitionHandle property in reader.PropertyDefinitions)
                {
                    reader.GetPropertyDefinition(property).DecodeSignature(names, null);
                }

                foreach (MemberReferenceHandle member in reader.MemberReferences)
                {
                    MemberReference reference = reader.GetMemberReference(member);
                    if (reference.GetKind() == MemberReferenceKind.Field)
                    {
                        reference.DecodeFieldSignature(names, null);
                    }
                    else
                    {
                        reference.DecodeMethodSignature(names, null);
                    }
                }

                for (int row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
                {
                    StandaloneSignature signature = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                    if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                    {
                        signature.DecodeLocalSignature(names, null);
                    }
                    else
                    {
                        signature.DecodeMethodSignature(names, null);
                    }
                }

            }

            return new List<string>(found);
        }

        private static string MethodName(MetadataReader reader, NameProvider names, EntityHandle method)
        {
            switch (method.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition definition = reader.GetMethodDefinition((MethodDefinitionHandle)method);
                    return names.Name(definition.GetDeclaringType()) + "." + reader.GetString(definition.Name);
                case HandleKind.MemberReference:
                    MemberReference reference = reader.GetMemberReference((MemberReferenceHandle)method);
                    return names.Name(reference.Parent) + "." + reader.GetString(reference.Name);
                default:
                    return "(method)";
            }
        }

        /// <summary>Names the types of a signature and records the definition of every generic instance met.</summary>
        private sealed class NameProvider : ISignatureTypeProvider<string, object?>
        {
            private readonly MetadataReader _reader;
            private readonly SortedSet<string> _found;

            public NameProvider(MetadataReader reader, SortedSet<string> found)
            {
                _reader = reader;
                _found = found;
            }

            public string Name(EntityHandle handle)
            {
                return handle.Kind switch
                {
                    HandleKind.TypeDefinition => GetTypeFromDefinition(_reader, (TypeDefinitionHandle)handle, 0),
                    HandleKind.TypeReference => GetTypeFromReference(_reader, (TypeReferenceHandle)handle, 0),
                    HandleKind.TypeSpecification => GetTypeFromSpecification(_reader, null, (TypeSpecificationHandle)handle, 0),
                    _ => "(type)",
                };
            }

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
            {
                _found.Add(genericType);
                return genericType + "<" + string.Join(",", typeArguments) + ">";
            }

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                TypeDefinition definition = reader.GetTypeDefinition(handle);
                TypeDefinitionHandle declaring = definition.GetDeclaringType();
                string outer = declaring.IsNil ? Qualifier(reader.GetString(definition.Namespace)) : GetTypeFromDefinition(reader, declaring, 0) + ".";
                return outer + reader.GetString(definition.Name);
            }

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                TypeReference reference = reader.GetTypeReference(handle);
                string outer = reference.ResolutionScope.Kind == HandleKind.TypeReference
                    ? GetTypeFromReference(reader, (TypeReferenceHandle)reference.ResolutionScope, 0) + "."
                    : Qualifier(reader.GetString(reference.Namespace));
                return outer + reader.GetString(reference.Name);
            }

            public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            {
                return reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            }

            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', Math.Max(0, shape.Rank - 1)) + "]";

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetByReferenceType(string elementType) => elementType + "&";

            public string GetPointerType(string elementType) => elementType + "*";

            public string GetPinnedType(string elementType) => elementType;

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetFunctionPointerType(MethodSignature<string> signature) => "(function pointer)";

            public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

            public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

            public string GetSentinelType() => "...";

            private static string Qualifier(string ns) => ns.Length == 0 ? string.Empty : ns + ".";
        }
    }
}
