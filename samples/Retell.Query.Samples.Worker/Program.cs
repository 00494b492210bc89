using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
await host.RunAsync();
return Environment.ExitCode;

static bool UsesRealApi(IConfiguration configuration) =>
    configuration["Retell:ApiKey"] is not null || configuration["Retell:BaseAddress"] is not null ||
    Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable) is not null;
