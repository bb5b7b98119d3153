using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// The rules the compiler alone does not enforce against the reference assemblies: language features that
    /// compile but are not supported by the nanoFramework 1.x runtime, generic delegates and throwing stubs that the
    /// real mscorlib declares but the device does not run, clearer messages for features that fail to bind, and
    /// calls that bind a different (lossy) overload than the desktop compiler would.
    /// </summary>
    internal sealed class PortabilityRules : CSharpSyntaxWalker
    {
        private const string Unsupported = " is not supported on nanoFramework 1.x";

        private static readonly SymbolDisplayFormat Short = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

        private readonly SemanticModel _model;
        private readonly IReadOnlySet<string> _stubbedIds;
        private readonly List<RuleHit> _hits = new List<RuleHit>();

        private PortabilityRules(SemanticModel model, IReadOnlySet<string> stubbedIds)
        {
            _model = model;
            _stubbedIds = stubbedIds;
        }

        /// <summary>Runs every rule over one tree.</summary>
        public static IReadOnlyList<RuleHit> Analyze(SemanticModel model, IReadOnlySet<string> stubbedIds)
        {
            PortabilityRules rules = new PortabilityRules(model, stubbedIds);
            rules.Visit(model.SyntaxTree.GetRoot());
            return rules._hits;
        }

        public override void VisitClassDeclaration(ClassDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic type");
            base.VisitClassDeclaration(node);
        }

        public override void VisitStructDeclaration(StructDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic type");
            SyntaxToken refKeyword = node.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword));
            if (refKeyword.IsKind(SyntaxKind.RefKeyword))
            {
                Add(refKeyword.GetLocation(), node.Span, "ref struct '" + node.Identifier.Text + "'" + Unsupported + " (runtime support unverified)");
            }

            base.VisitStructDeclaration(node);
        }

        public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic interface");
            foreach (MemberDeclarationSyntax member in node.Members)
            {
                CheckInterfaceMember(node, member);
            }

            base.VisitInterfaceDeclaration(node);
        }

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
        {
            Add(node.Keyword.GetLocation(), node.Span, "record '" + node.Identifier.Text + "'" + Unsupported + " (records need generic equality helpers)");
            base.VisitRecordDeclaration(node);
        }

        public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic delegate");
            base.VisitDelegateDeclaration(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic method");
            CheckAsync(node.Modifiers, node.Identifier.Text, node);
            base.VisitMethodDeclaration(node);
        }

        public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "generic local function");
            CheckAsync(node.Modifiers, node.Identifier.Text, node);
            base.VisitLocalFunctionStatement(node);
        }

        public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, "lambda", node);
            CheckGenericDelegate(node, "lambda");
            base.VisitParenthesizedLambdaExpression(node);
        }

        public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, "lambda", node);
            CheckGenericDelegate(node, "lambda");
            base.VisitSimpleLambdaExpression(node);
        }

        public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, "anonymous method", node);
            CheckGenericDelegate(node, "anonymous method");
            base.VisitAnonymousMethodExpression(node);
        }

        public override void VisitAwaitExpression(AwaitExpressionSyntax node)
        {
            Add(node.AwaitKeyword.GetLocation(), node.Span, "'await'" + Unsupported + " (no async/Task)");
            base.VisitAwaitExpression(node);
        }

        public override void VisitYieldStatement(YieldStatementSyntax node)
        {
            SyntaxNode owner = (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? node;
            LocalFunctionStatementSyntax? local = node.FirstAncestorOrSelf<LocalFunctionStatementSyntax>();
            if (local != null)
            {
                owner = local;
            }

            string keyword = node.IsKind(SyntaxKind.YieldBreakStatement) ? "yield break" : "yield return";
            Add(node.YieldKeyword.GetLocation(), owner.Span, "iterator ('" + keyword + "')" + Unsupported + " (iterators need generic enumerators)");
            base.VisitYieldStatement(node);
        }

        public override void VisitGenericName(GenericNameSyntax node)
        {
            Add(node.GetLocation(), node.Span, "generic type or method '" + node + "'" + Unsupported + " (no generics at runtime)");

            base.VisitGenericName(node);
        }

        public override void VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.Identifier.Text == "dynamic" && _model.GetTypeInfo(node).Type is { TypeKind: TypeKind.Dynamic })
            {
                Add(node.GetLocation(), node.Span, "'dynamic'" + Unsupported);
            }

            ISymbol? symbol = _model.GetSymbolInfo(node).Symbol;
            CheckStubbedMember(node, symbol);
            if (symbol is IMethodSymbol && !IsInvoked(node))
            {
                CheckGenericDelegate(node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node, "method group '" + node.Identifier.Text + "'");
            }

            base.VisitIdentifierName(node);
        }

        /// <summary>Every node that binds a library member (a constructor, indexer, operator, conversion or enumerator) is checked for stubs.</summary>
        public override void Visit(SyntaxNode? node)
        {
            switch (node)
            {
                case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ConstructorInitializerSyntax
                    or ElementAccessExpressionSyntax or BinaryExpressionSyntax or AssignmentExpressionSyntax
                    or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or CastExpressionSyntax:
                    CheckStubbedMember(node, _model.GetSymbolInfo(node).Symbol);
                    break;
                case CommonForEachStatementSyntax loop:
                    CheckForEach(loop);
                    break;
            }

            base.Visit(node);
        }

        public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
        {
            if (_model.GetSymbolInfo(node).Symbol == null)
            {
                CheckConstructible(node);
            }

            base.VisitObjectCreationExpression(node);
        }

        public override void VisitTupleType(TupleTypeSyntax node)
        {
            Add(node.GetLocation(), node.Span, "tuple type '" + node + "'" + Unsupported + " (System.ValueTuple is generic)");
            base.VisitTupleType(node);
        }

        public override void VisitTupleExpression(TupleExpressionSyntax node)
        {
            Add(node.GetLocation(), node.Span, "tuple or deconstruction '" + node + "'" + Unsupported + " (System.ValueTuple is generic)");
            base.VisitTupleExpression(node);
        }

        public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
        {
            SyntaxNode covered = node.Parent ?? node;
            Add(node.GetLocation(), covered.Span, "deconstruction '" + node + "'" + Unsupported);
            base.VisitParenthesizedVariableDesignation(node);
        }

        public override void VisitAnonymousObjectCreationExpression(AnonymousObjectCreationExpressionSyntax node)
        {
            Add(node.NewKeyword.GetLocation(), node.Span, "anonymous type '" + node + "'" + Unsupported + " (anonymous types are generic classes)");
            base.VisitAnonymousObjectCreationExpression(node);
        }

        public override void VisitQueryExpression(QueryExpressionSyntax node)
        {
            Add(node.GetLocation(), node.Span, "LINQ query expression" + Unsupported);
            base.VisitQueryExpression(node);
        }

        public override void VisitInterpolation(InterpolationSyntax node)
        {
            if (node.AlignmentClause != null)
            {
                Add(node.AlignmentClause.GetLocation(), node.Span, "interpolation alignment '" + node + "'" + Unsupported + " (use explicit padding and concatenation)");
            }

            if (node.FormatClause != null)
            {
                Add(node.FormatClause.GetLocation(), node.Span, "interpolation format clause '" + node + "'" + Unsupported + " (call ToString(format) and concatenate)");
            }

            base.VisitInterpolation(node);
        }

        public override void VisitLiteralExpression(LiteralExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.Utf8StringLiteralExpression))
            {
                Add(node.GetLocation(), node.Span, "UTF-8 string literal (u8)" + Unsupported + " (it is a ReadOnlySpan<byte>)");
            }
            else if (node.IsKind(SyntaxKind.NumericLiteralExpression) && node.Token.Value is decimal)
            {
                Add(node.GetLocation(), node.Span, "decimal literal '" + node + "'" + Unsupported + " (no System.Decimal)");
            }

            base.VisitLiteralExpression(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Add(node.StackAllocKeyword.GetLocation(), node.Span, "'stackalloc'" + Unsupported);
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
        {
            Add(node.StackAllocKeyword.GetLocation(), node.Span, "'stackalloc'" + Unsupported);
            base.VisitImplicitStackAllocArrayCreationExpression(node);
        }

        public override void VisitRangeExpression(RangeExpressionSyntax node)
        {
            Add(node.OperatorToken.GetLocation(), node.Span, "range operator '..' ('" + node + "')" + Unsupported + " (no System.Range)");
            base.VisitRangeExpression(node);
        }

        public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.IndexExpression))
            {
                Add(node.OperatorToken.GetLocation(), node.Span, "index-from-end operator '^' ('" + node + "')" + Unsupported + " (no System.Index)");
            }

            base.VisitPrefixUnaryExpression(node);
        }

        public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
        {
            if (node.Rank > 1)
            {
                Add(node.GetLocation(), node.Span, "multidimensional array '" + node + "'" + Unsupported + " (use jagged arrays)");
            }

            base.VisitArrayRankSpecifier(node);
        }

        public override void VisitPredefinedType(PredefinedTypeSyntax node)
        {
            if (node.Keyword.IsKind(SyntaxKind.DecimalKeyword))
            {
                Add(node.GetLocation(), node.Span, "'decimal'" + Unsupported + " (no System.Decimal)");
            }

            base.VisitPredefinedType(node);
        }

        public override void VisitCheckedExpression(CheckedExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.CheckedExpression))
            {
                Add(node.Keyword.GetLocation(), node.Keyword.Span, "'checked' expression" + Unsupported + " (overflow traps unverified; use explicit range checks)");
            }

            base.VisitCheckedExpression(node);
        }

        public override void VisitCheckedStatement(CheckedStatementSyntax node)
        {
            if (node.IsKind(SyntaxKind.CheckedStatement))
            {
                Add(node.Keyword.GetLocation(), node.Keyword.Span, "'checked' block" + Unsupported + " (overflow traps unverified; use explicit range checks)");
            }

            base.VisitCheckedStatement(node);
        }

        public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node)
        {
            if (node.CheckedKeyword.IsKind(SyntaxKind.CheckedKeyword))
            {
                Add(node.CheckedKeyword.GetLocation(), node.CheckedKeyword.Span, "'checked' operator" + Unsupported);
            }

            base.VisitOperatorDeclaration(node);
        }

        public override void VisitCatchFilterClause(CatchFilterClauseSyntax node)
        {
            Add(node.WhenKeyword.GetLocation(), node.Span, "exception filter ('when')" + Unsupported + " (runtime support unverified; test inside the catch block)");
            base.VisitCatchFilterClause(node);
        }

        public override void VisitNullableType(NullableTypeSyntax node)
        {
            ITypeSymbol? element = _model.GetTypeInfo(node.ElementType).Type;
            if (element == null || element.IsValueType || element.TypeKind == TypeKind.Error)
            {
                Add(node.GetLocation(), node.Span, "nullable value type '" + node + "'" + Unsupported + " (System.Nullable<T> is generic)");
            }

            base.VisitNullableType(node);
        }

        public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            if (node.Name.Identifier.Text == "Now"
                && _model.GetSymbolInfo(node.Expression).Symbol is INamedTypeSymbol { Name: "DateTime", ContainingNamespace.Name: "System" })
            {
                Add(node.GetLocation(), node.Span, "DateTime.Now does not exist on nanoFramework 1.x (no time zones): use DateTime.UtcNow");
            }
            else
            {
                CheckStubbedOverride(node);
            }

            base.VisitMemberAccessExpression(node);
        }

        public override void VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            CheckLossyOverload(node);
            base.VisitInvocationExpression(node);
        }

        private void CheckTypeParameters(TypeParameterListSyntax? list, SyntaxToken identifier, string what)
        {
            if (list != null)
            {
                Add(identifier.GetLocation(), list.Span, what + " '" + identifier.Text + list + "'" + Unsupported + " (no generics at runtime)");
            }
        }

        private void CheckAsync(SyntaxTokenList modifiers, string name, SyntaxNode owner)
        {
            SyntaxToken asyncKeyword = modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
            if (asyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                Add(asyncKeyword.GetLocation(), owner.Span, "async " + (name == "lambda" || name == "anonymous method" ? name : "method '" + name + "'") + Unsupported + " (no async/Task)");
            }
        }

        private void CheckInterfaceMember(InterfaceDeclarationSyntax owner, MemberDeclarationSyntax member)
        {
            string name = member switch
            {
                MethodDeclarationSyntax m => m.Identifier.Text,
                PropertyDeclarationSyntax p => p.Identifier.Text,
                IndexerDeclarationSyntax => "this[]",
                EventDeclarationSyntax e => e.Identifier.Text,
                EventFieldDeclarationSyntax f => string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.Text)),
                OperatorDeclarationSyntax o => "operator " + o.OperatorToken.Text,
                _ => string.Empty,
            };
            if (name.Length == 0)
            {
                return;
            }

            string where = owner.Identifier.Text + "." + name;
            if (member.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                Add(member.GetLocation(), member.Span, "static interface member '" + where + "'" + Unsupported);
                return;
            }

            bool hasBody = member switch
            {
                MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                BasePropertyDeclarationSyntax p => (p is PropertyDeclarationSyntax { ExpressionBody: not null } or IndexerDeclarationSyntax { ExpressionBody: not null })
                    || (p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                _ => false,
            };
            if (hasBody)
            {
                Add(member.GetLocation(), member.Span, "default interface member body '" + where + "'" + Unsupported);
            }
        }

        /// <summary>
        /// A library call that only binds because a (non-constant) integer argument converts implicitly to float or
        /// double: the desktop may have the integer overload (e.g. Math.Max(long, long)) while the device silently
        /// computes in floating point.
        /// </summary>
        private void CheckLossyOverload(InvocationExpressionSyntax node)
        {
            if (_model.GetOperation(node) is not IInvocationOperation invocation || !IsLibrary(invocation.TargetMethod))
            {
                return;
            }

            bool lossy = false;
            List<string> argumentTypes = new List<string>();
            foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                IOperation value = argument.Value;
                if (value is IConversionOperation { IsImplicit: true } conversion
                    && conversion.Conversion.IsNumeric
                    && !conversion.Operand.ConstantValue.HasValue
                    && IsIntegral(conversion.Operand.Type)
                    && IsFloatingPoint(conversion.Type))
                {
                    lossy = true;
                    argumentTypes.Add(conversion.Operand.Type!.ToDisplayString(Short));
                }
                else
                {
                    argumentTypes.Add(argument.Parameter?.Type.ToDisplayString(Short) ?? "?");
                }
            }

            if (!lossy)
            {
                return;
            }

            IMethodSymbol method = invocation.TargetMethod;
            string type = method.ContainingType.ToDisplayString(Short);
            string bound = string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(Short)));
            Add(
                node.GetLocation(),
                node.Span,
                type + "." + method.Name + "(" + string.Join(", ", argumentTypes) + ") does not exist on nanoFramework 1.x: the call binds "
                + type + "." + method.Name + "(" + bound + ") through an implicit integer-to-floating-point conversion (a desktop build may bind an integer overload; large values lose precision); convert explicitly or use integer code");
        }

        /// <summary>
        /// A library member the lists mark as a throwing stub. Generated declarations leave such members out (the
        /// compiler then reports them); the real mscorlib declares them, so they are named here.
        /// </summary>
        private void CheckStubbedMember(SyntaxNode node, ISymbol? symbol)
        {
            if (symbol == null || !IsLibrary(symbol))
            {
                return;
            }

            ISymbol member = symbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol or IEventSymbol } accessor ? accessor.AssociatedSymbol! : symbol;
            string? id = member.OriginalDefinition.GetDocumentationCommentId();
            if (id != null && _stubbedIds.Contains(id))
            {
                Add(node.GetLocation(), node.Span, "'" + id.Substring(2) + "' is a throwing stub on nanoFramework 1.x (the API list marks its body as only throwing; the real mscorlib declares it)");
            }
        }

        /// <summary>
        /// A library class with no public constructor: the device offers no way to create it. Named once, whether
        /// the class has only non-public constructors (generated declarations) or none at all (the real mscorlib).
        /// </summary>
        private void CheckConstructible(ObjectCreationExpressionSyntax node)
        {
            if (_model.GetTypeInfo(node).Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type
                && IsLibrary(type)
                && !type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public))
            {
                Add(node.Type.GetLocation(), node.Span, "'" + type.ToDisplayString(Short) + "' cannot be constructed on nanoFramework 1.x: it has no public constructor (every constructor is inaccessible)");
            }
        }

        private void CheckForEach(CommonForEachStatementSyntax node)
        {
            ITypeSymbol? collection = _model.GetTypeInfo(node.Expression).Type;
            if (collection == null || collection.SpecialType == SpecialType.System_String || collection.TypeKind == TypeKind.Array)
            {
                return; // lowered to a loop over Length and the indexer: no enumerator is called
            }

            ForEachStatementInfo info = _model.GetForEachStatementInfo(node);
            foreach (ISymbol? member in new ISymbol?[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty, info.DisposeMethod })
            {
                CheckStubbedMember(node.Expression, member);
            }
        }

        /// <summary>
        /// A lambda, anonymous method or method group whose delegate type is generic: with the real mscorlib the
        /// compiler finds Action&lt;T&gt;/Func&lt;T&gt; for a natural delegate type (<c>var f = () =&gt; 1;</c>), which
        /// the 1.x runtime does not run. The natural type counts too where the target is System.Delegate or object.
        /// </summary>
        private void CheckGenericDelegate(ExpressionSyntax node, string what)
        {
            TypeInfo info = _model.GetTypeInfo(node);
            foreach (ITypeSymbol? type in new[] { info.ConvertedType, info.Type })
            {
                // An error type too: against generated declarations the generic delegate is missing altogether.
                if (type is not INamedTypeSymbol { IsGenericType: true, TypeKind: TypeKind.Delegate or TypeKind.Error } generic)
                {
                    continue;
                }

                Add(node.GetLocation(), node.Span, what + " of generic delegate type '" + generic.ToDisplayString(Short) + "'" + Unsupported
                    + " (no generics at runtime; declare a non-generic delegate type for it)");
                return;
            }
        }

        private static bool IsInvoked(IdentifierNameSyntax node)
        {
            SyntaxNode expression = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node;
            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;
        }

        /// <summary>A virtual member whose override on the receiver's type is a throwing stub on the device.</summary>
        private void CheckStubbedOverride(MemberAccessExpressionSyntax node)
        {
            ISymbol? symbol = _model.GetSymbolInfo(node).Symbol;
            if (symbol is not (IMethodSymbol or IPropertySymbol) || !IsLibrary(symbol) || symbol.IsStatic
                || !(symbol.IsVirtual || symbol.IsAbstract || symbol.IsOverride))
            {
                return;
            }

            ITypeSymbol? receiver = _model.GetTypeInfo(node.Expression).Type;
            string? memberId = symbol.OriginalDefinition.GetDocumentationCommentId();
            string? declaringId = symbol.ContainingType.OriginalDefinition.GetDocumentationCommentId();
            if (receiver == null || memberId == null || declaringId == null)
            {
                return;
            }

            string prefix = memberId.Substring(0, 2) + declaringId.Substring(2) + ".";
            if (!memberId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }

            string rest = memberId.Substring(prefix.Length);
            for (ITypeSymbol? type = receiver; type != null && !SymbolEqualityComparer.Default.Equals(type, symbol.ContainingType); type = type.BaseType)
            {
                string? typeId = type.OriginalDefinition.GetDocumentationCommentId();
                if (typeId == null)
                {
                    continue;
                }

                string candidate = memberId.Substring(0, 2) + typeId.Substring(2) + "." + rest;
                if (_stubbedIds.Contains(candidate))
                {
                    Add(node.Name.GetLocation(), node.Span, "'" + candidate.Substring(2) + "' is a throwing stub on nanoFramework 1.x (it overrides "
                        + memberId.Substring(2) + " with a body that only throws)");
                    return;
                }
            }
        }

        private static bool IsLibrary(ISymbol symbol)
        {
            return ReferenceAssemblies.IsLibrary(symbol);
        }

        private static bool IsIntegral(ITypeSymbol? type)
        {
            return type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Char;
        }

        private static bool IsFloatingPoint(ITypeSymbol? type)
        {
            return type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double;
        }

        private void Add(Location location, Microsoft.CodeAnalysis.Text.TextSpan covers, string message)
        {
            _hits.Add(new RuleHit(location, covers, message));
        }
    }
}
