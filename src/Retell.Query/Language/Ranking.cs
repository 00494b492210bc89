using Retell.Query.Parsing;

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

        // A typo in what is typed so far: compare it with the candidate's beginning of about the same length.
        var limit = Math.Max(1, prefix.Length / 3);
        var typed = prefix.ToLowerInvariant();
        var best = int.MaxValue;
        for (var length = prefix.Length - 1; length <= prefix.Length + 1; length++)
        {
            if (length <= candidate.Length)
            {
                best = Math.Min(best, Suggestions.Distance(typed, candidate[..length].ToLowerInvariant()));
            }
        }

        return best <= limit ? 2 + best : -1;
    }
}
