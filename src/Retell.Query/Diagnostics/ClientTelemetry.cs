using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Serialization;

namespace Retell.Query.Diagnostics;

/// <summary>
/// What one client reports with: its logger and the tags that say which server it talks to (<c>server.address</c>,
/// <c>server.port</c>, as OpenTelemetry's HTTP conventions name them). Starts the traces of queries and requests.
/// </summary>
internal sealed class ClientTelemetry
{
    public ClientTelemetry(ILoggerFactory? loggers, Uri baseAddress, int maxRetries)
    {
        Logger = loggers?.CreateLogger<RetellClient>() ?? NullLogger<RetellClient>.Instance;
        MaxRetries = maxRetries;
        ServerTags = [new("server.address", baseAddress.Host), new("server.port", baseAddress.Port)];
    }

    /// <summary>A client without logs (its queries are still traced and measured when something listens).</summary>
    public static ClientTelemetry Silent(Uri baseAddress, int maxRetries) => new(null, baseAddress, maxRetries);

    public ILogger Logger { get; }

    public int MaxRetries { get; }

    public KeyValuePair<string, object?>[] ServerTags { get; }

    /// <summary>The trace of one execution of a query, its activity a child of the caller's current one.</summary>
    public QueryTrace StartQuery(long callsReturnedBefore) => new(this, Telemetry.Source.StartActivity("retell.query", ActivityKind.Internal), callsReturnedBefore);

    /// <summary>The trace of one request (a page, with its retries), inside <paramref name="query"/> when it is part of one.</summary>
    public RequestTrace StartRequest(QueryTrace? query, CallFilterModel? filter, ListCallsRequest request)
    {
        var (number, page) = query is not null && filter is not null ? query.NextPage(filter) : (1, request.PaginationKey is null ? 1 : 0);
        return new RequestTrace(this, query, number, page);
    }
}
