namespace Retell.Query.Serialization;

/// <summary>The order of calls by <c>start_timestamp</c>; ties are broken by <c>call_id</c>.</summary>
public enum SortOrder
{
    /// <summary>Newest first: the API's default.</summary>
    Descending,

    /// <summary>Oldest first.</summary>
    Ascending,
}
