using Microsoft.Extensions.Options;
using Retell.Query.Client;

namespace Retell.Query.Extensions.DependencyInjection;

/// <summary>
/// Checks the options as <see cref="RetellClient"/> will (<see cref="RetellClientOptions.Validate"/>), so that the host
/// fails at start-up, with the message naming the option or the query, rather than at the first request.
/// </summary>
/// <param name="section">The configuration section the options were bound from, to name in messages; null when set in code.</param>
internal sealed class RetellClientOptionsValidation(string? section) : IValidateOptions<RetellClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RetellClientOptions options)
    {
        if (options.HttpClient is not null)
        {
            return Fail("RetellClientOptions.HttpClient is set, but under AddRetellClient the client sends with the HttpClient " +
                "IHttpClientFactory makes for it: add handlers through the IHttpClientBuilder that AddRetellClient returns");
        }

        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The messages name the option (or the query, or the key's bad character by position), never the key.
            return Fail(e.Message);
        }
    }

    private ValidateOptionsResult Fail(string message) =>
        ValidateOptionsResult.Fail(section is null ? message : $"{message} (configuration section '{section}')");
}
