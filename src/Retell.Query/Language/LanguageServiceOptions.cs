using Retell.Query.Fields;
using Retell.Query.Policy;

namespace Retell.Query.Language;

/// <summary>What <see cref="QueryLanguageService.Complete"/> and <see cref="QueryLanguageService.Diagnose"/> may know
/// beyond the field catalog.</summary>
public sealed class LanguageServiceOptions
{
    /// <summary>The defaults: every field, no keys, no policy.</summary>
    public static LanguageServiceOptions Default { get; } = new();

    /// <summary>
    /// Keys and tool names to suggest; none when null, but those <see cref="Policy"/> names for a field it allows only
    /// by key (<c>metadata.tier</c>), which are suggested with or without a source (and the source's other keys never).
    /// </summary>
    public IKeySource? KeySource { get; init; }

    /// <summary>
    /// Which fields may be named, for an application that hides some (a query policy's allowed fields): called with a
    /// field and no key (may the field be named at all — for a keyed field, with some key) and with a field and a key
    /// (may this key, or this tool's name, be named). A field it refuses is never suggested, and
    /// <see cref="QueryLanguageService.Diagnose"/> reports it as unknown, with a did-you-mean chosen only among the
    /// fields it allows. Null allows every field.
    /// </summary>
    public Func<FieldDescriptor, string?, bool>? FieldFilter { get; init; }

    /// <summary>
    /// The policy the text will be parsed under (<see cref="Parsing.QueryParser.TryParse(string, QueryPolicy?, out Ast.QueryNode?, out Parsing.QueryError?)"/>):
    /// a field it does not allow, or a key other than those it allows a keyed field by, is never suggested; the keys it
    /// allows a field by (<c>metadata.tier</c>, <c>tool_calls.lookup</c>) are, after <c>metadata.</c> or
    /// <c>metadata[</c>, in the policy's order, with or without a <see cref="KeySource"/>; and
    /// <see cref="QueryLanguageService.Diagnose"/> reports what the parser refuses under it — a field it does not
    /// allow, a condition past <see cref="QueryPolicy.MaxTerms"/>, text longer than
    /// <see cref="QueryPolicy.MaxQueryLength"/> — where and in the words the parser does. Applies together with
    /// <see cref="FieldFilter"/> (a field must pass both). Null for no policy.
    /// </summary>
    public QueryPolicy? Policy { get; init; }

    /// <summary>The most suggestions <see cref="QueryLanguageService.Complete"/> returns (50 by default).</summary>
    public int MaxSuggestions { get; init; } = 50;

    internal bool Allows(FieldDescriptor field, string? key = null) =>
        (FieldFilter?.Invoke(field, key) ?? true) && (Policy?.Fields() is not { } allowed || allowed.Allows(field, key));
}
