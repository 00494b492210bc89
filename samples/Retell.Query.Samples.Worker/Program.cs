using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Samples.Worker;

var builder = Host.CreateApplicationBuilder(args);

// Without a key (Retell:ApiKey, Retell__ApiKey or RETELL_API_KEY) or an address, the sample needs no account: it
// starts the local emulator over its bundled 2,000 sample calls and points the client at it.
await using var emulator = UsesRealApi(builder.Configuration) ? null : await RetellEmulator.StartWithSampleDataAsync();
if (emulator is not null)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Retell:BaseAddress"] = emulator.BaseAddress.ToString(),
        ["Retell:ApiKey"] = emulator.ApiKey,
    });
}

// Options from "Retell" (named queries included), checked when the host starts; requests through IHttpClientFactory.
builder.Services.AddRetellClient(builder.Configuration.GetSection("Retell"));
builder.Services.AddHostedService<NamedQueryWorker>();

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (OptionsValidationException e)
{
    // A missing key, a bad option or a named query that does not parse stops the host here, before any request.
    await Console.Error.WriteLineAsync($"The configuration is not valid: {e.Message}");
    return 2;
}

return Environment.ExitCode;

static bool UsesRealApi(IConfiguration configuration) =>
    configuration["Retell:ApiKey"] is not null || configuration["Retell:BaseAddress"] is not null ||
    Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable) is not null;
