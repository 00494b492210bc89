using Retell.Query.Fields;

namespace Retell.Query.Ast;

/// <summary>
/// What a condition tests: a catalog field (<c>duration_ms</c>), a key of a keyed field (<c>metadata.tier</c>),
/// or a property of a named tool call (<c>tool_calls.lookup.success</c>; <c>tool_calls.lookup</c> alone for
/// <c>exists</c>).
/// </summary>
public sealed record FieldPath
{
    /// <summary>Creates a path, checking that the key and the tool-call property fit the field.</summary>
    public FieldPath(FieldDescriptor field, string? key = null, FieldDescriptor? toolCallProperty = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Shape == FieldShape.ToolCall && !ReferenceEquals(field, FieldCatalog.ToolCalls))
        {
            throw new ArgumentException($"'{field.Name}' is a tool-call property; pass it as toolCallProperty.", nameof(field));
        }

        if (field.IsKeyed != key is not null)
        {
            throw new ArgumentException(
                field.IsKeyed ? $"'{field.Name}' needs a key." : $"'{field.Name}' takes no key.", nameof(key));
        }

        if (toolCallProperty is not null &&
            (!ReferenceEquals(field, FieldCatalog.ToolCalls) || !FieldCatalog.ToolCallProperties.Contains(toolCallProperty)))
        {
            throw new ArgumentException("Only tool_calls.NAME takes a property (success, latency_ms).", nameof(toolCallProperty));
        }

        Field = field;
        Key = key;
        ToolCallProperty = toolCallProperty;
    }

    /// <summary>The catalog field.</summary>
    public FieldDescriptor Field { get; }

    /// <summary>The key (for keyed fields) or the tool's name (for <c>tool_calls</c>); null otherwise.</summary>
    public string? Key { get; }

    /// <summary>For <c>tool_calls.NAME.PROPERTY</c>, the property; null otherwise.</summary>
    public FieldDescriptor? ToolCallProperty { get; }

    /// <summary>The descriptor whose value kind applies: the tool-call property if there is one, else the field.</summary>
    public FieldDescriptor Target => ToolCallProperty ?? Field;

    /// <summary>True for <c>tool_calls.NAME</c> without a property, which only takes <c>exists</c>.</summary>
    public bool IsToolCallItself => ReferenceEquals(Field, FieldCatalog.ToolCalls) && ToolCallProperty is null;

    /// <summary>The operators a condition on this path may use: <see cref="FieldDescriptor.Operators"/> of its target, but only <c>exists</c> for <c>tool_calls.NAME</c> itself.</summary>
    internal QueryOperator Operators => IsToolCallItself ? QueryOperator.Exists | QueryOperator.NotExists : Target.Operators;

    /// <summary>Creates a path to a plain field.</summary>
    public static implicit operator FieldPath(FieldDescriptor field) => new(field);

    /// <summary>Same field (by identity: the catalog holds one descriptor per field), key and property.</summary>
    /// <param name="other">The path to compare with.</param>
    public bool Equals(FieldPath? other) =>
        other is not null && ReferenceEquals(Field, other.Field) && ReferenceEquals(ToolCallProperty, other.ToolCallProperty)
        && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, Key, ToolCallProperty);

    /// <inheritdoc />
    public override string ToString() => Printing.QueryPrinter.PrintPath(this);
}
