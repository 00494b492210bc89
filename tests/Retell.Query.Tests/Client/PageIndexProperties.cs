using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Client;

/// <summary>
/// A sharded scan holds a range's pages as bytes with the ids and starts read off them (<see cref="PageIndex"/>),
/// and deserializes them later: what the index reads must be what the deserializer reads, call by call, or there must
/// be no index at all (the page is then deserialized at once) — whatever the escapes, the property order, nested
/// members that look like the ones read, duplicates, and starts that are null, fractional, out of range or not numbers.
/// </summary>
public class PageIndexProperties
{
    private static readonly Gen<string> Id = Gen.Elements(
        "\"c1\"", "\"c2\"", "\"c\\u0031\"", "\"\\\"q\"", "\"naïve\"", "\"😀\"", "\"\"", "null", "1", "\"c\\\\\"", "\"a\\/b\"");

    private static readonly Gen<string> Start = Gen.Elements(
        "1751328071193", "0", "-1", "null", "1.5", "1751328071193.0", "1e3", "\"1751328071193\"", "true",
        "253402300799999", "253402300800000", "-62135596800000", "-62135596800001", "9223372036854775807", "{}");

    private static readonly Gen<string> Member = Gen.OneOf(
        Id.Select(v => $"\"call_id\":{v}"),
        Start.Select(v => $"\"start_timestamp\":{v}"),
        Gen.Elements(
            "\"call_type\":\"web_call\"", "\"call_status\":\"ended\"", "\"metadata\":{\"call_id\":\"x\",\"start_timestamp\":5}",
            "\"call_\\u0069d\":\"escaped-name\"", "\"start_timestamp \":7", "\"Call_Id\":\"case\"", "\"list\":[1,{\"call_id\":\"y\"}]"));

    private static readonly Gen<string> Call =
        from members in Gen.ArrayOf(Member)
        from id in Id.Where(i => i.StartsWith('"'))
        from withId in Gen.Frequency((6, Gen.Constant(true)), (1, Gen.Constant(false)))
        select "{" + string.Join(',', (withId ? new[] { $"\"call_id\":{id}" } : []).Concat(members.Take(5))) + "}";

    private static readonly Gen<string> Body = Gen.OneOf(
        from calls in Gen.ArrayOf(Call)
        from more in Gen.Elements("\"has_more\":false", "\"has_more\":true,\"pagination_key\":\"k\"")
        select $"{{\"items\":[{string.Join(',', calls.Take(6))}],{more}}}",
        Gen.Elements("""{"has_more":false}""", """{"items":[1],"has_more":false}""", """{"items":[],"items":[],"has_more":false}""", "null", "[]", """{"items":[{}]"""));

    [Property(MaxTest = 600)]
    public Property The_index_reads_each_call_as_the_deserializer_does_or_not_at_all() =>
        Prop.ForAll(Body.ToArbitrary(), body =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            if (PageIndex.Read(bytes) is not { } index)
            {
                return;
            }

            // Indexed: the page deserializes, to the same calls in the same places.
            var calls = CallPageJson.Read(bytes)!.Items;
            Assert.Equal(calls.Count, index.Count);
            Assert.Equal(calls.Select(c => c.CallId), index.Ids!);
            for (var i = 0; i < calls.Count; i++)
            {
                Assert.Equal(calls[i].StartTimestamp?.ToUnixTimeMilliseconds(), index.StartOf(i));
                Assert.True(index.Matches(i, calls[i]));
            }
        });

    [Fact]
    public void A_page_as_the_API_writes_it_is_indexed()
    {
        var calls = SampleData.Generate(50, 7).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        var page = new ListCallsResponse { Items = calls, HasMore = true, PaginationKey = "k" };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(page, RetellJsonContext.Default.ListCallsResponse);

        var index = PageIndex.Read(bytes);

        Assert.NotNull(index);
        Assert.Equal(calls.Select(c => c.CallId), index.Ids!);
        Assert.Equal(calls.Select(c => c.StartTimestamp?.ToUnixTimeMilliseconds()), Enumerable.Range(0, index.Count).Select(index.StartOf));
    }

    [Theory]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":1.5}],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":"a","call_id":"b"}],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":1,"start_timestamp":2}],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":null}],"has_more":false}""")]
    [InlineData("""{"items":[{"start_timestamp":1}],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":253402300800000}],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":"a"}],"items":[],"has_more":false}""")]
    [InlineData("""{"items":[{"call_id":"a"}],"has_more":false} x""")]
    public void A_page_read_any_other_way_is_not_indexed(string body) =>
        Assert.Null(PageIndex.Read(Encoding.UTF8.GetBytes(body)));
}
