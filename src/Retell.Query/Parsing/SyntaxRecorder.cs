using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Language;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// What the grammar tells the language service while it parses: the class of each word it reads, the path and
/// operator of the condition it is in, and the binding errors it parsed past. Given to <see cref="QueryGrammar"/>'s
/// productions, it turns on recovery: a binding error is recorded here and the condition is parsed on, where
/// <see cref="QueryParser"/> (which passes none) stops at the first.
/// </summary>
internal sealed class SyntaxRecorder
{
    /// <summary>Past this many binding errors the rest of the text is parsed for its syntax only.</summary>
    internal const int MaxBindingErrors = 100;

    private readonly string _text;
    private readonly List<(int Start, int Length, SyntaxClass Class)>? _roles;
    private readonly List<QueryError> _errors = [];
    private readonly List<RawLiteral> _operands = [];
    private readonly List<RawSegment> _segments = [];
    private bool _conditionFailed;

    /// <param name="text">The whole text the tokens were read from.</param>
    /// <param name="recordRoles">Whether to keep the class of each word (for highlighting).</param>
    /// <param name="fieldFilter">Which fields and keys may be named; null allows all.</param>
    public SyntaxRecorder(string text, bool recordRoles, Func<FieldDescriptor, string?, bool>? fieldFilter)
    {
        _text = text;
        _roles = recordRoles ? [] : null;
        FieldFilter = fieldFilter;
    }

    /// <summary>Which fields (key null) and keys of keyed fields may be named; null allows all.</summary>
    public Func<FieldDescriptor, string?, bool>? FieldFilter { get; }

    /// <summary>The binding errors, in the order they were met; at most <see cref="MaxBindingErrors"/>.</summary>
    public IReadOnlyList<QueryError> BindingErrors => _errors;

    /// <summary>The classes given to spans of the text, in the order they were read (for highlighting).</summary>
    public IReadOnlyList<(int Start, int Length, SyntaxClass Class)> Roles => _roles ?? [];

    /// <summary>False once so many errors were recorded that binding stopped.</summary>
    public bool Binds => _errors.Count < MaxBindingErrors;

    /// <summary>The field named by the condition being read, once its head is read and known.</summary>
    public FieldDescriptor? HeadField { get; private set; }

    /// <summary>The keys read after the head of the condition being read.</summary>
    public IReadOnlyList<RawSegment> Segments => _segments;

    /// <summary>The bound path of the condition being read; null before it is bound or when it could not be.</summary>
    public BoundPath? Path { get; private set; }

    /// <summary>The operator of the condition being read; <see cref="QueryOperator.None"/> before one is read.</summary>
    public QueryOperator ConditionOperator { get; private set; }

    /// <summary>The values read since <see cref="ConditionOperator"/> (the list of an <c>in</c> so far).</summary>
    public IReadOnlyList<RawLiteral> Operands => _operands;

    /// <summary>True when a binding error was met in the condition being read: the rest of it is not bound.</summary>
    public bool ConditionFailed => _conditionFailed;

    /// <summary><c>and</c>, <c>or</c>, or a <c>not</c> that negates a condition.</summary>
    public void Keyword(TextSpan span) => Role(span, SyntaxClass.Keyword);

    /// <summary>The first word of a condition: a new condition starts.</summary>
    public void Head(Token<QueryToken> head)
    {
        HeadField = FieldCatalog.Find(head.Span.Source.AsSpan(head.Span.Position.Absolute, head.Span.Length));
        _segments.Clear();
        _operands.Clear();
        Path = null;
        ConditionOperator = QueryOperator.None;
        _conditionFailed = false;
        Role(head.Span, SyntaxClass.Field);
    }

    /// <summary>A key after the head: <c>.tier</c> or <c>["a b"]</c>.</summary>
    public void Key(RawSegment segment)
    {
        _segments.Add(segment);
        Role(segment.Span, SyntaxClass.Key);
    }

    /// <summary>The path of the condition was bound (null when it could not be).</summary>
    public void Bound(BoundPath? path) => Path = path;

    /// <summary>A comparison operator: <c>=</c>, <c>&gt;</c>, <c>contains</c>, ...</summary>
    public void Comparison(TextSpan span, ComparisonOperator op) => Operator(span, LiteralRules.FlagOf(op));

    /// <summary>
    /// A word of an operator (<c>in</c>, <c>not in</c>, <c>between</c> and its <c>and</c>, <c>exists</c>);
    /// <see cref="QueryOperator.None"/> for a <c>not</c> whose <c>in</c> or <c>exists</c> is still to come.
    /// </summary>
    public void Operator(TextSpan span, QueryOperator op)
    {
        if (op != ConditionOperator)
        {
            _operands.Clear();
        }

        ConditionOperator = op;
        Role(span, SyntaxClass.Operator);
    }

    /// <summary>A value was read.</summary>
    public void Literal(RawLiteral literal)
    {
        _operands.Add(literal);
        switch (literal.Value)
        {
            case null:
                Role(literal.Span, SyntaxClass.EnumValue);
                break;
            case NumberLiteral:
                Role(literal.Span, SyntaxClass.Number);
                break;
        }
    }

    /// <summary>
    /// A binding error in the condition being read: recorded unless one already was (what follows a wrong field or
    /// value would only repeat it); the rest of the condition is not bound.
    /// </summary>
    public void Fail(QueryBindingException error)
    {
        if (!_conditionFailed)
        {
            Record(error);
        }

        _conditionFailed = true;
    }

    /// <summary>Records an error (once: the same error at the same place is recorded once).</summary>
    public void Record(QueryBindingException error)
    {
        var position = error.Span.Position.Absolute;
        foreach (var known in _errors)
        {
            if (known.Position == position && known.Length == Math.Max(1, error.Span.Length) &&
                string.Equals(known.Message, error.Message, StringComparison.Ordinal))
            {
                return;
            }
        }

        if (Binds)
        {
            _errors.Add(new QueryError(_text, position, error.Span.Length, error.Message, error.Expected, error.Suggestion));
        }
    }

    /// <summary>Marks the rest of the condition as not bound, without an error of its own.</summary>
    public void FailQuietly() => _conditionFailed = true;

    private void Role(TextSpan span, SyntaxClass role) => _roles?.Add((span.Position.Absolute, span.Length, role));
}
