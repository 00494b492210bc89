using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Printing;

namespace Retell.Query.Language;

/// <summary>
/// Says what may stand at the caret. The grammar itself is asked: the tokens before the word being typed are parsed
/// with a <see cref="SyntaxRecorder"/>, and where they run out the production that wanted more (a value, an
/// operator, a key, ...) and the condition it was in (its field, its operator, the values listed so far) decide the
/// candidates, which <see cref="Ranking"/> filters by the word and orders.
/// </summary>
internal static class Completer
{
    public static IReadOnlyList<Suggestion> Complete(string text, int caret, LanguageServiceOptions options)
    {
        if (CaretContext.At(text, caret) is not { } context)
        {
            return [];
        }

        // Nothing may be added to text the policy already refuses for its length.
        if (QueryParser.LengthError(text, options.Policy) is not null)
        {
            return [];
        }

        var recorder = new SyntaxRecorder(text, recordRoles: false, options.FieldFilter);
        var parsed = RecoveringParser.Parse(text, context.Tokens, context.Gaps, ParseContext.Recording(options.Policy, recorder));
        if (parsed.Last is not { } last || !last.Remainder.IsAtEnd)
        {
            return [];
        }

        var candidates = new List<Candidate>();
        var prefix = context.Prefix;
        if (last.HasValue)
        {
            AddJoins(candidates, closeGroup: false);
        }
        else
        {
            prefix = Expected(candidates, last.Expectations ?? [], recorder, context, options);
        }

        return Ranking.Rank(candidates, prefix, context, options.MaxSuggestions);
    }

    /// <summary>Adds what the production that ran out of tokens expected; returns the prefix to filter it by.</summary>
    private static string Expected(List<Candidate> candidates, string[] expected, SyntaxRecorder recorder, CaretContext context, LanguageServiceOptions options)
    {
        if (Is(expected, QueryGrammar.ConditionExpected) || Is(expected, QueryGrammar.FieldNameExpected))
        {
            AddFields(candidates, options);
            candidates.Add(new Candidate(Keywords.Not, SuggestionKind.Keyword, "negates the condition that follows"));
        }
        else if (Is(expected, QueryGrammar.OperatorExpected))
        {
            AddOperators(candidates, recorder.Path?.Path, QueryOperator.None);
        }
        else if (Is(expected, QueryGrammar.InOrExistsExpected))
        {
            AddOperators(candidates, recorder.Path?.Path, QueryOperator.NotIn | QueryOperator.NotExists);
        }
        else if (Is(expected, QueryGrammar.ValueExpected))
        {
            AddValues(candidates, recorder);
        }
        else if (Is(expected, QueryGrammar.CommaOrCloseExpected))
        {
            if (recorder.Operands.Count == 0)
            {
                AddValues(candidates, recorder);
            }
            else
            {
                candidates.Add(new Candidate(",", SuggestionKind.Keyword, "another value"));
            }

            candidates.Add(new Candidate(")", SuggestionKind.Keyword, "ends the list"));
        }
        else if (Is(expected, QueryGrammar.DurationExpected))
        {
            foreach (var (duration, doc) in Offsets)
            {
                candidates.Add(new Candidate(duration, SuggestionKind.Value, doc));
            }
        }
        else if (Is(expected, QueryGrammar.KeyExpected) || Is(expected, QueryGrammar.QuotedKeyExpected))
        {
            // A quoted key being typed is an unterminated string: its quote is not part of the key.
            var key = context.Prefix.TrimStart('"');
            AddKeys(candidates, recorder, context, key, options, quoted: Is(expected, QueryGrammar.QuotedKeyExpected));
            return key;
        }
        else if (Is(expected, QueryGrammar.CloseBracketExpected))
        {
            candidates.Add(new Candidate("]", SuggestionKind.Keyword, "ends the quoted key"));
        }
        else if (Is(expected, QueryGrammar.OpenParenExpected))
        {
            candidates.Add(new Candidate("(", SuggestionKind.Keyword, "starts the list of values"));
        }
        else if (Is(expected, QueryGrammar.AndExpected))
        {
            candidates.Add(new Candidate(Keywords.And, SuggestionKind.Keyword, "the upper bound follows (inclusive)"));
        }
        else if (Is(expected, QueryGrammar.CloseParenExpected))
        {
            AddJoins(candidates, closeGroup: true);
        }

        return context.Prefix;
    }

    private static void AddJoins(List<Candidate> candidates, bool closeGroup)
    {
        candidates.Add(new Candidate(Keywords.And, SuggestionKind.Keyword, "the next condition must hold too (binds tighter than or)"));
        candidates.Add(new Candidate(Keywords.Or, SuggestionKind.Keyword, "the next condition may hold instead"));
        if (closeGroup)
        {
            candidates.Add(new Candidate(")", SuggestionKind.Keyword, "ends the group"));
        }
    }

    private static void AddFields(List<Candidate> candidates, LanguageServiceOptions options)
    {
        foreach (var (field, candidate) in FieldCandidates)
        {
            if (options.Allows(field))
            {
                candidates.Add(candidate);
            }
        }
    }

    /// <summary>Every name and alias of every field, as suggested where a condition starts: made once.</summary>
    private static readonly (FieldDescriptor Field, Candidate Candidate)[] FieldCandidates =
    [
        .. from field in FieldCatalog.Fields
           let doc = $"{field.Description} ({QueryBinder.DescribeKind(field)})"
           from name in field.AllNames
           let documentation = name == field.Name ? doc : $"alias of {field.Name}: {doc}"
           select (field, field.IsKeyed
               ? new Candidate(name + ".", SuggestionKind.KeyedField, documentation, Match: name)
               : new Candidate(name, SuggestionKind.Field, documentation)),
    ];

    /// <summary>The operators <paramref name="path"/> takes (of <paramref name="only"/>, when not None).</summary>
    private static void AddOperators(List<Candidate> candidates, FieldPath? path, QueryOperator only)
    {
        if (path is null)
        {
            return;
        }

        var takes = path.Operators;
        if (only != QueryOperator.None)
        {
            takes &= only;
        }

        foreach (var (flag, text) in QueryBinder.OperatorNames)
        {
            if (!takes.HasFlag(flag))
            {
                continue;
            }

            // After a `not` only its second word is left to type.
            var insert = only == QueryOperator.None ? text : text[(Keywords.Not.Length + 1)..];
            if (flag is QueryOperator.In or QueryOperator.NotIn)
            {
                insert += " (";
            }

            candidates.Add(new Candidate(insert, SuggestionKind.Operator, OperatorDocs.Describe(flag), Match: insert.TrimEnd('(', ' ')));
        }
    }

    private static void AddValues(List<Candidate> candidates, SyntaxRecorder recorder)
    {
        if (recorder.ConditionFailed || recorder.Path?.Path is not { } path)
        {
            return;
        }

        var target = path.Target;
        var op = recorder.ConditionOperator;
        if (!path.Operators.HasFlag(op))
        {
            // The operator typed is one the field does not take (`tool_calls.x != `): no value makes it valid.
            return;
        }

        var equality = op is QueryOperator.Equal or QueryOperator.NotEqual or QueryOperator.In or QueryOperator.NotIn;
        switch (target.Kind)
        {
            case ValueKind.Enum when equality:
                foreach (var value in target.EnumValues)
                {
                    if (!Listed(recorder.Operands, target, value))
                    {
                        candidates.Add(new Candidate(value, SuggestionKind.Value, $"a value of {target.Name}"));
                    }
                }

                break;
            case ValueKind.Boolean when equality:
                candidates.Add(new Candidate(Keywords.True, SuggestionKind.Value, $"{target.Description}: yes"));
                candidates.Add(new Candidate(Keywords.False, SuggestionKind.Value, $"{target.Description}: no"));
                break;
            case ValueKind.Number when target.IsMilliseconds:
                foreach (var (duration, doc) in Durations)
                {
                    candidates.Add(new Candidate(duration, SuggestionKind.Value, doc));
                }

                break;
            case ValueKind.Timestamp:
                candidates.Add(new Candidate(Keywords.Now, SuggestionKind.Snippet, "the time the query runs"));
                foreach (var (offset, doc) in Offsets)
                {
                    candidates.Add(new Candidate($"{Keywords.Now} - {offset}", SuggestionKind.Snippet, $"{doc} before the query runs"));
                }

                break;
        }
    }

    // An enum value already in the list is not offered again.
    private static bool Listed(IReadOnlyList<RawLiteral> operands, FieldDescriptor field, string value)
    {
        foreach (var operand in operands)
        {
            var word = operand.Word ?? (operand.Value as StringLiteral)?.Value;
            if (word is not null && field.FindEnumValue(word) == value)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddKeys(List<Candidate> candidates, SyntaxRecorder recorder, CaretContext context, string prefix, LanguageServiceOptions options, bool quoted)
    {
        if (recorder.HeadField is not { IsKeyed: true } field || !options.Allows(field) || context.Tokens.Length == 0)
        {
            return;
        }

        // The `.` or `[` the key follows: a key is inserted with it, so that one that needs quotes can bring them.
        var opener = context.Tokens[^1].Span.Position.Absolute;
        if (recorder.Segments.Count == 0)
        {
            foreach (var key in Keys(options, field, prefix))
            {
                var insert = quoted
                    ? "[" + QueryPrinter.PrintLiteral(new StringLiteral(key)) + "]"
                    : QueryPrinter.PrintPath(new FieldPath(field, key))[field.Name.Length..];
                var documentation = field == FieldCatalog.ToolCalls ? "a tool the agent called" : $"a key of {field.Name}";
                candidates.Add(new Candidate(insert, SuggestionKind.Key, documentation, Match: key, Start: opener));
            }
        }
        else if (field == FieldCatalog.ToolCalls && recorder.Segments.Count == 1 && !quoted)
        {
            foreach (var property in FieldCatalog.ToolCallProperties)
            {
                candidates.Add(new Candidate(property.Name, SuggestionKind.Field, $"{property.Description} ({QueryBinder.DescribeKind(property)})"));
            }
        }
    }

    /// <summary>
    /// The keys to offer, each once: those the policy names, when it allows the field only by key (in its order; a
    /// key source can add none, since the policy allows no other), and otherwise the key source's that the policy and
    /// the filter allow, a bounded number of them.
    /// </summary>
    private static IEnumerable<string> Keys(LanguageServiceOptions options, FieldDescriptor field, string prefix)
    {
        if (options.Policy?.Fields()?.KeysOf(field) is { Count: > 0 } named)
        {
            foreach (var key in named)
            {
                if (key.Length > 0 && options.Allows(field, key))
                {
                    yield return key;
                }
            }

            yield break;
        }

        if (options.KeySource is not { } source)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in source.GetKeys(field, prefix))
        {
            if (seen.Count >= MaxKeysRead)
            {
                yield break;
            }

            if (!string.IsNullOrEmpty(key) && seen.Add(key) && options.Allows(field, key))
            {
                yield return key;
            }
        }
    }

    private const int MaxKeysRead = 10_000;

    private static bool Is(string[] expected, string[] production) =>
        ReferenceEquals(expected, production) || expected.AsSpan().SequenceEqual(production);

    private static readonly (string Text, string Doc)[] Durations =
    [
        ("500ms", "500 milliseconds"), ("1s", "1 second"), ("10s", "10 seconds"), ("30s", "30 seconds"),
        ("1m", "1 minute"), ("5m", "5 minutes"), ("10m", "10 minutes"), ("30m", "30 minutes"), ("1h", "1 hour"),
    ];

    private static readonly (string Text, string Doc)[] Offsets =
    [
        ("1h", "1 hour"), ("1d", "1 day"), ("7d", "7 days"), ("30d", "30 days"),
    ];
}

/// <summary>A suggestion before it is ranked.</summary>
/// <param name="Text">What it inserts.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Documentation">Its description.</param>
/// <param name="Match">What the word being typed is compared with; <paramref name="Text"/> when null.</param>
/// <param name="Start">Where the span it replaces starts; the word's start when null.</param>
internal sealed record Candidate(string Text, SuggestionKind Kind, string Documentation, string? Match = null, int? Start = null);
