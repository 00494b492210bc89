using System.Collections.Frozen;
using System.Reflection;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Where each catalog field lives on <see cref="Call"/>, derived from the catalog rather than listed again: the flat
/// property is the field's name in PascalCase (<c>user_sentiment</c> → <c>UserSentiment</c>), the nested chain is its
/// response path in PascalCase (<c>call_analysis.user_sentiment</c> → <c>CallAnalysis.UserSentiment</c>). A test checks
/// that every field that responses carry resolves both ways.
/// </summary>
internal static class CallMembers
{
    private static readonly FrozenDictionary<FieldDescriptor, PropertyInfo> FlatByField = FieldCatalog.Fields
        .Where(f => !f.IsServerOnly && typeof(Call).GetProperty(PascalCase(f.Name)) is not null)
        .ToFrozenDictionary(f => f, f => typeof(Call).GetProperty(PascalCase(f.Name))!);

    private static readonly FrozenDictionary<PropertyInfo, FieldDescriptor> FieldByFlat =
        FlatByField.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    private static readonly FrozenDictionary<string, FieldDescriptor> FieldByChain = FieldCatalog.Fields
        .Where(f => !f.IsServerOnly)
        .ToFrozenDictionary(f => string.Join('.', f.ResponsePath.Select(PascalCase)), f => f, StringComparer.Ordinal);

    /// <summary><c>Call.Duration</c>: the <see cref="TimeSpan"/> twin of <c>duration_ms</c>.</summary>
    public static readonly PropertyInfo Duration = typeof(Call).GetProperty(nameof(Call.Duration))!;

    public static readonly MethodInfo ToolCall = typeof(Call).GetMethod(nameof(Call.ToolCall))!;
    public static readonly MethodInfo CustomAttribute = typeof(Call).GetMethod(nameof(Call.CustomAttribute))!;
    public static readonly PropertyInfo ToolCallSuccess = typeof(ToolCallProbe).GetProperty(nameof(ToolCallProbe.Success))!;
    public static readonly PropertyInfo ToolCallLatencyMs = typeof(ToolCallProbe).GetProperty(nameof(ToolCallProbe.LatencyMs))!;
    public static readonly PropertyInfo ToolCallExists = typeof(ToolCallProbe).GetProperty(nameof(ToolCallProbe.Exists))!;
    public static readonly PropertyInfo KeyIndexer = typeof(CustomValues).GetProperty("Item", typeof(CustomValue), [typeof(string)])!;
    public static readonly PropertyInfo ValueExists = typeof(CustomValue).GetProperty(nameof(CustomValue.Exists))!;
    public static readonly MethodInfo ValueStartsWith = typeof(CustomValue).GetMethod(nameof(CustomValue.StartsWith))!;
    public static readonly MethodInfo ValueEndsWith = typeof(CustomValue).GetMethod(nameof(CustomValue.EndsWith))!;
    public static readonly MethodInfo ValueContains = typeof(CustomValue).GetMethod(nameof(CustomValue.Contains))!;
    public static readonly MethodInfo ValueIn = typeof(CustomValue).GetMethod(nameof(CustomValue.In))!;

    /// <summary>The flat property of <paramref name="field"/> on <see cref="Call"/>, if responses carry the field.</summary>
    public static PropertyInfo? Flat(FieldDescriptor field) => FlatByField.GetValueOrDefault(field);

    /// <summary>The field behind a flat property of <see cref="Call"/>.</summary>
    public static FieldDescriptor? FieldOf(PropertyInfo property) => FieldByFlat.GetValueOrDefault(property);

    /// <summary>The field behind a chain of properties from <see cref="Call"/> (<c>CallAnalysis.UserSentiment</c>).</summary>
    public static FieldDescriptor? FieldOfChain(IEnumerable<MemberInfo> chain) =>
        FieldByChain.GetValueOrDefault(string.Join('.', chain.Select(m => m.Name)));

    /// <summary>
    /// True for a chain that ends at an object holding fields (<c>c.CallAnalysis</c>, <c>c.Latency.E2e</c>) rather than
    /// at a field: what a null guard tests.
    /// </summary>
    public static bool IsObjectOnTheWay(IReadOnlyList<MemberInfo> chain)
    {
        var text = string.Join('.', chain.Select(m => m.Name));
        return FieldByChain.Keys.Any(k => k.StartsWith(text + ".", StringComparison.Ordinal));
    }

    internal static string PascalCase(string snake) =>
        string.Concat(snake.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
