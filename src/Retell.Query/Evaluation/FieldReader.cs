using System.Linq.Expressions;
using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;

namespace Retell.Query.Evaluation;

/// <summary>
/// Reads the value a field path names from a <see cref="Call"/>, the way the evaluator reads it for a condition
/// (the same members, from the field catalog): for grouping and summing calls by a field (<c>retell-query stats</c>).
/// </summary>
public static class FieldReader
{
    /// <summary>
    /// A reader of <paramref name="path"/>'s value: null when the call does not carry it; otherwise a
    /// <see cref="string"/> (text and enum fields, in the wire's spelling), a <see cref="bool"/>, a <see cref="long"/>
    /// (whole-number fields: <c>duration_ms</c>, <c>agent_version</c>), a <see cref="double"/> (other numbers), a
    /// <see cref="DateTimeOffset"/> (timestamps); a keyed value is its JSON's string, number (as <see cref="double"/>)
    /// or boolean, or the JSON text of an object or array.
    /// </summary>
    /// <exception cref="NotSupportedException">The field is not in list responses (<c>custom_attributes</c>, <c>tool_calls</c>).</exception>
    public static Func<Call, object?> For(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Field.IsServerOnly)
        {
            throw new NotSupportedException($"`{path}` is not in list responses: the API filters on it but never returns it.");
        }

        var call = Expression.Parameter(typeof(Call), "c");
        var flat = CallMembers.Flat(path.Field) ?? throw new InvalidOperationException($"Call has no property for {path.Field.Name}");
        Expression member = path.Field.Shape == FieldShape.Keyed
            ? Expression.Property(Expression.Property(call, flat), CallMembers.KeyIndexer, Expression.Constant(path.Key))
            : Expression.Property(call, flat);
        var read = Expression.Lambda<Func<Call, object?>>(Expression.Convert(member, typeof(object)), call).Compile();
        return c => Normalize(read(c));
    }

    private static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        bool or long or double or DateTimeOffset => value,
        int i => (long)i,
        float f => (double)f,
        decimal d => (double)d,
        CustomValue custom => custom.Json is { } json ? Json(json) : null,
        // The string-backed enums (CallStatus, UserSentiment, ...): their wire value; empty is absent.
        _ => value.ToString() is { Length: > 0 } text ? text : null,
    };

    private static object? Json(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => json.GetRawText(),
    };
}
