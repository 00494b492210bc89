using Retell.Query.Fields;

namespace Retell.Query.Language;

/// <summary>What <see cref="QueryLanguageService.Complete"/> and <see cref="QueryLanguageService.Diagnose"/> may know
/// beyond the field catalog.</summary>
public sealed class LanguageServiceOptions
{
    /// <summary>The defaults: every field, no keys.</summary>
    public static LanguageServiceOptions Default { get; } = new();

    /// <summary>Keys and tool names to suggest; none when null.</summary>
    public IKeySource? KeySource { get; init; }

    /// <summary>
    /// Which fields may be named, for an application that hides some (a query policy's allowed fields): called with a
    /// field and no key (may the field be named at all — for a keyed field, with some key) and with a field and a key
    /// (may this key, or this tool's name, be named). A field it refuses is never suggested, and
    /// <see cref="QueryLanguageService.Diagnose"/> reports it as unknown, with a did-you-mean chosen only among the
    /// fields it allows. Null allows every field.
    /// </summary>
    public Func<FieldDescriptor, string?, bool>? FieldFilter { get; init; }

    /// <summary>The most suggestions <see cref="QueryLanguageService.Complete"/> returns (50 by default).</summary>
    public int MaxSuggestions { get; init; } = 50;

    internal bool Allows(FieldDescriptor field, string? key = null) => FieldFilter?.Invoke(field, key) ?? true;
}
