using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Serialization;

namespace Retell.Query.Planning;

/// <summary>
/// How a query is answered exactly: one request per branch, each with the conditions left for the client, streamed
/// concurrently and merged in the sort order with duplicates (by <c>call_id</c>) removed. No branch means the query
/// can match nothing, and no request is sent.
/// </summary>
public sealed class QueryPlan
{
    internal QueryPlan(QueryNode query, IReadOnlyList<PlanBranch> branches, TimeProvider time)
    {
        Query = query;
        Branches = branches;
        Time = time;
    }

    /// <summary>The query planned.</summary>
    public QueryNode Query { get; }

    /// <summary>The requests, one per branch.</summary>
    public IReadOnlyList<PlanBranch> Branches { get; }

    /// <summary>True when one request answers the query with nothing left for the client.</summary>
    public bool IsSingleRequest => Branches is [{ Residual: null }];

    internal TimeProvider Time { get; }

    /// <summary>The plan as text: each request's filter and body, its residual, and the merge.</summary>
    public string Describe(SortOrder order = SortOrder.Descending, int? limit = null)
    {
        var text = new StringBuilder();
        text.Append("query: ").AppendLine(Query is MatchAllNode ? "(every call)" : Query.ToString());
        if (Branches.Count == 0)
        {
            text.AppendLine("plan: no request: the query can match no call");
            return text.ToString();
        }

        text.Append("plan: ").Append(Branches.Count).Append(Branches.Count == 1 ? " request" : " requests");
        text.AppendLine(Branches.Count == 1 ? "" : $", streamed concurrently and merged {OrderText(order)}, duplicates removed by call_id");
        for (var i = 0; i < Branches.Count; i++)
        {
            var branch = Branches[i];
            text.Append("request ").Append(i + 1).AppendLine(":");
            text.Append("  filter:   ").AppendLine(branch.Request is MatchAllNode ? "(none: every call)" : branch.Request.ToString());
            text.Append("  body:     ").AppendLine(Body(branch, order, limit));
            text.Append("  residual: ").AppendLine(branch.Residual is null ? "(none)" : $"{branch.Residual} (checked on the client)");
        }

        text.AppendLine("pages:    not known in advance (a listing does not ask for totals; count does)");
        return text.ToString();
    }

    /// <summary>The plan as JSON, for tools.</summary>
    public string ToJson(SortOrder order = SortOrder.Descending, int? limit = null, bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("query", Query.ToString());
            writer.WriteStartArray("requests");
            foreach (var branch in Branches)
            {
                writer.WriteStartObject();
                writer.WriteString("filter", branch.Request.ToString());
                writer.WritePropertyName("body");
                using (var body = JsonDocument.Parse(Body(branch, order, limit)))
                {
                    body.RootElement.WriteTo(writer);
                }

                if (branch.Residual is null)
                {
                    writer.WriteNull("residual");
                }
                else
                {
                    writer.WriteString("residual", branch.Residual.ToString());
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("merge");
            writer.WriteString("order", order == SortOrder.Ascending ? "ascending" : "descending");
            writer.WriteString("tie_break", "call_id");
            writer.WriteString("deduplicate_by", "call_id");
            writer.WriteEndObject();
            writer.WriteNull("estimated_pages");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private string Body(PlanBranch branch, SortOrder order, int? limit) =>
        RequestWriter.ToJson(new ListCallsRequest { Filter = branch.Request, SortOrder = order, Limit = limit }, Time);

    private static string OrderText(SortOrder order) => order == SortOrder.Ascending
        ? "oldest first by start_timestamp, then call_id"
        : "newest first by start_timestamp, then call_id";
}
