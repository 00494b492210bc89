using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Retell.Query.Client;
using Retell.Query.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a <see cref="RetellClient"/> (as itself and as <see cref="IRetellClient"/>, one for the application)
/// whose options are bound and checked when the host starts and whose requests go through <c>IHttpClientFactory</c>.
/// </summary>
/// <remarks>
/// <para>
/// The client is a singleton: its LINQ translations are cached per client, and it is safe to share. It sends with one
/// <see cref="HttpClient"/> from the factory's client named <see cref="HttpClientName"/>, whose handlers are those
/// added to the <see cref="IHttpClientBuilder"/> these methods return. Since .NET 9 the factory's default primary
/// handler is a <see cref="SocketsHttpHandler"/> whose <c>PooledConnectionLifetime</c> is the builder's handler
/// lifetime, so a long-lived client still sees DNS changes.
/// </para>
/// <para>
/// The options are validated on start (<c>ValidateOnStart</c>) with <see cref="RetellClientOptions.Validate"/>: a
/// missing key, an option out of range or a named query that does not parse or cannot be planned stops the host with
/// an <see cref="OptionsValidationException"/> naming the option or the query (and, for a query, the line:column and
/// message of its error) — never the key's value. Configuration keys that are not options (a misspelt
/// <c>MaxRetires</c>) stop it too.
/// </para>
/// <para>
/// Retries: the client retries what the API's SDKs retry (<see cref="RetellClientOptions.MaxRetries"/>, 6 by default),
/// per request, counting each try against a listing's budget. A retrying handler added to the builder (such as
/// <c>AddStandardResilienceHandler</c>) runs inside each of those tries, so the two multiply (7 × 4 tries a page with
/// both defaults): keep one. Set <c>MaxRetries</c> to 0 to let the handler retry, or leave the handler's retry
/// strategy out. An exception a handler throws (a timeout, an open circuit) ends the request as a
/// <see cref="RetellConnectionException"/> holding it, and is not retried by the client.
/// </para>
/// </remarks>
public static class RetellServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <c>IHttpClientFactory</c> client the Retell client sends with. Its <c>Timeout</c> is infinite:
    /// each request is timed by <see cref="RetellClientOptions.ListTimeout"/>, per try.
    /// </summary>
    public const string HttpClientName = "Retell.Query";

    /// <summary>
    /// Registers the client with options bound from <paramref name="configuration"/>, usually
    /// <c>configuration.GetSection("Retell")</c>: <c>ApiKey</c>, <c>BaseAddress</c>, <c>MaxRetries</c>, ... with the
    /// names of <see cref="RetellClientOptions"/>'s properties, and <c>Queries</c> (name → query text).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration section of the options.</param>
    /// <returns>The builder of the HTTP client the Retell client sends with, to add handlers to.</returns>
    public static IHttpClientBuilder AddRetellClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RetellClientOptions>().Bind(configuration, binder => binder.ErrorOnUnknownConfiguration = true);
        return AddClient(services, (configuration as IConfigurationSection)?.Path);
    }

    /// <summary>Registers the client with options set by <paramref name="configure"/>.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options (the key, the address, named queries, ...).</param>
    /// <returns>The builder of the HTTP client the Retell client sends with, to add handlers to.</returns>
    public static IHttpClientBuilder AddRetellClient(this IServiceCollection services, Action<RetellClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RetellClientOptions>().Configure(configure);
        return AddClient(services, null);
    }

    private static IHttpClientBuilder AddClient(IServiceCollection services, string? section)
    {
        services.AddOptions<RetellClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetellClientOptions>>(new RetellClientOptionsValidation(section)));
        services.TryAddSingleton(provider => new RetellClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<RetellClientOptions>>().Value,
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IRetellClient>(provider => provider.GetRequiredService<RetellClient>());
        // Each request has its own timeout (ListTimeout, per try): the factory's default of 100 s for the whole
        // HttpClient would cut a slow page off before it, and be reported as ListTimeout.
        return services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
    }
}
