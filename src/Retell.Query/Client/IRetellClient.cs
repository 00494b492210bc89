using Retell.Query.Ast;
using Retell.Query.Model;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// What an application calls on a <see cref="RetellClient"/>, so that its code can be tested with a fake (or against
/// the emulator, with a real client). <c>AddRetellClient</c> registers the client under this interface. The members'
/// contracts are <see cref="RetellClient"/>'s; a fake can answer text queries in memory, exactly as the API would, with
/// <see cref="Evaluation.QueryEvaluator"/>.
/// </summary>
public interface IRetellClient
{
    /// <summary>Every call, as a LINQ query (see <see cref="RetellClient.Calls"/>).</summary>
    IQueryable<Call> Calls { get; }

    /// <summary>The queries named in <see cref="RetellClientOptions.Queries"/>, parsed, by name (ignoring case).</summary>
    IReadOnlyDictionary<string, QueryNode> NamedQueries { get; }

    /// <summary>The query named <paramref name="name"/>, as a LINQ query (see <see cref="RetellClient.Named(string)"/>).</summary>
    /// <exception cref="ArgumentException">No query has that name.</exception>
    IQueryable<Call> Named(string name);

    /// <summary>Sends one request and returns its page (see <see cref="RetellClient.ListCallsPageAsync"/>).</summary>
    Task<ListCallsResponse> ListCallsPageAsync(ListCallsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Every call matching <paramref name="filter"/>, lazily (see <see cref="RetellClient.ListCallsAsync(QueryNode, ListCallsOptions?, CancellationToken)"/>).</summary>
    IAsyncEnumerable<Call> ListCallsAsync(QueryNode filter, ListCallsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Every call matching the query text, lazily (see <see cref="RetellClient.ListCallsAsync(string, ListCallsOptions?, CancellationToken)"/>).</summary>
    IAsyncEnumerable<Call> ListCallsAsync(string query, ListCallsOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The plan a query runs with; nothing is sent (see <see cref="RetellClient.Plan(QueryNode, bool?)"/>).</summary>
    QueryPlan Plan(QueryNode filter, bool? allowClientFiltering = null);

    /// <summary>
    /// How many calls match <paramref name="filter"/> (see <see cref="RetellClient.CountAsync(QueryNode, ListCallsOptions?, IProgress{long}?, CancellationToken)"/>,
    /// which asks the API for its total where it can). A fake that does not implement it counts what its
    /// <see cref="ListCallsAsync(QueryNode, ListCallsOptions?, CancellationToken)"/> returns.
    /// </summary>
    async Task<long> CountAsync(QueryNode filter, ListCallsOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var count = 0L;
        await foreach (var _ in ListCallsAsync(filter, options, cancellationToken).ConfigureAwait(false))
        {
            if (++count % 1000 == 0)
            {
                progress?.Report(count);
            }
        }

        return count;
    }
}
