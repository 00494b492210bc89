using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Retell.Query.Cli;

/// <summary>Exception messages as the command line shows them.</summary>
internal static partial class CliText
{
    /// <summary>
    /// The message without what .NET appends to an <see cref="ArgumentException"/>'s: <c> (Parameter 'options')</c>
    /// and an out-of-range exception's <c>Actual value was …</c>, which name the library's parameters, not the user's input.
    /// </summary>
    public static string Plain(Exception e)
    {
        if (e is ArgumentException { ParamName: { } name } && e.Message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal) is >= 0 and var at)
        {
            return e.Message[..at];
        }

        return e.Message;
    }

    /// <summary>
    /// System.Text.Json's message in words: a value of the wrong type is <c>`query` must be a string</c>, not
    /// <c>The JSON value could not be converted to System.String. Path: $.query | LineNumber: 0 | …</c>; others lose their
    /// 0-based position. <paramref name="type"/>, what was being read, says what a property holds (the message names the
    /// type a constructor parameter belongs to, not its own).
    /// </summary>
    public static string Plain(JsonException e, JsonTypeInfo? type = null)
    {
        var path = e.Path is null or "$" ? null : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        if (Conversion().Match(e.Message) is not { Success: true } conversion)
        {
            return Position().Replace(e.Message, "").TrimEnd();
        }

        var clr = type?.Properties.FirstOrDefault(p => p.Name == path)?.PropertyType;
        var expected = Words(clr is null ? conversion.Groups["type"].Value : (Nullable.GetUnderlyingType(clr) ?? clr).FullName ?? "");
        return (path, expected) switch
        {
            (null, null) => "the body is not of the shape this endpoint takes",
            (null, _) => $"the body must be {expected}",
            (_, null) => $"`{path}` is not of the type it takes",
            _ => $"`{path}` must be {expected}",
        };
    }

    private static string? Words(string type) => type.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']') switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Decimal" => "a number",
        _ => null,
    };

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+?)\.(?: Path:|\s*$)")]
    private static partial Regex Conversion();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();
}
