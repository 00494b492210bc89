using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Retell.Query.Client;
using Retell.Query.Policy;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// The local web UI of <c>retell-query ui</c>: Kestrel on 127.0.0.1 serving one page (Ui/Assets) and the JSON
/// endpoints it calls (<see cref="UiEndpoints"/>), behind the <see cref="LoopbackGuard"/>. It talks to the API (or
/// the emulator) through the <see cref="RetellClient"/> it is given; the key stays in that client, and nothing the
/// page receives holds it.
/// </summary>
internal sealed class UiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly UiEndpoints _endpoints;
    private int _disposed;

    private UiServer(WebApplication app, UiEndpoints endpoints, Uri address, string token)
    {
        _app = app;
        _endpoints = endpoints;
        Address = address;
        Token = token;
    }

    /// <summary>The page's address, such as <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The token of this start, which the page sends with every data request.</summary>
    public string Token { get; }

    /// <summary>Starts the server on 127.0.0.1.</summary>
    /// <param name="client">Where calls come from.</param>
    /// <param name="source">What the page says the calls are ("the bundled sample through the local emulator").</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="policy">The <c>--policy</c>: what the page's completion offers and diagnostics refuse, how queries are parsed and planned (the client holds its budgets); null for none.</param>
    public static async Task<UiServer> StartAsync(RetellClient client, string source, int port, CancellationToken cancellationToken, QueryPolicy? policy = null)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 1 << 20;
            k.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        // The guard learns the port once Kestrel listens; until then it refuses everything.
        var guard = new LoopbackGuard(token);
        var endpoints = new UiEndpoints(client, source, policy);
        app.Use(guard.InvokeAsync);
        app.UseRouting();
        var page = UiAssets.Page(token);
        app.MapGet("/", context => Write(context, page, "text/html; charset=utf-8"));
        foreach (var (path, resource, contentType) in UiAssets.Files)
        {
            var text = UiAssets.Read(resource);
            app.MapGet(path, context => Write(context, text, contentType));
        }

        endpoints.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await endpoints.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = $"127.0.0.1:{bound.Port}";
        guard.Bind(host);
        return new UiServer(app, endpoints, new Uri($"http://{host}/"), token);
    }

    private static Task Write(HttpContext context, string text, string contentType)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text);
    }

    /// <summary>Stops the server and the searches it was paging through.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _endpoints.DisposeAsync().ConfigureAwait(false);
    }
}
