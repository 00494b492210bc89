using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// What the conditions of one branch on one field leave possible, updated as each condition arrives: whether the field
/// must be absent or present, the values <c>=</c> and <c>in</c> allow and those <c>!=</c> and <c>not in</c> exclude,
/// and the range the bounds allow. When nothing is left, the branch can match no call.
/// </summary>
/// <remarks>
/// The constraints may sit on those of the conditions every branch of a conjunction shares (<c>under</c>, which changes
/// no more): then they hold only what this branch adds, and answering costs what it added, not what is shared.
/// </remarks>
internal sealed class FieldConstraints
{
    private readonly bool _wholeNumbers;
    private readonly FieldConstraints? _under;

    // Most fields of a query have one condition, which can contradict only itself (an empty range): it is kept as it
    // is, and read into the sets below when a second one comes, or a layer is put on top.
    private QueryNode? _only;
    private TimeProvider? _onlyTime;

    private bool _absent;
    private bool _present;

    // The values allowed here and under (null while only `under` restricts them, or nothing does)...
    private HashSet<object>? _allowed;

    // ... and how many of them neither layer excludes.
    private int _allowedLeft;

    // While _allowed is null: how many of the values `under` allows (and does not exclude) this layer excludes.
    private int _underAllowedExcluded;

    private HashSet<object>? _excluded;
    private Interval _interval = Interval.All;

    public FieldConstraints(bool wholeNumbers, FieldConstraints? under = null)
    {
        _wholeNumbers = wholeNumbers;
        _under = under;
        under?.Expand();
    }

    /// <summary>Whether some value (or absence) meets every condition added, here and under.</summary>
    public bool CanMatch
    {
        get
        {
            if (_only is not null)
            {
                return Interval.Of(_only, _onlyTime!) is not { } only || !only.IsEmpty(_wholeNumbers);
            }

            var absent = _absent || _under is { _absent: true };
            var present = _present || _under is { _present: true };
            if (absent && present)
            {
                return false;
            }

            if (_allowed is not null ? _allowedLeft == 0 : _under?._allowed is not null && _under._allowedLeft - _underAllowedExcluded == 0)
            {
                return false;
            }

            var interval = _under is null ? _interval : _interval.Intersect(_under._interval);
            return !interval.IsEmpty(_wholeNumbers);
        }
    }

    public FieldConstraints Copy() => new(_wholeNumbers, _under)
    {
        _only = _only,
        _onlyTime = _onlyTime,
        _absent = _absent,
        _present = _present,
        _allowed = _allowed is null ? null : [.. _allowed],
        _allowedLeft = _allowedLeft,
        _underAllowedExcluded = _underAllowedExcluded,
        _excluded = _excluded is null ? null : [.. _excluded],
        _interval = _interval,
    };

    /// <summary>Adds one condition on the field; returns <see cref="CanMatch"/>.</summary>
    public bool Add(QueryNode leaf, TimeProvider time)
    {
        if (_only is null && _onlyTime is null && _under is null)
        {
            (_only, _onlyTime) = (leaf, time);
            return CanMatch;
        }

        Expand();
        Read(leaf, time);
        return CanMatch;
    }

    /// <summary>Reads the one condition kept as it is into the sets (once a second condition or a layer needs them).</summary>
    private void Expand()
    {
        if (_only is { } only)
        {
            _only = null;
            Read(only, _onlyTime!);
        }
    }

    private void Read(QueryNode leaf, TimeProvider time)
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
    }

    private bool Excludes(object value) => (_excluded?.Contains(value) ?? false) || (_under?._excluded?.Contains(value) ?? false);

    private void Allow(IEnumerable<object> values)
    {
        if (_allowed is null)
        {
            _allowed = _under?._allowed is { } shared ? [.. values.Where(shared.Contains)] : [.. values];
        }
        else
        {
            _allowed.IntersectWith(values);
        }

        _allowedLeft = 0;
        foreach (var value in _allowed)
        {
            if (!Excludes(value))
            {
                _allowedLeft++;
            }
        }
    }

    private void Exclude(object value)
    {
        if (Excludes(value))
        {
            return;
        }

        (_excluded ??= []).Add(value);
        if (_allowed is not null && _allowed.Contains(value))
        {
            _allowedLeft--;
        }

        if (_under?._allowed is { } shared && shared.Contains(value))
        {
            _underAllowedExcluded++;
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
