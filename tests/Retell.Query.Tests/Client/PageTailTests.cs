using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Client;

namespace Retell.Query.Tests.Client;

/// <summary>
/// Reading <c>has_more</c> and <c>pagination_key</c> backwards from the end of a page must say what reading the whole
/// body forwards says, whatever the member order, whitespace, escapes and strings that look like JSON.
/// </summary>
public class PageTailTests
{
    /// <summary>Strings that end in backslashes, hold quotes and braces, or look like the members being looked for.</summary>
    private static readonly string[] TrickyText =
    [
        "", "k", "a\\", "a\\\\", "\\", "\"", "\\\"", "x\"}", "],\"has_more\":true}", "\"pagination_key\":\"evil\"",
        "naïve café", "😀", "line\nbreak", "tab\t", "{", "}", "[", "]", ",", ":", "true", "null", "1e5",
        "abc.def_GHI-123",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Elements(TrickyText),
        Gen.ArrayOf(Gen.Elements(TrickyText)).Select(parts => string.Concat(parts)));

    private static readonly Gen<string> Space = Gen.Elements("", "", "", " ", "\n", "\r\n  ", "\t");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Text.Select(Quote),
        Gen.Elements("true", "false", "null", "0", "-1.5e3", "42"));

    private static readonly Gen<string> Call =
        from id in Text
        from note in Text
        from flag in Gen.Elements("true", "false")
        select $"{{\"call_id\":{Quote(id)},\"metadata\":{{\"note\":{Quote(note)},\"has_more\":{flag}}},\"list\":[{Quote(note)},1,{{}}]}}";

    /// <summary>A page's members in any order, some repeated, some absent, with others among them.</summary>
    private static readonly Gen<(string Name, string Value)[]> Members =
        from calls in Gen.ArrayOf(Call).Select(c => c.Take(3).ToArray())
        from hasMore in Gen.Elements<string?>("true", "false", null, "\"true\"")
        from cursor in Gen.OneOf(Text.Select(t => (string?)Quote(t)), Gen.Constant<string?>("null"), Gen.Constant<string?>(null))
        from extras in Gen.ArrayOf(Gen.OneOf(
            Scalar.Select(v => ("extra", v)),
            Text.Select(t => ("nested", $"{{\"has_more\":true,\"pagination_key\":{Quote(t)}}}"))))
        from repeatHasMore in Gen.Elements<string?>(null, null, "true", "false")
        from order in Gen.Shuffle(
            new[] { ("items", $"[{string.Join(',', calls)}]") }
                .Concat(hasMore is null ? [] : [("has_more", hasMore)])
                .Concat(cursor is null ? [] : [("pagination_key", cursor)])
                .Concat(repeatHasMore is null ? [] : [("has_more", repeatHasMore)])
                .Concat(extras.Take(3))
                .ToArray())
        select order.ToArray();

    private static readonly Gen<byte[]> Page =
        from members in Members
        from spaces in Gen.ArrayOf(Space, (members.Length * 4) + 2)
        select Encoding.UTF8.GetBytes(Render(members, spaces));

    [Property(MaxTest = 400)]
    public Property The_end_of_a_page_says_what_the_whole_page_says() =>
        Prop.ForAll(Page.ToArbitrary(), body =>
        {
            if (PageTail.TryRead(body, out var hasMore, out var cursor))
            {
                var (expectedMore, expectedCursor) = ReadForward(body);
                Assert.Equal(expectedMore, hasMore);
                if (hasMore)
                {
                    Assert.Equal(expectedCursor, cursor);
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property A_page_ending_as_the_API_writes_it_is_always_read_from_its_end() =>
        Prop.ForAll(
            (from calls in Gen.ArrayOf(Call)
             from cursor in Text
             from more in Gen.Elements(true, false)
             select (calls, cursor, more)).ToArbitrary(),
            page =>
            {
                var (calls, cursor, more) = page;
                var json = $"{{\"items\":[{string.Join(',', calls)}]"
                    + (more ? $",\"pagination_key\":{Quote(cursor)},\"has_more\":true}}" : ",\"has_more\":false}");
                Assert.True(PageTail.TryRead(Encoding.UTF8.GetBytes(json), out var hasMore, out var key), json);
                Assert.Equal(more, hasMore);
                Assert.Equal(more ? cursor : null, key);
            });

    [Property(MaxTest = 300)]
    public Property Cut_or_damaged_bodies_never_throw() =>
        Prop.ForAll(
            (from body in Page
             from cut in Gen.Choose(0, body.Length)
             from at in Gen.Choose(0, Math.Max(0, body.Length - 1))
             from b in Gen.Elements((byte)'"', (byte)'\\', (byte)'}', (byte)']', (byte)'x', (byte)0xC3)
             select (body, cut, at, b)).ToArbitrary(),
            c =>
            {
                var damaged = (byte[])c.body.Clone();
                if (damaged.Length > 0)
                {
                    damaged[c.at] = c.b;
                }

                PageTail.TryRead(c.body.AsSpan(0, c.cut), out _, out _);
                PageTail.TryRead(damaged, out _, out _);
            });

    [Theory]
    [InlineData("""{"items":[],"pagination_key":"a\"b","has_more":true}""", true, "a\"b")]
    [InlineData("""{"items":[],"pagination_key":"\u00e9\\","has_more":true}""", true, "é\\")]
    [InlineData("""{"has_more":false}""", false, null)]
    [InlineData("""  {"items":[{"x":"],\"has_more\":true,"}], "has_more" : true , "pagination_key" : "k" }  """, true, "k")]
    [InlineData("""{"items":[],"has_more":true,"pagination_key":null}""", true, null)]
    public void Reads_the_members_at_the_end(string json, bool hasMore, string? cursor)
    {
        Assert.True(PageTail.TryRead(Encoding.UTF8.GetBytes(json), out var more, out var key));
        Assert.Equal(hasMore, more);
        Assert.Equal(cursor, key);
    }

    [Theory]
    [InlineData("""{"has_more":true,"pagination_key":"k","items":[]}""")] // before the items: read forwards instead
    [InlineData("""{"pagination_key":"k","items":[],"has_more":true}""")] // the cursor is before the items
    [InlineData("""{"items":[],"has_more":"yes"}""")]
    [InlineData("""{"items":[{"call_id":1}]""")]
    [InlineData("""<html>bad gateway</html>""")]
    [InlineData("""null""")]
    [InlineData("")]
    [InlineData("""{"items":[],"has_more":tru}""")]
    [InlineData("""{"items":[],"has_more":true,"pagination_key":"unterminated}""")]
    [InlineData("""{"items":[],"pagination_key":"\uD800","has_more":true}""")] // valid JSON, but no valid string
    [InlineData("""{"items":[],"has_more":false,"\uD800ab":1}""")] // the same in a name compared with has_more
    [InlineData("""{"items":[],"pagination_key":"k","\uDC00\uDC00\uDC00":1,"has_more":true}""")]
    public void Gives_up_rather_than_guess(string json) =>
        Assert.False(PageTail.TryRead(Encoding.UTF8.GetBytes(json), out _, out _));

    [Fact]
    public void Gives_up_on_a_cursor_that_is_not_UTF_8()
    {
        var body = Encoding.UTF8.GetBytes("""{"items":[],"pagination_key":"ab","has_more":true}""");
        body[Encoding.ASCII.GetString(body).IndexOf("\"ab\"", StringComparison.Ordinal) + 1] = 0xFF;
        Assert.False(PageTail.TryRead(body, out _, out _));
    }

    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string, non-ASCII left as UTF-8 (so multi-byte characters sit next to the quotes walked over).</summary>
    private static string Quote(string text) => JsonSerializer.Serialize(text, RawUnicode);

    private static string Render((string Name, string Value)[] members, string[] spaces)
    {
        var json = new StringBuilder().Append(spaces[0]).Append('{');
        for (var i = 0; i < members.Length; i++)
        {
            var s = spaces.AsSpan(1 + (4 * i), 4);
            json.Append(i > 0 ? "," : "").Append(s[0]).Append(Quote(members[i].Name)).Append(s[1]).Append(':')
                .Append(s[2]).Append(members[i].Value).Append(s[3]);
        }

        return json.Append('}').Append(spaces[^1]).ToString();
    }

    /// <summary>The reference: the root's members read forwards, the last of a repeated one winning (as the deserializer does).</summary>
    private static (bool HasMore, string? Cursor) ReadForward(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var (hasMore, cursor) = (false, (string?)null);
        foreach (var member in document.RootElement.EnumerateObject())
        {
            if (member.NameEquals("has_more"))
            {
                hasMore = member.Value.ValueKind == JsonValueKind.True;
            }
            else if (member.NameEquals("pagination_key"))
            {
                cursor = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null;
            }
        }

        return (hasMore, cursor);
    }
}
