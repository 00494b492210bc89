using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Retell.Query.Emulator;

namespace Retell.Query.Hosting.Tests.Support;

/// <summary>Hosts built as an application builds them: configuration (in memory here), AddRetellClient, start.</summary>
internal static class Hosts
{
    /// <summary>A host whose "Retell" section holds <paramref name="settings"/> (keys relative to the section).</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<IHttpClientBuilder>? http = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Retell:" + s.Key, s.Value)));
        builder.Logging.ClearProviders();
        var client = builder.Services.AddRetellClient(builder.Configuration.GetSection("Retell"));
        http?.Invoke(client);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The settings that point a client at <paramref name="emulator"/>, with retries that wait for nothing.</summary>
    public static Dictionary<string, string?> For(RetellEmulator emulator) => new()
    {
        ["BaseAddress"] = emulator.BaseAddress.ToString(),
        ["ApiKey"] = emulator.ApiKey,
        ["InitialRetryDelay"] = "00:00:00",
        ["MaxRetryDelay"] = "00:00:00",
    };
}
