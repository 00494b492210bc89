using Retell.Query.Policy;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// What one parse is held to by its <see cref="QueryPolicy"/>: the fields it may name and the conditions it may hold,
/// counted as the parser reads them so that it stops at the first one past the limit.
/// </summary>
internal sealed class ParseContext
{
    /// <summary>No policy: every field, any number of conditions (nothing is counted).</summary>
    public static readonly ParseContext Unrestricted = new(null, null);

    private int _terms;

    private ParseContext(FieldAllowList? fields, int? maxTerms)
    {
        Fields = fields;
        MaxTerms = maxTerms;
    }

    /// <summary>The fields a query may name; null for every field.</summary>
    public FieldAllowList? Fields { get; }

    public int? MaxTerms { get; }

    /// <summary>The context of a parse under <paramref name="policy"/> (validated here).</summary>
    public static ParseContext For(QueryPolicy? policy)
    {
        if (policy is null)
        {
            return Unrestricted;
        }

        policy.Validate();
        var fields = policy.Fields();
        return fields is null && policy.MaxTerms is null ? Unrestricted : new ParseContext(fields, policy.MaxTerms);
    }

    /// <summary>Counts one more condition (or one more value of a list), written at <paramref name="span"/>.</summary>
    /// <exception cref="QueryBindingException">The query now holds more than <see cref="MaxTerms"/>.</exception>
    public void CountTerm(TextSpan span)
    {
        if (MaxTerms is { } max && ++_terms > max)
        {
            throw new QueryBindingException(span,
                $"the query holds more than {max} conditions (each value of a list counts as one), the most its policy allows; shorten it");
        }
    }
}
