using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>Writes a stream of calls in one output format.</summary>
internal interface ICallWriter
{
    Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken);
}
