using System.Collections.Immutable;
using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// Compiles one filter object of the spec (<c>StringFilter</c>, <c>NumberFilter</c>, <c>RangeFilter</c>,
/// <c>BooleanFilter</c>, <c>EnumFilter</c>, <c>PresentFilter</c>) into a <see cref="ValueTest"/>. Semantics are C#'s
/// null semantics (docs/design.md): every operator is false on an absent value except <c>ne</c> and <c>np</c>; a value of
/// the wrong JSON type (a number where a string filter applies) behaves like a value that is not equal, so it fails
/// every operator except <c>ne</c>. Strings compare ordinally. Numbers compare as doubles, as JSON numbers do, except on
/// fields that hold whole numbers, where they compare exactly (<see cref="ExactNumber"/>).
/// </summary>
/// <remarks>
/// Independent of the library's compiler and evaluator on purpose: the emulator is the test oracle's half, so it reads
/// the wire JSON with its own code. Do not "remove the duplication" by calling into Retell.Query's compilation or
/// evaluation: a bug shared by both halves is a bug no differential test can see.
/// </remarks>
internal static class ValueFilterInterpreter
{
    private static readonly string[] FilterProperties = ["type", "op", "value"];
    private static readonly string[] KeyedFilterProperties = ["type", "op", "value", "key"];

    /// <summary>Compiles <paramref name="filter"/>, which may be any of <paramref name="allowed"/>.</summary>
    /// <param name="filter">The filter object.</param>
    /// <param name="where">Where the filter is, for error messages.</param>
    /// <param name="allowed">The filter types the field accepts.</param>
    /// <param name="enumValues">For enum fields, the values an <c>EnumFilter</c> may list; default for any.</param>
    /// <param name="keyed">True when the object also carries a <c>key</c> (custom fields, dynamic variables).</param>
    /// <param name="whole">True for a field that holds whole numbers: its number and range filters compare exactly.</param>
    public static ValueTest Compile(
        JsonElement filter, string where, FilterKinds allowed, ImmutableArray<string> enumValues, bool keyed, bool whole = false)
    {
        JsonRead.ExpectObject(filter, where, keyed ? KeyedFilterProperties : FilterProperties);
        var type = JsonRead.RequiredString(filter, "type", where);
        var kind = type switch
        {
            "string" => FilterKinds.String,
            "number" => FilterKinds.Number,
            "range" => FilterKinds.Range,
            "boolean" => FilterKinds.Boolean,
            "enum" => FilterKinds.Enum,
            "present" => FilterKinds.Present,
            _ => throw new BadRequestException($"{where}: unknown filter type '{type}'."),
        };
        if ((allowed & kind) == 0)
        {
            throw new BadRequestException($"{where}: a filter of type '{type}' does not apply here.");
        }

        var op = JsonRead.RequiredString(filter, "op", where);
        return kind switch
        {
            FilterKinds.String => StringTest(op, filter, where),
            FilterKinds.Number => NumberTest(op, JsonRead.Required(filter, "value", where), where, whole),
            FilterKinds.Range => RangeTest(op, filter, where, whole),
            FilterKinds.Boolean => BooleanTest(op, filter, where),
            FilterKinds.Enum => EnumTest(op, filter, where, enumValues),
            _ => PresentTest(op, filter, where),
        };
    }

    private static ValueTest StringTest(string op, JsonElement filter, string where)
    {
        var value = JsonRead.Required(filter, "value", where);
        var expected = value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadRequestException($"{where}.value must be a string, not {JsonRead.Describe(value)}.");
        Func<string, bool> test = op switch
        {
            "eq" => s => string.Equals(s, expected, StringComparison.Ordinal),
            "ne" => s => !string.Equals(s, expected, StringComparison.Ordinal),
            "sw" => s => s.StartsWith(expected, StringComparison.Ordinal),
            "ew" => s => s.EndsWith(expected, StringComparison.Ordinal),
            "co" => s => s.Contains(expected, StringComparison.Ordinal),
            _ => throw UnknownOp(where, op, "string"),
        };
        var whenNotString = op == "ne";
        return v => v is { ValueKind: JsonValueKind.String } s ? test(s.GetString()!) : whenNotString;
    }

    private static ValueTest NumberTest(string op, JsonElement value, string where, bool whole)
    {
        var expected = JsonRead.Number(value, $"{where}.value");
        // The order of the call's value against the filter's: negative, zero or positive.
        Func<JsonElement, int> compare = n => n.GetDouble().CompareTo(expected);
        if (whole)
        {
            var exact = ExactNumber.Of(value);
            compare = n => ExactNumber.Compare(n, exact);
        }

        Func<int, bool> test = op switch
        {
            "eq" => c => c == 0,
            "ne" => c => c != 0,
            "gt" => c => c > 0,
            "ge" => c => c >= 0,
            "lt" => c => c < 0,
            "le" => c => c <= 0,
            _ => throw UnknownOp(where, op, "number"),
        };
        var whenNotNumber = op == "ne";
        return v => v is { ValueKind: JsonValueKind.Number } n ? test(compare(n)) : whenNotNumber;
    }

    private static ValueTest RangeTest(string op, JsonElement filter, string where, bool whole)
    {
        if (op != "bt")
        {
            throw UnknownOp(where, op, "range");
        }

        var value = JsonRead.Required(filter, "value", where);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
        {
            throw new BadRequestException($"{where}.value must be an array of two numbers [lower, upper].");
        }

        var lower = JsonRead.Number(value[0], $"{where}.value[0]");
        var upper = JsonRead.Number(value[1], $"{where}.value[1]");
        if (whole)
        {
            var (exactLower, exactUpper) = (ExactNumber.Of(value[0]), ExactNumber.Of(value[1]));
            return v => v is { ValueKind: JsonValueKind.Number } n && ExactNumber.Compare(n, exactLower) >= 0 && ExactNumber.Compare(n, exactUpper) <= 0;
        }

        return v => v is { ValueKind: JsonValueKind.Number } n && n.GetDouble() >= lower && n.GetDouble() <= upper;
    }

    private static ValueTest BooleanTest(string op, JsonElement filter, string where)
    {
        if (op != "eq")
        {
            throw UnknownOp(where, op, "boolean");
        }

        var value = JsonRead.Required(filter, "value", where);
        var expected = value.ValueKind switch
        {
            JsonValueKind.True => JsonValueKind.True,
            JsonValueKind.False => JsonValueKind.False,
            _ => throw new BadRequestException($"{where}.value must be a boolean, not {JsonRead.Describe(value)}."),
        };
        return v => v is { } b && b.ValueKind == expected;
    }

    private static ValueTest EnumTest(string op, JsonElement filter, string where, ImmutableArray<string> enumValues)
    {
        if (op != "in")
        {
            throw UnknownOp(where, op, "enum");
        }

        var value = JsonRead.Required(filter, "value", where);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException($"{where}.value must be an array of strings.");
        }

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new BadRequestException($"{where}.value must hold strings, not {JsonRead.Describe(item)}.");
            if (!enumValues.IsDefault && !enumValues.Contains(text, StringComparer.Ordinal))
            {
                throw new BadRequestException(
                    $"{where}: '{text}' is not one of {string.Join(", ", enumValues)}.");
            }

            allowed.Add(text);
        }

        return v => v is { ValueKind: JsonValueKind.String } s && allowed.Contains(s.GetString()!);
    }

    private static ValueTest PresentTest(string op, JsonElement filter, string where)
    {
        if (filter.TryGetProperty("value", out _))
        {
            throw new BadRequestException($"{where}: a present filter takes no value.");
        }

        return op switch
        {
            "pr" => v => v is not null,
            "np" => v => v is null,
            _ => throw UnknownOp(where, op, "present"),
        };
    }

    private static BadRequestException UnknownOp(string where, string op, string type) =>
        new($"{where}: '{op}' is not an operator of {(type is "enum" ? "an" : "a")} {type} filter.");
}
