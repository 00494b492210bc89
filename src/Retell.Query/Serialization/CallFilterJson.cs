using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Serialization;

/// <summary>
/// <c>CallFilter</c> JSON to and from the AST, so filters already stored as JSON can be printed, edited and written
/// back: writing what was read gives back the same JSON (property order aside: the writer uses the schema's).
/// </summary>
public static class CallFilterJson
{
    /// <summary>Writes the <c>CallFilter</c> object for <paramref name="query"/>.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the query exactly, or a tree built
    /// in code holds a condition no query text could write (<c>duration_ms = "x"</c>).</exception>
    public static void Write(Utf8JsonWriter writer, QueryNode query, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(query);
        Planning.ConditionCheck.Apply(query);
        CallFilterJsonWriter.Write(writer, FilterCompiler.Compile(query, time ?? TimeProvider.System));
    }

    /// <summary>The <c>CallFilter</c> object for <paramref name="query"/> as a string.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the query exactly, or a tree built
    /// in code holds a condition no query text could write (<c>duration_ms = "x"</c>).</exception>
    public static string ToJson(QueryNode query, TimeProvider? time = null, bool indented = false) =>
        RequestWriter.JsonText((query, time), static (writer, state) => Write(writer, state.query, state.time), indented);

    /// <summary>Reads a <c>CallFilter</c> object into the AST.</summary>
    /// <exception cref="CallFilterFormatException">The JSON is not a valid <c>CallFilter</c>.</exception>
    public static QueryNode Read(JsonElement filter) => FilterDecompiler.ToQuery(CallFilterJsonReader.Read(filter));

    /// <summary>Reads a <c>CallFilter</c> object into the AST.</summary>
    /// <exception cref="CallFilterFormatException">The text is not JSON, or not a valid <c>CallFilter</c>.</exception>
    public static QueryNode Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CallFilterFormatException($"not valid JSON: {e.Message}", e);
        }
        catch (ArgumentException e) when (LoneSurrogate(json) is { } at)
        {
            // The text cannot even be turned into UTF-8: a surrogate without its pair.
            throw new CallFilterFormatException(
                $"not valid JSON: the text has a lone surrogate (U+{(int)json[at]:X4}) at character {at + 1}, which is not Unicode", e);
        }
    }

    private static int? LoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Reads a <c>CallFilter</c> object into the AST, or says why it cannot.</summary>
    public static bool TryRead(string json, [NotNullWhen(true)] out QueryNode? query, [NotNullWhen(false)] out string? error)
    {
        try
        {
            query = Read(json);
            error = null;
            return true;
        }
        catch (CallFilterFormatException e)
        {
            query = null;
            error = e.Message;
            return false;
        }
    }
}
