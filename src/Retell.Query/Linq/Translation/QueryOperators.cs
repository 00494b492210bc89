using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using Retell.Query.Model;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// The LINQ operators a Retell query translates, each as the one overload it implements (its generic method
/// definition): an overload the provider does not implement — <c>OrderBy</c> with a comparer, <c>Where</c> or
/// <c>Select</c> with an index, <c>FirstOrDefault</c> with a default value — is refused, named, rather than read as
/// the overload it resembles.
/// </summary>
internal static class QueryOperators
{
    /// <summary>How to run in memory what the API cannot: the end of every refusal.</summary>
    public const string ClientSide = "call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns";

    private static readonly MethodInfo WhereText =
        typeof(RetellQueryableExtensions).GetMethod(nameof(RetellQueryableExtensions.Where), [typeof(IQueryable<Call>), typeof(string)])!;

    private static readonly MethodInfo[] Listed =
    [
        WhereText,
        Definition(new Func<IQueryable<int>, int, IQueryable<int>>(RetellQueryableExtensions.WithParallelism).Method),
        Definition(new Func<IOrderedQueryable<int>, int, IOrderedQueryable<int>>(RetellQueryableExtensions.WithParallelism).Method),
        Of(q => q.Where(x => true)),
        Of(q => q.OrderBy(x => x)),
        Of(q => q.OrderByDescending(x => x)),
        OfOrdered(q => q.ThenBy(x => x)),
        OfOrdered(q => q.ThenByDescending(x => x)),
        Of(q => q.Skip(1)),
        Of(q => q.Take(1)),
        Of(q => q.Select(x => x)),
        Of(q => q.AsQueryable()),
        Of(q => q.First()), Of(q => q.First(x => true)),
        Of(q => q.FirstOrDefault()), Of(q => q.FirstOrDefault(x => true)),
        Of(q => q.Single()), Of(q => q.Single(x => true)),
        Of(q => q.SingleOrDefault()), Of(q => q.SingleOrDefault(x => true)),
        Of(q => q.Any()), Of(q => q.Any(x => true)),
        Of(q => q.Count()), Of(q => q.Count(x => true)),
        Of(q => q.LongCount()), Of(q => q.LongCount(x => true)),
    ];

    private static readonly FrozenSet<MethodInfo> Translated = Listed.ToFrozenSet();

    /// <summary>True for a call of LINQ's or Retell's query operators (the chain a query is made of).</summary>
    public static bool IsQueryOperator(MethodCallExpression call) =>
        call.Method.DeclaringType == typeof(Queryable) || call.Method.DeclaringType == typeof(RetellQueryableExtensions);

    /// <summary>True for <c>Where(string)</c>, the query text.</summary>
    public static bool IsWhereText(MethodCallExpression call) => call.Method == WhereText;

    /// <summary>Throws, naming the overload, unless <paramref name="call"/> is an overload the provider translates.</summary>
    public static void RequireTranslated(MethodCallExpression call)
    {
        var definition = Definition(call.Method);
        if (Translated.Contains(definition))
        {
            return;
        }

        var same = Listed.Where(m => m.Name == definition.Name).ToList();
        if (same.Count == 0)
        {
            throw new NotSupportedException(
                $"Cannot translate `{call.Method.Name}` in a Retell query: the API filters, orders by start time and pages, nothing more; {ClientSide}.");
        }

        var reason = definition.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IComparer<>))
            ? "the API orders calls by start_timestamp with its own comparison"
            : "the API has no counterpart for this overload";
        throw new NotSupportedException(
            $"Cannot translate `{Signature(definition)}` in a Retell query: {reason}, so only {string.Join(" and ", same.Select(Signature))} " +
            $"{(same.Count == 1 ? "translates" : "translate")}; {ClientSide}.");
    }

    private static MethodInfo Definition(MethodInfo method) => method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;

    private static MethodInfo Of<T>(Expression<Func<IQueryable<int>, T>> call) => Definition(((MethodCallExpression)call.Body).Method);

    private static MethodInfo OfOrdered<T>(Expression<Func<IOrderedQueryable<int>, T>> call) => Definition(((MethodCallExpression)call.Body).Method);

    /// <summary>
    /// The overload as its parameters' names (<c>OrderBy(source, keySelector, comparer)</c>), or their types too when
    /// another overload has the same names (<c>Select</c> with and without an index).
    /// </summary>
    private static string Signature(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var names = string.Join(", ", parameters.Select(p => p.Name));
        var ambiguous = typeof(Queryable).GetMethods().Count(m => m.Name == method.Name && string.Join(", ", m.GetParameters().Select(p => p.Name)) == names) > 1;
        return ambiguous
            ? $"{method.Name}({string.Join(", ", parameters.Select(p => $"{TypeName(p.ParameterType)} {p.Name}"))})"
            : $"{method.Name}({names})";
    }

    private static string TypeName(Type type) => type switch
    {
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>",
        _ when type == typeof(int) => "int",
        _ when type == typeof(bool) => "bool",
        _ => type.Name,
    };
}
