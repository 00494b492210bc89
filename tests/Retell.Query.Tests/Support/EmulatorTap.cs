using System.Text.Json;
using Retell.Query.Client;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Support;

/// <summary>
/// Sits between a client and an emulator: counts the requests sent and the calls the emulator's pages held, and can
/// queue one of the emulator's faults just before a request goes out (so the fault is that request's), as a script
/// of request numbers decides.
/// </summary>
internal sealed class EmulatorTap(RetellEmulator emulator, Func<int, EmulatorFault?>? faultFor = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;
    private long _callsSent;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many calls the pages that reached the client held.</summary>
    public long CallsSent => Interlocked.Read(ref _callsSent);

    /// <summary>A client of the emulator through this tap.</summary>
    public RetellClient Client(TimeProvider? time = null, int pageSize = 1000, int? maxRetries = null, bool allowClientFiltering = false,
        int maxConcurrentRequests = 4, Retell.Query.Policy.QueryPolicy? policy = null) => new(new RetellClientOptions
    {
        BaseAddress = emulator.BaseAddress,
        ApiKey = emulator.ApiKey,
        HttpClient = new HttpClient(this, disposeHandler: false),
        TimeProvider = time ?? new InstantDelays(),
        PageSize = pageSize,
        MaxRetries = maxRetries ?? new RetellClientOptions().MaxRetries,
        AllowClientFiltering = allowClientFiltering,
        MaxConcurrentRequests = maxConcurrentRequests,
        Policy = policy,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _requests) - 1;
        if (faultFor?.Invoke(index) is { } fault)
        {
            emulator.Faults.Enqueue(fault);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return response;
        }

        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            // A cut-off body: hand it on as cut off.
            response.Content = new StreamContent(new ThrowingStream());
            return response;
        }

        using (var page = JsonDocument.Parse(body))
        {
            Interlocked.Add(ref _callsSent, page.RootElement.GetProperty("items").GetArrayLength());
        }

        var copy = new ByteArrayContent(body);
        copy.Headers.ContentType = response.Content.Headers.ContentType;
        response.Content = copy;
        return response;
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("The response ended prematurely.");
    }
}
