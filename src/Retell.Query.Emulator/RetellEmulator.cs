using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Retell.Query.Model;

namespace Retell.Query.Emulator;

/// <summary>
/// A real HTTP server on 127.0.0.1 (the framework's Kestrel) that implements Retell's <c>POST /v3/list-calls</c> over
/// an in-memory data set: every <c>CallFilter</c> field and operator, sort, <c>limit</c>, <c>skip</c>, opaque
/// <c>pagination_key</c>, 400/401 errors, and injected faults. It reads the wire JSON itself, never the library's
/// query AST or evaluator, so tests that compare it with LINQ-to-Objects test something.
/// </summary>
public sealed class RetellEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListCallsHandler _handler;
    private readonly ConcurrentQueue<string> _bodies;
    private int _disposed;

    private RetellEmulator(WebApplication app, ListCallsHandler handler, ConcurrentQueue<string> bodies, Uri baseAddress, string apiKey, int callCount, ConcurrentQueue<EmulatorFault> faults)
    {
        _app = app;
        _handler = handler;
        _bodies = bodies;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        CallCount = callCount;
        Faults = faults;
    }

    /// <summary>The address to send requests to, such as <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key clients must send as <c>Authorization: Bearer KEY</c>.</summary>
    public string ApiKey { get; }

    /// <summary>How many calls the data set holds.</summary>
    public int CallCount { get; }

    /// <summary>How many requests reached <c>/v3/list-calls</c>, including faulted and rejected ones.</summary>
    public int RequestCount => _handler.RequestCount;

    /// <summary>How many requests <see cref="RetellEmulatorOptions.ConcurrencyLimit"/> answered 429.</summary>
    public int ThrottledCount => _handler.ThrottledCount;

    /// <summary>The most requests served at once so far (those <see cref="RetellEmulatorOptions.ConcurrencyLimit"/> refused aside).</summary>
    public int MostConcurrentRequests => _handler.MostConcurrentRequests;

    /// <summary>
    /// The bodies of the authenticated requests received so far, in arrival order (for asserting what a client sent);
    /// only the last 10,000, and no more than 16 Mi characters in all, are kept, so a long-running emulator does not
    /// grow without bound (and a stranger without the key cannot make it hold anything).
    /// </summary>
    public IReadOnlyList<string> RequestBodies => [.. _bodies];

    /// <summary>Faults to inject: each is used by the next request, in order; enqueue and clear at any time.</summary>
    public ConcurrentQueue<EmulatorFault> Faults { get; }

    /// <summary>
    /// Starts an emulator over call objects as the API returns them. They may also carry the server-only fields
    /// <c>custom_attributes</c> (an object) and <c>tool_calls</c> (an array of <c>{name, latency_ms, success}</c>): those
    /// can be filtered on and are never returned.
    /// </summary>
    /// <param name="calls">The data set; each call needs a unique string <c>call_id</c>.</param>
    /// <param name="options">Key, port and latency; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    [OverloadResolutionPriority(1)] // so that StartAsync([]) picks this overload rather than being ambiguous.
    public static async Task<RetellEmulator> StartAsync(
        IEnumerable<JsonObject> calls, RetellEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RetellEmulatorOptions();
        var store = CallStore.Create(calls);
        var apiKey = options.ApiKey ?? $"key_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var faults = new ConcurrentQueue<EmulatorFault>();
        var bodies = new ConcurrentQueue<string>();
        var handler = new ListCallsHandler(store, apiKey, new PaginationKeys(RandomNumberGenerator.GetBytes(32)), faults, bodies, options.Latency,
            options.ConcurrencyLimit, options.ThrottleRetryAfter);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(handler.DispatchAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RetellEmulator(app, handler, bodies, new Uri(address.TrimEnd('/') + "/"), apiKey, store.Count, faults);
    }

    /// <summary>Starts an emulator over calls of the model (which cannot carry the server-only fields).</summary>
    /// <param name="calls">The data set.</param>
    /// <param name="options">Key, port and latency; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static Task<RetellEmulator> StartAsync(
        IEnumerable<Call> calls, RetellEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var objects = calls.Select(c => JsonSerializer.SerializeToNode(c, RetellJsonContext.Default.Call)!.AsObject());
        return StartAsync(objects, options, cancellationToken);
    }

    /// <summary>Starts an emulator over a JSON file holding an array of call objects.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Key, port and latency; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<RetellEmulator> StartFromFileAsync(
        string path, RetellEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var calls = await SampleData.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            return await StartAsync(calls, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts an emulator over the bundled sample data set (<see cref="SampleData.Bundled"/>).</summary>
    /// <param name="options">Key, port and latency; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static Task<RetellEmulator> StartWithSampleDataAsync(
        RetellEmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(SampleData.Bundled(), options, cancellationToken);

    /// <summary>Stops the server; later calls do nothing.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
