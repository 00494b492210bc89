using Retell.Query.Client;

namespace Retell.Query.Hosting.Tests.Support;

/// <summary>A fact about a machine without <c>RETELL_API_KEY</c>: skipped, saying so, where the variable is set.</summary>
public sealed class NoApiKeyInEnvironmentFactAttribute : FactAttribute
{
    public NoApiKeyInEnvironmentFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable) is not null)
        {
            Skip = $"{RetellClientOptions.ApiKeyVariable} is set on this machine, so a client always has a key";
        }
    }
}
