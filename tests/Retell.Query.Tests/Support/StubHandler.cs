using System.Net;
using System.Text;

namespace Retell.Query.Tests.Support;

/// <summary>An HTTP handler that answers from a script, for server behaviour the emulator does not misbehave with.</summary>
internal sealed class StubHandler(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
{
    public int Requests { get; private set; }

    public List<string> Bodies { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
        return respond(Requests++);
    }
}
