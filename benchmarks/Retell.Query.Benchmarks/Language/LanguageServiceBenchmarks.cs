using BenchmarkDotNet.Attributes;
using Retell.Query.Language;
using Retell.Query.Parsing;

namespace Retell.Query.Benchmarks.Language;

/// <summary>
/// The language service on every keystroke of a 200-character query: completion at its end (a field name half
/// typed after seven conditions) and in its middle (an enum value after <c>=</c>), diagnostics and classification
/// of the whole text. The baseline is the parser reading the query up to the word being typed (the valid part: the
/// whole text fails on the half-typed field, and a failure's exception would make a flattering baseline).
/// Target: <c>Complete</c> under 20 µs.
/// </summary>
[MemoryDiagnoser]
public class LanguageServiceBenchmarks
{
    /// <summary>200 characters, the last word half typed.</summary>
    public const string Text =
        "status in (ended, error) and duration_ms > 1m and metadata.tier = \"gold\" and from_number startswith \"+1\" " +
        "and user_sentiment != Negative and start_timestamp > now - 7d and agent_id = \"a7\" and disconnec";

    private static readonly int Middle = Text.IndexOf("Negative", StringComparison.Ordinal) + 3;

    private static readonly string Valid = Text[..Text.LastIndexOf(" and ", StringComparison.Ordinal)];

    [GlobalSetup]
    public void Setup()
    {
        if (Text.Length != 200)
        {
            throw new InvalidOperationException($"the query is {Text.Length} characters, not 200");
        }

        // Fail here, not in a measured loop, if the cases do not do what they are named for.
        if (CompleteAtEnd()[0].Text != "disconnection_reason" || CompleteInMiddle()[0].Text != "Negative" || !Parse())
        {
            throw new InvalidOperationException("the completions are not the expected ones");
        }
    }

    [Benchmark(Baseline = true, Description = "QueryParser.TryParse (the valid 190 characters)")]
    public bool Parse() => QueryParser.TryParse(Valid, out _, out _);

    [Benchmark(Description = "Complete at the end")]
    public IReadOnlyList<Suggestion> CompleteAtEnd() => QueryLanguageService.Complete(Text, Text.Length);

    [Benchmark(Description = "Complete in the middle")]
    public IReadOnlyList<Suggestion> CompleteInMiddle() => QueryLanguageService.Complete(Text, Middle);

    [Benchmark(Description = "Diagnose")]
    public IReadOnlyList<Diagnostic> Diagnose() => QueryLanguageService.Diagnose(Text);

    [Benchmark(Description = "Classify")]
    public IReadOnlyList<ClassifiedSpan> Classify() => QueryLanguageService.Classify(Text);
}
