using Retell.Query.Fields;
using Retell.Query.Parsing;
using Superpower.Model;

namespace Retell.Query.Language;

/// <summary>
/// Gives every character of the text a class. A token takes the class the grammar read it as (the recorder's roles:
/// the head of a condition is a field, a bare value an enum value, ...); a token the parser never reached (after a
/// syntax error, before parsing starts again) takes the class its kind and spelling suggest; text the tokenizer
/// cannot read is an error; what lies between tokens is whitespace.
/// </summary>
internal static class Classifier
{
    public static IReadOnlyList<ClassifiedSpan> Classify(string text)
    {
        var tokenized = RecoveringParser.Tokenize(text);
        var tokens = tokenized.Tokens;
        var recorder = new SyntaxRecorder(text, recordRoles: true, fieldFilter: null);
        RecoveringParser.Parse(text, tokens, tokenized.Errors, ParseContext.Recording(null, recorder));

        var classes = new SyntaxClass?[tokens.Length];
        var starts = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            starts[i] = tokens[i].Span.Position.Absolute;
        }

        foreach (var (start, length, role) in recorder.Roles)
        {
            var index = Array.BinarySearch(starts, start);
            for (var i = index < 0 ? ~index : index; i < tokens.Length && starts[i] < start + length; i++)
            {
                classes[i] = role;
            }
        }

        var spans = new List<ClassifiedSpan>(tokens.Length * 2 + 1);
        var at = 0;
        var next = 0;
        foreach (var error in tokenized.Errors)
        {
            for (; next < tokens.Length && starts[next] < error.Start; next++)
            {
                at = Add(spans, at, tokens[next].Span, classes[next] ?? Lexical(tokens[next]));
            }

            at = Add(spans, at, error.Start, error.End - error.Start, SyntaxClass.Error);
        }

        for (; next < tokens.Length; next++)
        {
            at = Add(spans, at, tokens[next].Span, classes[next] ?? Lexical(tokens[next]));
        }

        if (at < text.Length)
        {
            spans.Add(new ClassifiedSpan(at, text.Length - at, SyntaxClass.Whitespace));
        }

        return spans;
    }

    private static int Add(List<ClassifiedSpan> spans, int at, TextSpan span, SyntaxClass syntaxClass) =>
        Add(spans, at, span.Position.Absolute, span.Length, syntaxClass);

    /// <summary>Adds the whitespace before <paramref name="start"/>, then the span; returns where it ends.</summary>
    private static int Add(List<ClassifiedSpan> spans, int at, int start, int length, SyntaxClass syntaxClass)
    {
        if (start > at)
        {
            spans.Add(new ClassifiedSpan(at, start - at, SyntaxClass.Whitespace));
        }

        spans.Add(new ClassifiedSpan(start, length, syntaxClass));
        return start + length;
    }

    private static SyntaxClass Lexical(Token<QueryToken> token) => token.Kind switch
    {
        QueryToken.String => SyntaxClass.String,
        QueryToken.Number => SyntaxClass.Number,
        QueryToken.Duration => SyntaxClass.Duration,
        QueryToken.Timestamp => SyntaxClass.Timestamp,
        QueryToken.LParen or QueryToken.RParen or QueryToken.LBracket or QueryToken.RBracket or QueryToken.Comma
            or QueryToken.Dot => SyntaxClass.Punctuation,
        QueryToken.Identifier => Word(token.ToStringValue()),
        _ => SyntaxClass.Operator,
    };

    private static SyntaxClass Word(string word)
    {
        if (word.Equals(Keywords.And, StringComparison.OrdinalIgnoreCase) || word.Equals(Keywords.Or, StringComparison.OrdinalIgnoreCase) ||
            word.Equals(Keywords.Not, StringComparison.OrdinalIgnoreCase) || word.Equals(Keywords.True, StringComparison.OrdinalIgnoreCase) ||
            word.Equals(Keywords.False, StringComparison.OrdinalIgnoreCase) || word.Equals(Keywords.Now, StringComparison.OrdinalIgnoreCase))
        {
            return SyntaxClass.Keyword;
        }

        if (Keywords.All.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return SyntaxClass.Operator;
        }

        return FieldCatalog.Find(word) is null ? SyntaxClass.Error : SyntaxClass.Field;
    }
}
