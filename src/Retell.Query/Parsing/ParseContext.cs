using Retell.Query.Policy;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// What one parse is held to by its <see cref="QueryPolicy"/>: the fields it may name and the conditions it may hold,
/// counted as the parser reads them so that it stops at the first one past the limit. The language service's parse
/// also carries a <see cref="SyntaxRecorder"/>, which turns the grammar's errors into recorded ones it parses past.
/// </summary>
internal sealed class ParseContext
{
    /// <summary>No policy: every field, any number of conditions (nothing is counted).</summary>
    public static readonly ParseContext Unrestricted = new(null, null, null);

    private int _terms;

    private ParseContext(FieldAllowList? fields, int? maxTerms, SyntaxRecorder? recorder)
    {
        Fields = fields;
        MaxTerms = maxTerms;
        Recorder = recorder;
    }

    /// <summary>The fields a query may name; null for every field.</summary>
    public FieldAllowList? Fields { get; }

    public int? MaxTerms { get; }

    /// <summary>What the language service is told as the grammar reads; null for <see cref="QueryParser"/>.</summary>
    public SyntaxRecorder? Recorder { get; }

    /// <summary>The context of a parse under <paramref name="policy"/> (validated here).</summary>
    public static ParseContext For(QueryPolicy? policy)
    {
        if (policy is null)
        {
            return Unrestricted;
        }

        policy.Validate();
        var fields = policy.Fields();
        return fields is null && policy.MaxTerms is null ? Unrestricted : new ParseContext(fields, policy.MaxTerms, null);
    }

    /// <summary>The context of the language service's recovering parse under <paramref name="policy"/> (validated here).</summary>
    public static ParseContext Recording(QueryPolicy? policy, SyntaxRecorder recorder)
    {
        policy?.Validate();
        return new ParseContext(policy?.Fields(), policy?.MaxTerms, recorder);
    }

    /// <summary>Counts one more condition (or one more value of a list), written at <paramref name="span"/>.</summary>
    /// <exception cref="QueryBindingException">The query now holds more than <see cref="MaxTerms"/> (recorded instead, once,
    /// when there is a <see cref="Recorder"/>).</exception>
    public void CountTerm(TextSpan span)
    {
        if (MaxTerms is { } max && ++_terms > max)
        {
            var error = new QueryBindingException(span,
                $"the query holds more than {max} conditions (each value of a list counts as one), the most its policy allows; shorten it");
            if (Recorder is null)
            {
                throw error;
            }

            if (_terms == max + 1)
            {
                Recorder.Record(error);
            }
        }
    }
}
