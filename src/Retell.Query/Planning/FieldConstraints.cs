using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// What the conditions of one branch on one field leave possible, updated as each condition arrives: whether the field
/// must be absent or present, the values <c>=</c> and <c>in</c> allow and those <c>!=</c> and <c>not in</c> exclude,
/// and the range the bounds allow. When nothing is left, the branch can match no call.
/// </summary>
internal sealed class FieldConstraints(bool wholeNumbers)
{
    private bool _absent;
    private bool _present;
    private HashSet<object>? _allowed;
    private int _allowedNotExcluded;
    private HashSet<object>? _excluded;
    private Interval _interval = Interval.All;

    /// <summary>Whether some value (or absence) meets every condition added.</summary>
    public bool CanMatch =>
        !(_absent && _present) && !(_allowed is not null && _allowedNotExcluded == 0) && !_interval.IsEmpty(wholeNumbers);

    public FieldConstraints Copy() => new(wholeNumbers)
    {
        _absent = _absent,
        _present = _present,
        _allowed = _allowed is null ? null : [.. _allowed],
        _allowedNotExcluded = _allowedNotExcluded,
        _excluded = _excluded is null ? null : [.. _excluded],
        _interval = _interval,
    };

    /// <summary>Adds one condition on the field; returns <see cref="CanMatch"/>.</summary>
    public bool Add(QueryNode leaf, TimeProvider time)
    {
        if (leaf is ExistsNode { Negated: true })
        {
            _absent = true;
        }
        else if (leaf is ExistsNode || FilterCompiler.IsFalseWhenAbsent(leaf))
        {
            _present = true;
        }

        switch (leaf)
        {
            case ComparisonNode { Operator: ComparisonOperator.Equal } c:
                Allow([Key(c.Value, time)]);
                break;
            case InNode { Negated: false } i:
                Allow(i.Values.Select(v => Key(v, time)));
                break;
            case ComparisonNode { Operator: ComparisonOperator.NotEqual } c:
                Exclude(Key(c.Value, time));
                break;
            case InNode { Negated: true } i:
                foreach (var value in i.Values)
                {
                    Exclude(Key(value, time));
                }

                break;
        }

        if (Interval.Of(leaf, time) is { } bound)
        {
            _interval = _interval.Intersect(bound);
        }

        return CanMatch;
    }

    private void Allow(IEnumerable<object> values)
    {
        if (_allowed is null)
        {
            _allowed = [.. values];
        }
        else
        {
            _allowed.IntersectWith(values);
        }

        _allowedNotExcluded = 0;
        foreach (var value in _allowed)
        {
            if (_excluded is null || !_excluded.Contains(value))
            {
                _allowedNotExcluded++;
            }
        }
    }

    private void Exclude(object value)
    {
        if ((_excluded ??= []).Add(value) && _allowed is not null && _allowed.Contains(value))
        {
            _allowedNotExcluded--;
        }
    }

    // One key per value, so 5000, 5s and 5000ms are one value; text and numbers never equal each other.
    private static object Key(Literal literal, TimeProvider time) => literal switch
    {
        StringLiteral s => ("s", s.Value),
        EnumLiteral e => ("s", e.Value),
        BooleanLiteral b => b.Value,
        NowLiteral => literal,
        _ => LiteralValues.ToNumber(literal, time),
    };
}
