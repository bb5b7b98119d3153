using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MedDeviceAgent.NanoCheck.Tests.Support
{
    /// <summary>
    /// The public surface of an assembly as user code sees it: every public or protected type and member, keyed
    /// by documentation-comment id, each with a one-line shape (accessibility, modifiers, kind, base types,
    /// signature, accessor accessibility, constant values, Obsolete and whether it is an error), so two assemblies
    /// can be compared member by member.
    /// </summary>
    /// <remarks>
    /// What cannot change what compiles is left out: [Flags] (the lists do not record it; it only affects
    /// Enum.ToString at run time), other attributes, whether a method is extern, and private members.
    /// </remarks>
    internal static class ApiSurface
    {
        private static readonly SymbolDisplayFormat TypeFormat = new SymbolDisplayFormat(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary>The surface of <paramref name="assembly"/>: id to shape, sorted by id.</summary>
        public static SortedDictionary<string, string> Of(IAssemblySymbol assembly)
        {
            SortedDictionary<string, string> surface = new SortedDictionary<string, string>(StringComparer.Ordinal);
            Walk(assembly.GlobalNamespace, surface);
            return surface;
        }

        /// <summary>True for what user code outside the assembly can see (public, protected, protected internal).</summary>
        public static bool IsVisible(ISymbol symbol)
        {
            return symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
        }

        private static void Walk(INamespaceSymbol ns, SortedDictionary<string, string> surface)
        {
            foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
            {
                Walk(child, surface);
            }

            foreach (INamedTypeSymbol type in ns.GetTypeMembers())
            {
                WalkType(type, surface);
            }
        }

        private static void WalkType(INamedTypeSymbol type, SortedDictionary<string, string> surface)
        {
            if (!IsVisible(type))
            {
                return;
            }

            surface[type.GetDocumentationCommentId()!] = TypeShape(type);
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is INamedTypeSymbol nested)
                {
                    WalkType(nested, surface);
                    continue;
                }

                if (!IsVisible(member) || member is IMethodSymbol { AssociatedSymbol: not null })
                {
                    continue; // accessors are part of their property's or event's shape
                }

                string? id = member.GetDocumentationCommentId();
                if (id != null)
                {
                    surface[id] = MemberShape(member);
                }
            }
        }

        private static string TypeShape(INamedTypeSymbol type)
        {
            List<string> parts = new List<string> { Access(type.DeclaredAccessibility) };
            if (type.IsStatic)
            {
                parts.Add("static");
            }
            else if (type.TypeKind == TypeKind.Class)
            {
                if (type.IsAbstract)
                {
                    parts.Add("abstract");
                }

                if (type.IsSealed)
                {
                    parts.Add("sealed");
                }
            }

            parts.Add(type.TypeKind.ToString().ToLowerInvariant());
            parts.Add(type.ToDisplayString(TypeFormat));
            List<string> bases = new List<string>();
            if (type.TypeKind == TypeKind.Enum)
            {
                bases.Add(type.EnumUnderlyingType!.ToDisplayString(TypeFormat));
            }
            else if (type.BaseType != null && type.TypeKind == TypeKind.Class)
            {
                bases.Add(type.BaseType.ToDisplayString(TypeFormat));
            }

            // Every interface implemented, inherited ones too: metadata repeats them on each type, source does not.
            bases.AddRange(type.AllInterfaces.Select(i => i.ToDisplayString(TypeFormat)).OrderBy(i => i, StringComparer.Ordinal));
            if (bases.Count > 0)
            {
                parts.Add(": " + string.Join(", ", bases));
            }

            return string.Join(" ", parts) + Attributes(type);
        }

        private static string MemberShape(ISymbol member)
        {
            List<string> parts = new List<string> { Access(member.DeclaredAccessibility) };
            if (member.IsStatic)
            {
                parts.Add("static");
            }

            if (member.IsAbstract && member.ContainingType.TypeKind != TypeKind.Interface)
            {
                parts.Add("abstract");
            }

            if (member.IsVirtual)
            {
                parts.Add("virtual");
            }

            if (member.IsOverride)
            {
                parts.Add("override");
            }

            if (member.IsSealed && member.IsOverride)
            {
                parts.Add("sealed");
            }

            switch (member)
            {
                case IMethodSymbol method:
                    parts.Add(method.MethodKind.ToString());
                    parts.Add(Ref(method.RefKind) + method.ReturnType.ToDisplayString(TypeFormat));
                    parts.Add(method.Name + "(" + Parameters(method.Parameters) + ")");
                    break;
                case IPropertySymbol property:
                    parts.Add("property");
                    parts.Add(Ref(property.RefKind) + property.Type.ToDisplayString(TypeFormat));
                    parts.Add(property.IsIndexer ? "this[" + Parameters(property.Parameters) + "]" : property.Name);
                    parts.Add("{ " + Accessor("get", property.GetMethod, property) + Accessor(property.SetMethod?.IsInitOnly == true ? "init" : "set", property.SetMethod, property) + "}");
                    break;
                case IFieldSymbol field:
                    parts.Add(field.IsConst ? "const" : field.IsReadOnly ? "readonly field" : "field");
                    parts.Add(field.Type.ToDisplayString(TypeFormat));
                    parts.Add(field.Name);
                    if (field.HasConstantValue)
                    {
                        parts.Add("= " + Constant(field.ConstantValue));
                    }

                    break;
                case IEventSymbol e:
                    parts.Add("event");
                    parts.Add(e.Type.ToDisplayString(TypeFormat));
                    parts.Add(e.Name);
                    break;
                default:
                    parts.Add(member.Kind.ToString());
                    break;
            }

            return string.Join(" ", parts) + Attributes(member);
        }

        private static string Accessor(string name, IMethodSymbol? accessor, IPropertySymbol property)
        {
            if (accessor == null || !IsVisible(accessor))
            {
                return string.Empty;
            }

            return (accessor.DeclaredAccessibility == property.DeclaredAccessibility ? string.Empty : Access(accessor.DeclaredAccessibility) + " ") + name + "; ";
        }

        private static string Parameters(IEnumerable<IParameterSymbol> parameters)
        {
            return string.Join(", ", parameters.Select(p =>
                (p.IsParams ? "params " : string.Empty)
                + Ref(p.RefKind)
                + p.Type.ToDisplayString(TypeFormat)
                + " " + p.Name
                + (p.HasExplicitDefaultValue ? " = " + Constant(p.ExplicitDefaultValue) : string.Empty)));
        }

        private static string Ref(RefKind kind)
        {
            return kind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => string.Empty,
            };
        }

        private static string Constant(object? value)
        {
            return value switch
            {
                null => "null",
                string s => "\"" + s + "\"",
                char c => "'" + c + "'",
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }

        private static string Access(Accessibility accessibility)
        {
            return accessibility switch
            {
                Accessibility.Public => "public",
                Accessibility.Protected => "protected",
                Accessibility.ProtectedOrInternal => "protected internal",
                Accessibility.Internal => "internal",
                Accessibility.Private => "private",
                Accessibility.ProtectedAndInternal => "private protected",
                _ => accessibility.ToString(),
            };
        }

        private static string Attributes(ISymbol symbol)
        {
            List<string> found = new List<string>();
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString(TypeFormat);
                if (name == "System.ObsoleteAttribute")
                {
                    bool error = attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is true;
                    found.Add(error ? "[Obsolete(error)]" : "[Obsolete]");
                }
            }

            return found.Count == 0 ? string.Empty : " " + string.Join(" ", found);
        }
    }
}
