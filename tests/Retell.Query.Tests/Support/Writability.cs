using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Serialization;

namespace Retell.Query.Tests.Support;

/// <summary>Whether one CallFilter holds a query: generators keep the conjunctions the compiler accepts.</summary>
internal static class Writability
{
    public static bool IsWritable(QueryNode node)
    {
        try
        {
            CallFilterJson.ToJson(node, new FixedTime());
            return true;
        }
        catch (UnsupportedQueryException)
        {
            return false;
        }
    }
}
