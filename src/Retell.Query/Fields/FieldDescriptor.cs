using System.Collections.Immutable;

namespace Retell.Query.Fields;

/// <summary>
/// One row of the field catalog: everything every stage (parser, printer, JSON writer and reader, evaluator,
/// emulator, error messages) needs to know about a filterable field. Instances are the catalog's singletons and
/// compare by reference.
/// </summary>
public sealed class FieldDescriptor
{
    internal FieldDescriptor(
        string name,
        string wireName,
        FieldShape shape,
        ValueKind kind,
        string description,
        string[]? responsePath,
        bool alwaysPresent = false,
        bool isInteger = false,
        bool isMilliseconds = false,
        string[]? enumValues = null,
        string[]? aliases = null,
        bool enumIsClosed = false,
        bool anyEnumValue = false,
        bool takesEnumFilter = false)
    {
        Name = name;
        WireName = wireName;
        Shape = shape;
        Kind = kind;
        Description = description;
        ResponsePath = responsePath is null ? default : [.. responsePath];
        AlwaysPresent = alwaysPresent;
        IsInteger = isInteger;
        IsMilliseconds = isMilliseconds;
        EnumValues = enumValues is null ? [] : [.. enumValues];
        Aliases = aliases is null ? [] : [.. aliases];
        EnumIsClosed = enumIsClosed;
        AnyEnumValue = anyEnumValue;
        TakesEnumFilter = takesEnumFilter;
        Operators = OperatorsFor(kind);
    }

    /// <summary>The canonical name in the query language (the wire name, except <c>agent_id</c>/<c>agent_version</c>).</summary>
    public string Name { get; }

    /// <summary>Other names the query language accepts for this field (<c>status</c> for <c>call_status</c>).</summary>
    public ImmutableArray<string> Aliases { get; }

    /// <summary>The property of <c>CallFilter</c> this field compiles into (<c>agent</c> for agent id and version).</summary>
    public string WireName { get; }

    /// <summary>How the field is addressed and laid out on the wire.</summary>
    public FieldShape Shape { get; }

    /// <summary>The kind of value the field holds.</summary>
    public ValueKind Kind { get; }

    /// <summary>A one-line description, for help text and error messages.</summary>
    public string Description { get; }

    /// <summary>
    /// Where the value is read from a call object of the list response (<c>call_analysis</c>, <c>user_sentiment</c>);
    /// for keyed fields, the object that holds the keys. Default (empty) for fields that list responses do not carry
    /// (<c>custom_attributes</c>, <c>tool_calls</c>): those can be filtered on the server only.
    /// </summary>
    public ImmutableArray<string> ResponsePath { get; }

    /// <summary>True for fields that responses never carry, so they can be filtered on the server only.</summary>
    public bool IsServerOnly => ResponsePath.IsDefault;

    /// <summary>True when every call in a response carries this field.</summary>
    public bool AlwaysPresent { get; }

    /// <summary>True when the field only holds whole numbers, so strict bounds tighten exactly (<c>&gt; 5</c> is <c>&gt;= 6</c>).</summary>
    public bool IsInteger { get; }

    /// <summary>True when the field is in milliseconds, so duration literals (<c>90s</c>) are allowed.</summary>
    public bool IsMilliseconds { get; }

    /// <summary>For enum fields, the values the API's filter accepts, in the spec's spelling.</summary>
    public ImmutableArray<string> EnumValues { get; }

    /// <summary>
    /// True when responses hold only the filter's <see cref="EnumValues"/> (so the complement of a set of values is
    /// exact). False for enums whose responses hold more (<c>call_status</c> has <c>registered</c>) or grow without
    /// notice (<c>disconnection_reason</c>).
    /// </summary>
    public bool EnumIsClosed { get; }

    /// <summary>
    /// True for an enum whose values are the user's own (<c>agent_tag</c>: the environment tags you gave your agents):
    /// any bare word or string is a value, kept as written, and <see cref="EnumValues"/> is empty.
    /// </summary>
    public bool AnyEnumValue { get; }

    /// <summary>
    /// True for a text field whose filter also takes an enum filter, <c>{type: enum, op: in, value: [...]}</c>
    /// (<c>call_id</c>): <c>in</c> with several values, and an <c>or</c> of <c>=</c>s, are one request.
    /// </summary>
    public bool TakesEnumFilter { get; }

    /// <summary>The operators of the query language this field accepts.</summary>
    public QueryOperator Operators { get; }

    /// <summary>True when the field is addressed with a key (<c>metadata.tier</c>, <c>tool_calls.lookup.success</c>).</summary>
    public bool IsKeyed => Shape is FieldShape.Keyed or FieldShape.ToolCall;

    /// <summary>All the names the query language accepts for this field.</summary>
    public IEnumerable<string> AllNames => Aliases.Prepend(Name);

    /// <summary>
    /// Finds the enum value spelled <paramref name="word"/> in any letter case; for a field whose values are the
    /// user's own (<see cref="AnyEnumValue"/>), the word itself, as written.
    /// </summary>
    public string? FindEnumValue(string word)
    {
        if (AnyEnumValue)
        {
            return word;
        }

        foreach (var value in EnumValues)
        {
            if (string.Equals(value, word, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static QueryOperator OperatorsFor(ValueKind kind)
    {
        const QueryOperator presence = QueryOperator.Exists | QueryOperator.NotExists;
        const QueryOperator equality = QueryOperator.Equal | QueryOperator.NotEqual | presence;
        const QueryOperator membership = QueryOperator.In | QueryOperator.NotIn;
        const QueryOperator ordering = QueryOperator.GreaterThan | QueryOperator.GreaterThanOrEqual |
                                       QueryOperator.LessThan | QueryOperator.LessThanOrEqual | QueryOperator.Between;
        const QueryOperator text = QueryOperator.Contains | QueryOperator.StartsWith | QueryOperator.EndsWith;
        return kind switch
        {
            ValueKind.String => equality | membership | text,
            ValueKind.Enum => equality | membership,
            ValueKind.Boolean => equality,
            ValueKind.Number or ValueKind.Timestamp => equality | membership | ordering,
            ValueKind.Any => equality | membership | ordering | text,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
