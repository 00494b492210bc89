using System.Text.Json;
using System.Text.Json.Serialization;
using Retell.Query.Policy;

namespace Retell.Query.Cli;

/// <summary>
/// Reads <c>--policy FILE</c>: a <see cref="QueryPolicy"/> as JSON, with its property names
/// (<c>{"AllowedFields": ["call_status", "metadata.tier"], "MaxTerms": 20}</c>, any case, comments allowed). A file
/// that cannot be read, is not such JSON (a property the policy does not have included: a misspelt limit must not be
/// dropped silently), or holds an invalid policy is bad usage, reported with the file's name and the reason.
/// </summary>
internal static class PolicyFile
{
    /// <summary>The policy, or null when the file was refused (the reason is on stderr).</summary>
    public static QueryPolicy? Read(string path, CliConsole console)
    {
        try
        {
            var policy = JsonSerializer.Deserialize(File.ReadAllText(path), PolicyJsonContext.Default.QueryPolicy)
                ?? throw new JsonException("the file holds null, not a policy object");
            policy.Validate();
            return policy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            console.Error.WriteLine($"error: cannot use the policy in {path}: {e.Message}");
            return null;
        }
    }
}

/// <summary>The source-generated JSON contract of a policy file.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(QueryPolicy))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
