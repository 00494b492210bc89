using Retell.Query.Fields;

namespace Retell.Query.Language;

/// <summary>
/// Where <see cref="QueryLanguageService.Complete"/> finds keys to suggest after <c>metadata.</c> (and the other keyed
/// fields) and tool names after <c>tool_calls.</c>: the field catalog knows the fields, only the application knows
/// its keys. The command line's web UI fills one from the calls it has shown.
/// </summary>
public interface IKeySource
{
    /// <summary>Keys of <paramref name="field"/> worth suggesting.</summary>
    /// <param name="field">A keyed field (<c>metadata</c>, <c>custom_analysis_data</c>, <c>custom_attributes</c>,
    /// <c>dynamic_variables</c>), or <c>tool_calls</c> for tool names.</param>
    /// <param name="prefix">What the user has typed of the key so far (may be empty); the service filters and ranks
    /// what is returned by it, so returning more is allowed, but a large source may filter by it first.</param>
    /// <returns>Keys as they are spelled in calls (case-sensitive).</returns>
    IEnumerable<string> GetKeys(FieldDescriptor field, string prefix);
}
