using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>One call object per line, with the API's field names, as each call arrives.</summary>
internal sealed class NdjsonCallWriter(TextWriter output) : ICallWriter
{
    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(call, RetellJsonContext.Default.Call)).ConfigureAwait(false);
        }
    }
}
