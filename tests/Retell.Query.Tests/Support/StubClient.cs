using Retell.Query.Client;

namespace Retell.Query.Tests.Support;

/// <summary>A client whose requests go to an in-process handler (a script, a probe), never to the network.</summary>
internal static class StubClient
{
    public static RetellClient For(HttpMessageHandler handler, TimeProvider? time = null, int pageSize = 1000) => new(new RetellClientOptions
    {
        ApiKey = "key_stub",
        BaseAddress = new Uri("http://stub.invalid/"),
        HttpClient = new HttpClient(handler),
        TimeProvider = time ?? TimeProvider.System,
        PageSize = pageSize,
    });
}
