using System.Net;
using System.Text;
using Retell.Query.Client;

namespace Retell.Query.Tests.Support;

/// <summary>
/// A server played in process (an <see cref="HttpMessageHandler"/>): each request — its index, its body as text, its
/// headers — gets the response a script makes, so a test can be any server at all, however broken or hostile.
/// </summary>
internal sealed class ScriptedServer(Func<ScriptedServer.Request, HttpResponseMessage> respond) : HttpMessageHandler
{
    public const string Key = "key_hostile_0123456789abcdef";

    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Bodies { get; } = [];

    /// <summary>A client of this server with the test's settings: instant retry waits, and the key <see cref="Key"/>.</summary>
    public RetellClient Client(TimeProvider? time = null, int maxRetries = 6, int maxEmptyPages = 10,
        int maxPageBytes = RetellClientOptions.DefaultMaxPageBytes, int pageSize = 1000, int maxConcurrentRequests = 4) => new(new RetellClientOptions
    {
        ApiKey = Key,
        BaseAddress = new Uri("http://hostile.invalid/"),
        HttpClient = new HttpClient(this, disposeHandler: false),
        TimeProvider = time ?? new InstantDelays(),
        MaxRetries = maxRetries,
        MaxEmptyPages = maxEmptyPages,
        MaxPageBytes = maxPageBytes,
        PageSize = pageSize,
        MaxConcurrentRequests = maxConcurrentRequests,
    });

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Stream(Stream body, HttpStatusCode status = HttpStatusCode.OK, long? declaredLength = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StreamContent(body) };
        response.Content.Headers.ContentType = new("application/json");
        response.Content.Headers.ContentLength = declaredLength;
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        int index;
        lock (Bodies)
        {
            Bodies.Add(body);
            index = _requests++;
        }

        return respond(new Request(index, body, request));
    }

    /// <summary>One request: its index (from 0), its body, the message itself.</summary>
    public sealed record Request(int Index, string Body, HttpRequestMessage Message)
    {
        public int Limit => (int)System.Text.Json.Nodes.JsonNode.Parse(Body)!["limit"]!;
    }
}

/// <summary>A body that repeats its text forever (or to a length), counting what was read of it.</summary>
internal sealed class CountingStream(byte[] prefix, byte[] filler, long? length = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Fill(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Fill(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Fill(buffer.AsSpan(offset, count)));

    private int Fill(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, (length ?? long.MaxValue) - BytesRead);
        for (var i = 0; i < n; i++)
        {
            var at = BytesRead + i;
            buffer[i] = at < prefix.Length ? prefix[at] : filler[(at - prefix.Length) % filler.Length];
        }

        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
