using System.Globalization;

namespace Retell.Query.Client;

/// <summary>
/// A listing needed more than its budget allows (<see cref="ListCallsOptions.MaxRequests"/>,
/// <see cref="ListCallsOptions.MaxCallsScanned"/>): it stopped before going over. The calls it returned before stay
/// returned; <see cref="Position"/> continues the listing, with a new budget.
/// </summary>
/// <remarks>
/// Not a <see cref="RetellApiException"/>: the API did not fail, and code that retries API failures should not retry
/// this. It is what a caller taking queries from users reports as "this query is too broad".
/// </remarks>
public sealed class QueryBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The option that was reached: <c>MaxRequests</c> or <c>MaxCallsScanned</c>.</param>
    /// <param name="limitValue">Its value.</param>
    /// <param name="requestsSent">The requests the execution sent (retries included).</param>
    /// <param name="callsScanned">The calls its pages held (returned, filtered out on the client, or repeated).</param>
    /// <param name="callsReturned">The calls the listing returned.</param>
    /// <param name="position">Where the listing can continue from.</param>
    /// <param name="innerException">A failure that would have been retried, when the budget stopped its retry.</param>
    public QueryBudgetExceededException(string limit, long limitValue, long requestsSent, long callsScanned, long callsReturned,
        ListCallsPosition? position = null, Exception? innerException = null)
        : this(limit, limitValue, requestsSent, callsScanned, callsReturned, position, innerException, plannedRequests: null)
    {
    }

    /// <summary>Creates the exception; <paramref name="plannedRequests"/> for a plan refused before anything was sent.</summary>
    internal QueryBudgetExceededException(string limit, long limitValue, long requestsSent, long callsScanned, long callsReturned,
        ListCallsPosition? position, Exception? innerException, int? plannedRequests)
        : base(Describe(limit, limitValue, requestsSent, callsScanned, callsReturned, innerException, plannedRequests), innerException)
    {
        PlannedRequests = plannedRequests;
        Limit = limit;
        LimitValue = limitValue;
        RequestsSent = requestsSent;
        CallsScanned = callsScanned;
        CallsReturned = callsReturned;
        Position = position;
    }

    /// <summary>Creates the exception.</summary>
    public QueryBudgetExceededException()
        : this("The query went over its budget.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public QueryBudgetExceededException(string message)
        : base(message)
    {
        Limit = "";
    }

    /// <summary>Creates the exception.</summary>
    public QueryBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Limit = "";
    }

    /// <summary>The option that was reached: <c>MaxRequests</c> or <c>MaxCallsScanned</c>.</summary>
    public string Limit { get; }

    /// <summary>The option's value.</summary>
    public long LimitValue { get; }

    /// <summary>How many requests the execution sent, retries included.</summary>
    public long RequestsSent { get; }

    /// <summary>How many calls the execution's pages held.</summary>
    public long CallsScanned { get; }

    /// <summary>How many calls the listing had returned when it stopped (over every run that resumed it).</summary>
    public long CallsReturned { get; }

    /// <summary>Where the listing continues from, with <see cref="ListCallsOptions.ResumeFrom"/>.</summary>
    public ListCallsPosition? Position { get; }

    /// <summary>The requests the plan needed at least, when it was refused for them before anything was sent.</summary>
    internal int? PlannedRequests { get; }

    private static string Describe(string limit, long value, long requests, long scanned, long returned, Exception? retrying, int? planned)
    {
        var culture = CultureInfo.InvariantCulture;
        if (planned is { } needed)
        {
            return string.Create(culture,
                $"The query went over its budget: its plan sends at least {needed:N0} requests, past MaxRequests = {value:N0}; nothing was sent.");
        }

        var what = limit == nameof(ListCallsOptions.MaxRequests)
            ? string.Create(culture, $"it needed request {value + 1:N0}{(retrying is null ? "" : " (a retry)")}, past MaxRequests = {value:N0}")
            : string.Create(culture, $"it needed more calls than MaxCallsScanned = {value:N0} allows to fetch");
        return string.Create(culture,
            $"The query went over its budget: {what}; it had sent {requests:N0} requests, fetched {scanned:N0} calls and returned {returned:N0}.");
    }
}
