using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// A member access in a lambda resolved to a catalog field: the field, how to get its key from this execution's
/// slots (keyed fields and tool calls), the tool-call property, and how values compared with it are converted.
/// </summary>
internal sealed record FieldAccess(FieldDescriptor Field, Func<object?[], string>? Key, FieldDescriptor? ToolCallProperty, ValueConversion Conversion)
{
    /// <summary>The chain of intermediate objects the access goes through (<c>c.CallAnalysis</c>), for null guards.</summary>
    public IReadOnlyList<string> Through { get; init; } = [];

    public FieldPath Path(object?[] slots) => new(Field, Key?.Invoke(slots), ToolCallProperty);
}

/// <summary>How a runtime value compared with a member becomes a literal of its field.</summary>
internal enum ValueConversion
{
    /// <summary>As the field's kind says (strings, enum structs, booleans, numbers, timestamps).</summary>
    Plain,

    /// <summary>A <see cref="TimeSpan"/> compared with <c>Call.Duration</c>: milliseconds of <c>duration_ms</c>.</summary>
    Duration,

    /// <summary>A value of a keyed field (<c>CustomValue</c>): text, number or boolean.</summary>
    Custom,
}
