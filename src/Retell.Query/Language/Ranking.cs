namespace Retell.Query.Language;

/// <summary>
/// Filters candidates by the word being typed and orders them: the candidate equal to it, then those it begins
/// (in the order the candidates were made: catalog order, operator order, the spec's enum order), then, for a word
/// of three or more characters, those a typo away from it, nearest first. Letter case is ignored.
/// </summary>
internal static class Ranking
{
    public static IReadOnlyList<Suggestion> Rank(List<Candidate> candidates, string prefix, CaretContext context, int max)
    {
        var scored = new List<(int Score, int Order, Candidate Candidate)>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var score = Score(candidates[i].Match ?? candidates[i].Text, prefix);
            if (score >= 0)
            {
                scored.Add((score, i, candidates[i]));
            }
        }

        scored.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Order.CompareTo(b.Order));
        var suggestions = new List<Suggestion>(Math.Min(Math.Max(0, max), scored.Count));
        foreach (var (_, _, candidate) in scored)
        {
            if (suggestions.Count >= max)
            {
                break;
            }

            var start = candidate.Start ?? context.WordStart;
            suggestions.Add(new Suggestion(candidate.Text, start, context.WordEnd - start, candidate.Kind, candidate.Documentation));
        }

        return suggestions;
    }

    /// <summary>0 for equal, 1 for a prefix, 2 + distance for a near miss, -1 for no match.</summary>
    private static int Score(string candidate, string prefix)
    {
        if (prefix.Length == 0)
        {
            return 1;
        }

        if (candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return candidate.Length == prefix.Length ? 0 : 1;
        }

        if (prefix.Length < 3)
        {
            return -1;
        }

        // A typo in what is typed so far: how far it is from the nearest beginning of the candidate.
        var limit = Math.Max(1, prefix.Length / 3);
        var distance = PrefixDistance(prefix, candidate, limit);
        return distance <= limit ? 2 + distance : -1;
    }

    /// <summary>
    /// A cheap bound that rejects most candidates before the table: each edit (insertion, deletion, substitution)
    /// removes at most one of the characters <paramref name="typed"/> has more of than <paramref name="candidate"/>,
    /// and a swap none, so having more than <paramref name="limit"/> of them proves the distance to every beginning
    /// of the candidate no longer than it (fewer characters only leave more of them) over the limit. ASCII only.
    /// </summary>
    private static bool CountsExceed(ReadOnlySpan<char> typed, ReadOnlySpan<char> candidate, int limit)
    {
        Span<int> surplus = stackalloc int[128];
        surplus.Clear();
        foreach (var ch in typed)
        {
            if (ch >= 128)
            {
                return false;
            }

            surplus[ch]++;
        }

        foreach (var ch in candidate)
        {
            if (ch >= 128)
            {
                return false;
            }

            surplus[ch]--;
        }

        var excess = 0;
        foreach (var ch in typed)
        {
            // Each character's surplus is counted once: at its first occurrence, then cleared.
            if (surplus[ch] > 0)
            {
                excess += surplus[ch];
                surplus[ch] = 0;
            }
        }

        return excess > limit;
    }

    /// <summary>
    /// The optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps; letter case
    /// ignored) from <paramref name="typed"/> to the nearest of the candidate's beginnings one character shorter,
    /// as long, or one longer; more than <paramref name="limit"/> once that is certain. One table serves the three
    /// beginnings (its last row holds them all), without allocating, and stops at the first row whose every cell is
    /// over the limit: most candidates differ from the start.
    /// </summary>
    internal static int PrefixDistance(ReadOnlySpan<char> typed, ReadOnlySpan<char> candidate, int limit)
    {
        var width = Math.Min(candidate.Length, typed.Length + 1) + 1;

        // Letter case is folded once, up front, rather than at each of the table's comparisons.
        Span<char> folded = typed.Length + width <= 256 ? stackalloc char[typed.Length + width] : new char[typed.Length + width];
        typed.ToLowerInvariant(folded[..typed.Length]);
        candidate[..(width - 1)].ToLowerInvariant(folded.Slice(typed.Length, width - 1));
        var a = folded[..typed.Length];
        var b = folded.Slice(typed.Length, width - 1);

        if (CountsExceed(a, b, limit))
        {
            return limit + 1;
        }

        Span<int> rows = width * 3 <= 384 ? stackalloc int[width * 3] : new int[width * 3];
        var before = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var smallest = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var cell = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    cell = Math.Min(cell, before[j - 2] + 1);
                }

                current[j] = cell;
                smallest = Math.Min(smallest, cell);
            }

            if (smallest > limit)
            {
                return limit + 1;
            }

            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }

        var best = int.MaxValue;
        for (var j = Math.Max(0, typed.Length - 1); j < width; j++)
        {
            best = Math.Min(best, previous[j]);
        }

        return best;
    }
}
