using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Policy;

/// <summary>
/// What a query may name and what it may cost, for query text that comes from people the application does not trust
/// (a search box, a shared dashboard). An application configures one policy and hands it to the parser
/// (<see cref="Parsing.QueryParser.Parse(string, QueryPolicy?)"/>), the client
/// (<see cref="Client.RetellClientOptions.Policy"/>, which <c>client.Calls</c> and its <c>Where(string)</c> use too)
/// and the command line (<c>--policy FILE</c>). A new policy limits nothing, which is what trusted code wants;
/// <see cref="ForEndUsers"/> is a preset for a search box.
/// </summary>
/// <remarks>
/// The properties are plain and settable, with these names in JSON and configuration
/// (<c>{"AllowedFields": ["call_status", "metadata.tier"], "MaxTerms": 20}</c>), so a policy binds from an
/// <c>IConfiguration</c> section or a JSON file. <see cref="Validate"/> says what is wrong with one; everything that
/// takes a policy validates it first.
/// </remarks>
public sealed class QueryPolicy
{
    private volatile CompiledFields? _compiled;

    /// <summary>
    /// The fields a query may name; null for every field. An entry is a field name or alias (<c>call_status</c>,
    /// <c>status</c>), a keyed field whole (<c>metadata</c>: every key) or one of its keys (<c>metadata.tier</c>,
    /// <c>metadata["key with spaces"]</c>), and <c>tool_calls</c> whole or by tool name (<c>tool_calls.lookup</c>).
    /// Text naming anything else is refused when it is parsed, at the name's position, with the names allowed — and
    /// the same message whether the name exists or not, so a field the policy leaves out is never revealed.
    /// </summary>
    public IList<string>? AllowedFields { get; set; }

    /// <summary>
    /// The longest query text, in characters (UTF-16 code units); null for no limit. Longer text is refused before it
    /// is read, so the work a query can cause is bounded by its length.
    /// </summary>
    public int? MaxQueryLength { get; set; }

    /// <summary>
    /// The most conditions a query may hold, each value of an <c>in</c> or <c>not in</c> list counting as one (the
    /// planner makes each a condition of its own); null for no limit. The parser stops at the first condition past it.
    /// </summary>
    public int? MaxTerms { get; set; }

    /// <summary>
    /// The most requests one execution may send (every branch of a plan is at least one request, and each page is
    /// another, retries too); null for no limit. A plan with more branches than this is refused before anything is sent
    /// (<see cref="Compilation.UnsupportedQueryException"/>); an execution that would send one request more stops before
    /// it with a <see cref="Client.QueryBudgetExceededException"/>. It is the same budget as
    /// <see cref="Client.ListCallsOptions.MaxRequests"/>: when both are set, the smaller holds.
    /// </summary>
    public int? MaxRequests { get; set; }

    /// <summary>
    /// The most calls one execution may fetch, whether they are returned or filtered out on the client; null for no
    /// limit. This is what bounds a query whose requests hold only conditions nearly every call meets. Pages ask for no
    /// more calls than are left; past it, the execution stops with a <see cref="Client.QueryBudgetExceededException"/>.
    /// It is the same budget as <see cref="Client.ListCallsOptions.MaxCallsScanned"/>: when both are set, the smaller holds.
    /// </summary>
    public int? MaxCallsScanned { get; set; }

    /// <summary>
    /// A policy for query text typed by end users: at most 1,000 characters and 20 conditions, 20 requests and 10,000
    /// calls fetched per execution. Every field stays allowed: set <see cref="AllowedFields"/> to the ones your users
    /// may see.
    /// </summary>
    public static QueryPolicy ForEndUsers() => new()
    {
        MaxQueryLength = 1_000,
        MaxTerms = 20,
        MaxRequests = 20,
        MaxCallsScanned = 10_000,
    };

    /// <summary>Whether a query may name <paramref name="path"/> (for a tool call, its tool name).</summary>
    /// <exception cref="ArgumentException">The policy is not valid (see <see cref="Validate"/>).</exception>
    public bool Allows(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Fields() is not { } fields || fields.Allows(path.Field, path.Key);
    }

    /// <summary>
    /// Whether a query may name the field <paramref name="field"/> (a name or alias) with <paramref name="key"/> (a key,
    /// or a tool name); without a key, whether it may name the field with some key (or at all, for a plain field).
    /// An unknown name is not allowed.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is not valid (see <see cref="Validate"/>).</exception>
    public bool Allows(string field, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (FieldCatalog.Find(field) is not { } descriptor || (key is not null && !descriptor.IsKeyed))
        {
            return false;
        }

        return Fields() is not { } fields || fields.Allows(descriptor, key);
    }

    /// <summary>Throws when a limit is below 1 or an entry of <see cref="AllowedFields"/> names no field.</summary>
    /// <exception cref="ArgumentException">The message names the setting and what is wrong with it.</exception>
    public void Validate()
    {
        Check(MaxQueryLength, nameof(MaxQueryLength));
        Check(MaxTerms, nameof(MaxTerms));
        Check(MaxRequests, nameof(MaxRequests));
        Check(MaxCallsScanned, nameof(MaxCallsScanned));
        _ = Fields();

        static void Check(int? limit, string name)
        {
            if (limit is < 1)
            {
                throw new ArgumentException($"QueryPolicy.{name} is {limit}; a limit is at least 1 (leave it out for none)", name);
            }
        }
    }

    /// <summary>The allowed fields, read once for each content of <see cref="AllowedFields"/>; null when every field is allowed.</summary>
    /// <summary>A copy whose later changes do not reach this one (a client reads its options once, when it is built).</summary>
    /// <remarks>Every limit is copied as it is (a limit added later cannot be left out); the field list is copied too.</remarks>
    internal QueryPolicy Copy()
    {
        var copy = (QueryPolicy)MemberwiseClone();
        copy.AllowedFields = AllowedFields is null ? null : [.. AllowedFields];
        return copy;
    }

    internal FieldAllowList? Fields()
    {
        if (AllowedFields is not { } entries)
        {
            return null;
        }

        if (_compiled is { } compiled && compiled.Matches(entries))
        {
            return compiled.List;
        }

        var fresh = new CompiledFields([.. entries], FieldAllowList.Parse(entries));
        _compiled = fresh;
        return fresh.List;
    }

    private sealed record CompiledFields(string[] Source, FieldAllowList List)
    {
        public bool Matches(IList<string> entries)
        {
            if (entries.Count != Source.Length)
            {
                return false;
            }

            for (var i = 0; i < Source.Length; i++)
            {
                if (!string.Equals(entries[i], Source[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
