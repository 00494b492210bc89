using System.Collections.Frozen;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Planning;

namespace Retell.Query.Client;

/// <summary>
/// The queries of <see cref="RetellClientOptions.Queries"/>, each parsed and planned once, when the options are checked:
/// a query that cannot run fails there, named, rather than at its first use. Names compare ignoring case, as
/// configuration keys do.
/// </summary>
internal sealed class NamedQueries
{
    private readonly FrozenDictionary<string, (string Text, QueryNode Query)> _queries;

    private NamedQueries(FrozenDictionary<string, (string Text, QueryNode Query)> queries)
    {
        _queries = queries;
        Parsed = queries.ToFrozenDictionary(q => q.Key, q => q.Value.Query, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every query by name, parsed.</summary>
    public IReadOnlyDictionary<string, QueryNode> Parsed { get; }

    /// <summary>Parses and plans every query of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty or given twice (ignoring case), or a query does not parse or cannot be planned.</exception>
    public static NamedQueries Read(RetellClientOptions options)
    {
        if (options.Queries is not { Count: > 0 } given)
        {
            return new(FrozenDictionary<string, (string, QueryNode)>.Empty);
        }

        var queries = new Dictionary<string, (string Text, QueryNode Query)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, text) in given)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid("a query's name is empty; give every query a name");
            }

            if (queries.ContainsKey(name))
            {
                var other = queries.Keys.First(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                throw Invalid($"`{other}` and `{name}` differ only in case; names compare ignoring case, as configuration keys do");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid($"[\"{name}\"] has no text (an empty query would match every call); write the query, such as `status = ended`");
            }

            if (!QueryParser.TryParse(text, out var query, out var error))
            {
                throw Invalid($"[\"{name}\"]: {error}", new QueryParseException(error));
            }

            try
            {
                _ = QueryPlanner.Plan(query, OptionsValidator.PlannerOptions(options, null, options.TimeProvider));
            }
            catch (UnsupportedQueryException e)
            {
                throw Invalid($"[\"{name}\"] cannot run: {e.Message}", e);
            }

            queries.Add(name, (text, query));
        }

        return new(queries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The text of the query named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There is no query of that name; the message suggests the nearest and lists them.</exception>
    public string TextOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_queries.TryGetValue(name, out var query))
        {
            return query.Text;
        }

        var names = _queries.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
        var nearest = Suggestions.Nearest(name, names);
        throw new ArgumentException(
            $"No query is named `{name}` in RetellClientOptions.Queries" +
            (nearest is null ? "" : $"; did you mean `{nearest}`?") +
            (names.Count == 0 ? " (it has none)." : $" The names are: {string.Join(", ", names)}."),
            nameof(name));
    }

    private static ArgumentException Invalid(string what, Exception? inner = null) =>
        new($"RetellClientOptions.Queries{(what.StartsWith('[') ? "" : ": ")}{what}", inner);
}
