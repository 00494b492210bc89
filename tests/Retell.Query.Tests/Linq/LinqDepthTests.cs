using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Linq;

/// <summary>
/// A predicate whose &amp;&amp;, || and ! nest past <see cref="QueryNode.MaxDepth"/> is refused as LINQ refuses what it cannot
/// translate (<see cref="NotSupportedException"/>), not with the node's own <see cref="ArgumentException"/>.
/// </summary>
public sealed class LinqDepthTests : IDisposable
{
    private readonly RetellClient _client = new(new RetellClientOptions { ApiKey = "key_unused", BaseAddress = new Uri("http://127.0.0.1:9/"), TimeProvider = new FixedTime() });

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(QueryNode.MaxDepth - 1, false)]
    [InlineData(QueryNode.MaxDepth + 44, true)]
    public void Nesting_past_the_limit_is_refused_with_NotSupportedException(int levels, bool refused)
    {
        var predicate = Nested(levels);
        if (!refused)
        {
            Assert.NotEmpty(_client.Calls.Where(predicate).ToQueryText());
            return;
        }

        var e = Assert.Throws<NotSupportedException>(() => _client.Calls.Where(predicate).ToQueryText());
        Assert.Contains($"nest more than {QueryNode.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_Where_over_a_predicate_at_the_limit_is_refused_the_same_way()
    {
        var e = Assert.Throws<NotSupportedException>(() =>
            _client.Calls.Where(Nested(QueryNode.MaxDepth)).Where(c => c.DurationMs > 5).ToQueryText());
        Assert.Contains("levels deep", e.Message, StringComparison.Ordinal);
    }

    // (((d > 1 || d < 100) && d > 2) || d < 300) && ...: each operator one level deeper, alternating.
    private static Expression<Func<Call, bool>> Nested(int levels)
    {
        var c = Expression.Parameter(typeof(Call), "c");
        var duration = Expression.Property(c, nameof(Call.DurationMs));
        Expression Bound(long ms, bool above) => above
            ? Expression.GreaterThan(duration, Expression.Constant((long?)ms, typeof(long?)))
            : Expression.LessThan(duration, Expression.Constant((long?)ms, typeof(long?)));
        var body = Bound(0, above: true);
        for (var i = 1; i < levels; i++)
        {
            body = i % 2 == 1 ? Expression.OrElse(body, Bound(i * 100, above: false)) : Expression.AndAlso(body, Bound(i, above: true));
        }

        return Expression.Lambda<Func<Call, bool>>(body, c);
    }
}
