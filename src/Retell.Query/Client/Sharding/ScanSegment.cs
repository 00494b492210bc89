using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>What a <see cref="ScanSegment"/> reads.</summary>
internal enum SegmentKind
{
    /// <summary>The request itself, unrestricted, from its first page (with the listing's <c>skip</c>): until it is given a stop, it covers the whole listing.</summary>
    Head,

    /// <summary>The request restricted to a range of <c>start_timestamp</c>, <c>bt [Low, High]</c>, with a cursor of its own.</summary>
    Range,

    /// <summary>The calls without a start, last in a descending listing: read ascending (the only way any range reaches them) and passed on reversed.</summary>
    NullTail,
}

/// <summary>
/// One shard of a sharded scan: what it reads, where it stops, what it has read, and the calls it holds until the
/// listing reaches them. Guarded by its scan's lock.
/// </summary>
internal sealed class ScanSegment(SegmentKind kind, long low, long high)
{
    public SegmentKind Kind { get; } = kind;

    /// <summary>The lowest start the request asks for (<see cref="SegmentKind.Range"/>).</summary>
    public long Low { get; } = low;

    /// <summary>The highest start the request asks for (<see cref="SegmentKind.Range"/>).</summary>
    public long High { get; } = high;

    /// <summary>
    /// Where the segment ends, in the order it reads: the last start it passes on (the highest ascending, the lowest
    /// descending). A split moves it back toward <see cref="Position"/>, and the calls past it are another segment's:
    /// the request's cursor cannot change its filter, so the segment stops there instead. Null for a head not yet
    /// given a stop, and for the null tail.
    /// </summary>
    public long? Stop { get; set; }

    /// <summary>The start of the last call passed to the queue; null before one with a start came.</summary>
    public long? Position { get; set; }

    /// <summary>The start of the first call with one passed to the queue.</summary>
    public long? First { get; set; }

    /// <summary>How many calls the segment passed to its queue.</summary>
    public long Delivered { get; set; }

    /// <summary>How many of those had a start (what density is measured in).</summary>
    public long Timestamped { get; set; }

    /// <summary>The calls read and not yet passed on (deserialized: a head's and a null tail's, and a page being passed on).</summary>
    public Queue<Call> Calls { get; } = new();

    /// <summary>A range's pages read and not yet passed on, kept as bytes until the listing reaches them.</summary>
    public Queue<HeldPage> Pages { get; } = new();

    /// <summary>The calls <see cref="Pages"/> will pass on.</summary>
    public int InPages { get; set; }

    /// <summary>The calls held, deserialized or not.</summary>
    public int Held => Calls.Count + InPages;

    /// <summary>The ids of the page before, to drop the calls a page repeats (as <see cref="CallStream"/> does).</summary>
    public HashSet<string> PreviousIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pages in a row that said more follow and brought no new call.</summary>
    public int EmptyPages { get; set; }

    /// <summary>Waiting for room: the scan holds as many calls as it may.</summary>
    public bool Paused { get; set; }

    /// <summary>The segment read its last call (or failed).</summary>
    public bool Finished { get; set; }

    /// <summary>Why the segment stopped early: surfaces when the listing reaches the segment, after the calls before it.</summary>
    public Exception? Error { get; set; }
}

/// <summary>
/// A page of a range segment as it came (<see cref="Raw"/>; or <see cref="Calls"/>, deserialized already, when its
/// body could not be indexed), with which of its calls the segment passes on: those at the places <see cref="Keep"/>
/// lists, in order, checked against <see cref="Index"/> when the page is deserialized.
/// </summary>
internal sealed record HeldPage(RawPage? Raw, IReadOnlyList<Call>? Calls, PageIndex Index, int[] Keep);
