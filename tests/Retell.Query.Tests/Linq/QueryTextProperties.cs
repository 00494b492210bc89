using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Linq;

/// <summary>
/// <c>ToQueryText()</c> prints what <c>Where(string)</c> takes: for every lambda the provider translates, the text
/// parses, into the very AST the lambda translated to. So the two front doors accept the same conditions on each field:
/// a lambda cannot say what text cannot. The lambdas come from every field's member, every C# comparison and value
/// type a member can be compared with (including the ones the text language types differently, such as a number
/// compared with a dynamic variable), every string and key method, and and/or/not trees of them; and from the
/// predicates of random query ASTs, as a person would write them.
/// </summary>
public sealed class QueryTextProperties : IDisposable
{
    private readonly RetellClient _client = new(new RetellClientOptions { ApiKey = "key_unused", BaseAddress = new Uri("http://127.0.0.1:9/"), TimeProvider = new FixedTime() });

    public void Dispose() => _client.Dispose();

    private static readonly ParameterExpression C = Expression.Parameter(typeof(Call), "c");

    private static Expression Property(string name) => Expression.Property(C, name);

    private static Expression Keyed(string property, string key) =>
        Expression.Property(Expression.Property(C, property), "Item", Expression.Constant(key));

    /// <summary>The members a lambda reads: one per field responses carry, the server-only ones, and the nested forms.</summary>
    private static readonly Gen<Expression> Members = Gen.OneOf(
        Gen.Elements(
            "CallId", "BatchCallId", "FromNumber", "ToNumber", "AgentId", "AgentVersion", "CallStatus", "CallType", "Direction",
            "DisconnectionReason", "UserSentiment", "DataStorageSetting", "InVoicemail", "CallSuccessful", "StartTimestamp",
            "EndTimestamp", "DurationMs", "Duration", "CombinedCost", "E2eLatencyP50").Select(Property),
        from property in Gen.Elements("Metadata", "CustomAnalysisData", "DynamicVariables", "RetellLlmDynamicVariables")
        from key in Gen.Elements("tier", "customer_name", "a b", "n")
        select Keyed(property, key),
        Gen.Elements("region", "x.y").Select(key => (Expression)Expression.Call(C, typeof(Call).GetMethod(nameof(Call.CustomAttribute))!, Expression.Constant(key))),
        from tool in Gen.Elements("lookup", "book slot")
        from property in Gen.Elements(nameof(ToolCallProbe.Success), nameof(ToolCallProbe.LatencyMs))
        select (Expression)Expression.Property(Expression.Call(C, typeof(Call).GetMethod(nameof(Call.ToolCall))!, Expression.Constant(tool)), property));

    /// <summary>Values of every type a member may meet in a comparison, the null among them.</summary>
    private static readonly Gen<ConstantExpression> Values = Gen.Elements<Func<ConstantExpression>>(
        () => Expression.Constant("gold"), () => Expression.Constant(""), () => Expression.Constant("ended"),
        () => Expression.Constant(null, typeof(string)), () => Expression.Constant(5L), () => Expression.Constant(5),
        () => Expression.Constant(-3), () => Expression.Constant(2.5), () => Expression.Constant(2.5m), () => Expression.Constant(0.1),
        () => Expression.Constant(1e20), () => Expression.Constant(true), () => Expression.Constant(false),
        () => Expression.Constant(TimeSpan.FromSeconds(90)), () => Expression.Constant(TimeSpan.FromTicks(15)),
        () => Expression.Constant(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        () => Expression.Constant(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1)),
        () => Expression.Constant(CallStatus.Ended), () => Expression.Constant(UserSentiment.Negative),
        () => Expression.Constant(CallType.WebCall), () => Expression.Constant(CallDirection.Inbound)).Select(make => make());

    private static readonly ExpressionType[] Comparisons =
    [
        ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual,
        ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual,
    ];

    /// <summary>
    /// <c>member op value</c> as C# would bind it — the operator as declared, the value converted implicitly to the
    /// member's type (or to a parameter type of the member's operators), or both numbers widened to a nullable double —
    /// or null when C# has no such comparison. A null of another type stays as it is: code-built trees write
    /// <c>c.DurationMs == Expression.Constant(null)</c>, which the expression API accepts.
    /// </summary>
    private static Expression? Compare(ExpressionType op, Expression member, ConstantExpression value, bool flipped)
    {
        var attempts = new List<(Expression Left, Expression Right)> { (member, value) };
        foreach (var target in new[] { member.Type, typeof(long), typeof(double), typeof(decimal), typeof(long?), typeof(double?) })
        {
            if (Implicit(value.Type, target))
            {
                attempts.Add((member, Expression.Convert(value, target)));
            }
        }

        if (IsNumber(member.Type) && IsNumber(value.Type))
        {
            attempts.Add((Expression.Convert(member, typeof(double?)), Expression.Convert(value, typeof(double?))));
        }

        foreach (var (left, right) in attempts)
        {
            try
            {
                return flipped ? Expression.MakeBinary(op, right, left) : Expression.MakeBinary(op, left, right);
            }
            catch (InvalidOperationException)
            {
                // Not this way: C# would try the next conversion.
            }
        }

        return null;
    }

    private static bool IsNumber(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal));

    /// <summary>The conversions C# makes without a cast: to a nullable, numeric widening, a user-defined implicit operator.</summary>
    private static bool Implicit(Type from, Type to)
    {
        var plainTo = Nullable.GetUnderlyingType(to) ?? to;
        if (from == to || from == plainTo)
        {
            return true;
        }

        if (from == typeof(int) && (plainTo == typeof(long) || plainTo == typeof(double) || plainTo == typeof(decimal)))
        {
            return true;
        }

        if (from == typeof(long) && (plainTo == typeof(double) || plainTo == typeof(decimal)))
        {
            return true;
        }

        return plainTo.GetMethods().Any(m => m.Name == "op_Implicit" && m.ReturnType == plainTo && m.GetParameters() is [var p] && p.ParameterType == from);
    }

    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly System.Reflection.MethodInfo EndsWithChar = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(char)])!;
    private static readonly System.Reflection.MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    /// <summary>The methods and properties that are conditions: text matching, membership, presence.</summary>
    private static Expression? Method(Expression member, int which, string text) => (member.Type, which % 4) switch
    {
        (var t, 0) when t == typeof(string) => Expression.Call(member, StartsWith, Expression.Constant(text), Expression.Constant(StringComparison.Ordinal)),
        (var t, 1) when t == typeof(string) => Expression.Call(member, EndsWithChar, Expression.Constant(text.Length > 0 ? text[^1] : 'x')),
        (var t, 2) when t == typeof(string) => Expression.Call(member, Contains, Expression.Constant(text)),
        (var t, 0) when t == typeof(CustomValue) => Expression.Call(member, nameof(CustomValue.StartsWith), null, Expression.Constant(text)),
        (var t, 1) when t == typeof(CustomValue) => Expression.Call(member, nameof(CustomValue.In), null, Expression.Constant(new[] { text, "silver" })),
        (var t, 2) when t == typeof(CustomValue) => Expression.Property(member, nameof(CustomValue.Exists)),
        (var t, 0 or 1) when Nullable.GetUnderlyingType(t) is not null => Expression.Property(member, "HasValue"),
        (var t, 2 or 3) when t.IsValueType && t != typeof(CustomValue) && Nullable.GetUnderlyingType(t) is null =>
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [t], Expression.Constant(Array.CreateInstance(t, 0)), member),
        (var t, 3) when t == typeof(string) => Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [t], Expression.Constant(new[] { text, "b" }), member),
        _ => null,
    };

    private static readonly Gen<Expression?> Leaf = Gen.OneOf(
        from member in Members
        from op in Gen.Elements(Comparisons)
        from value in Values
        from flipped in Gen.Elements(false, false, true)
        select Compare(op, member, value, flipped),
        from member in Members
        from which in Gen.Choose(0, 3)
        from text in Gen.Elements("gold", "+1", "")
        select Method(member, which, text));

    private static Gen<Expression?> Tree(int depth) => depth <= 1
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, from l in Tree(depth - 1) from r in Tree(depth - 1) select l is null || r is null ? null : (Expression?)Expression.AndAlso(l, r)),
            (1, from l in Tree(depth - 1) from r in Tree(depth - 1) select l is null || r is null ? null : (Expression?)Expression.OrElse(l, r)),
            (1, Tree(depth - 1).Select(e => e is null ? null : (Expression?)Expression.Not(e))));

    private static readonly Gen<Expression<Func<Call, bool>>> Lambdas = Gen.Frequency(
        (3, Tree(3).Where(e => e is not null).Select(e => Expression.Lambda<Func<Call, bool>>(e!, C))),
        (1, AstGen.Query.Select(Predicate).Where(l => l is not null).Select(l => l!)));

    /// <summary>
    /// The query as the lambda a person would write, or null for the few the evaluator cannot write as one (a timestamp
    /// compared with an epoch number no DateTimeOffset holds).
    /// </summary>
    private static Expression<Func<Call, bool>>? Predicate(Retell.Query.Ast.QueryNode query)
    {
        try
        {
            return QueryEvaluator.ToExpression(query, new FixedTime());
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [Fact]
    public void The_text_of_every_translated_lambda_parses_into_the_AST_it_came_from()
    {
        var translated = 0;
        Prop.ForAll(Lambdas.ToArbitrary(), lambda =>
        {
            var query = _client.Calls.Where(lambda);
            string text;
            try
            {
                text = query.ToQueryText();
            }
            catch (NotSupportedException)
            {
                return;
            }
            catch (ArgumentException)
            {
                // The lambda's own conversion threw (a null string to CallStatus), as it throws in memory.
                return;
            }

            translated++;
            var filter = ((RetellQueryProvider)query.Provider).Bind(query.Expression).Filter;
            Assert.True(QueryParser.TryParse(text, out var parsed, out var error), $"{lambda}\nprints {text}\nwhich Where(string) refuses: {error}");
            Assert.True(filter.Equals(parsed), $"{lambda}\nprints {text}\nwhich parses to {parsed}, not to {filter}");
            Assert.Equal(text, _client.Calls.Where(text).ToQueryText());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
        // Most generated comparisons are ones C# and the provider take; a generator that stopped building them would translate few.
        Assert.True(translated > 400, $"only {translated} of 1000 lambdas translated");
    }
}
