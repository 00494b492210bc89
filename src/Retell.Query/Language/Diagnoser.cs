using Retell.Query.Parsing;

namespace Retell.Query.Language;

/// <summary>
/// Finds what is wrong with the text: the first character the tokenizer cannot read, the first syntax error before
/// it, and every binding error the recovering parse met, in the order of the text. The error
/// <c>QueryParser.TryParse</c> reports (under the options' policy) is always among them, at the same position with
/// the same message.
/// </summary>
internal static class Diagnoser
{
    public static IReadOnlyList<Diagnostic> Diagnose(string text, LanguageServiceOptions options)
    {
        var recorder = new SyntaxRecorder(text, recordRoles: false, options.FieldFilter);
        var parseContext = ParseContext.Recording(options.Policy, recorder);
        if (QueryParser.LengthError(text, options.Policy) is { } tooLong)
        {
            // As the parser does: text past the policy's length is refused before it is read.
            return [From(text, tooLong, DiagnosticKind.Binding)];
        }

        var tokenized = RecoveringParser.Tokenize(text);
        var parsed = RecoveringParser.Parse(text, tokenized.Tokens, tokenized.Errors, parseContext);

        var diagnostics = new List<Diagnostic>();
        LexicalError? lexical = tokenized.Errors.Count > 0 ? tokenized.Errors[0] : null;
        if (lexical is { } first)
        {
            // The squiggle covers an unterminated string to the end; otherwise the character the tokenizer stopped at.
            var at = first.Error.Position;
            var length = at == first.Start ? first.End - first.Start : Math.Min(1, text.Length - at);
            diagnostics.Add(new Diagnostic(at, length, first.Error.Message, DiagnosticKind.Syntax));
        }

        if (parsed.NestingError is { } nesting)
        {
            diagnostics.Add(From(text, nesting, DiagnosticKind.Syntax));
        }

        // A syntax error after an unreadable character may only be the parser missing that token.
        if (parsed.SyntaxError is { } syntax && (lexical is null || syntax.Position < lexical.Value.Error.Position))
        {
            diagnostics.Add(From(text, syntax, DiagnosticKind.Syntax));
        }

        foreach (var error in recorder.BindingErrors)
        {
            diagnostics.Add(From(text, error, DiagnosticKind.Binding));
        }

        return [.. diagnostics.OrderBy(d => d.Start)];
    }

    private static Diagnostic From(string text, QueryError error, DiagnosticKind kind)
    {
        var start = Math.Min(error.Position, text.Length);
        return new Diagnostic(start, Math.Min(error.Length, text.Length - start), error.Message, kind, error.Suggestion);
    }
}
