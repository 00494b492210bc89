using System.Runtime.ExceptionServices;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// The calls of one request read by several cursors at once, each over a disjoint range of <c>start_timestamp</c>
/// (a segment), and passed on in the request's order — exactly the calls, in exactly the order, the one cursor of
/// <see cref="CallStream"/> gives — or, unordered, as they arrive.
/// </summary>
/// <remarks>
/// <para>
/// <b>How it starts.</b> The request's own stream (the head: the unrestricted filter, the listing's <c>skip</c>) reads
/// its first page, as a sequential listing does; a listing of one page ends there, with one request. Once a full page
/// came, one or two requests of one call each, sent together, find the far end of the span (the oldest call with a
/// start when descending — and whether calls without one exist —, the newest when ascending). The head is then given
/// a stop a few pages ahead of where it is, and the rest of the span, up to the far end, is cut into segments, each
/// the request restricted to its range, with a cursor of its own. No range matches a call without a start: ascending
/// they come first, and the head has read them by then; descending they come last, and a null tail, started first,
/// reads them ascending and passes them on reversed once every range is claimed (<see cref="ProduceNullTailAsync"/>).
/// </para>
/// <para>
/// <b>Sizing and splitting.</b> Segments are claimed in order, as places are free, each sized from the density of
/// calls observed so far to hold <see cref="SegmentPages"/> pages. When no range is left to claim and a place is free,
/// the segment with the most calls still ahead of it is split at the middle of its remaining range: its cursor cannot
/// change its filter, so it stops at the split point and a new segment reads the rest. Every stop is a millisecond
/// boundary, so the calls of one start (ties) are in one segment, in the API's order.
/// </para>
/// <para>
/// <b>Order and memory.</b> Segments are passed on one after another; the segments ahead of the one being read
/// hold at most <see cref="SegmentPages"/> × parallelism pages of calls in all (a segment waits when they are full),
/// and the one being read a page, so memory does not grow with the result. A range's pages are held as they came, as
/// bytes, and deserialized by the listing's reader when it reaches them (<see cref="PageIndex"/> says why), so what
/// waits ahead costs the garbage collector nothing. A failure in a segment surfaces when the listing reaches it, after
/// every call before it.
/// </para>
/// <para>
/// <b>What it checks.</b> Every cut relies on the API's <c>start_timestamp</c> order, so a page that breaks it is a
/// <see cref="RetellInvalidResponseException"/>, after every call before it: a range's call outside its range or out
/// of order (<see cref="Misplaced"/>), and a head's call out of order, on any page it reads, the page on which it
/// reaches its stop included, whole (<see cref="PastStop"/>).
/// </para>
/// </remarks>
internal sealed partial class ShardedScan : IAsyncDisposable
{
    /// <summary>How many pages of calls a segment is sized to hold: a half-page under a whole number, so that a
    /// segment sized right takes as many requests as a sequential read of its calls would.</summary>
    public const double SegmentPages = 3.5;

    /// <summary>A segment is split only when it has at least this many pages still ahead.</summary>
    public const double MinSplitPages = 2;

    /// <summary>Before any density is known, the span is cut into this many segments per place.</summary>
    private const int FirstCutsPerPlace = 4;

    private readonly PageFetcher _fetcher;
    private readonly CallFilterModel _filter;
    private readonly ListCallsOptions _headOptions;
    private readonly int _pageSize;
    private readonly int _maxEmptyPages;
    private readonly ListingExecution _execution;
    private readonly ThrottleGate _gate;
    private readonly bool _ordered;
    private readonly bool _descending;
    private readonly (long Low, long High, long? Excluded) _allowed;
    private readonly int _segmentCalls;
    private readonly int _aheadCap;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _lock = new();
    private readonly List<ScanSegment> _segments = [];
    private readonly List<Task> _tasks = [];
    private readonly ScanSegment _head;
    private readonly ScanReport _report = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _consumerWaiting;
    private Phase _phase = Phase.Head;
    private int _buffered;
    private int _running;
    private int _paused;
    private bool _failed;
    private Exception? _fault;

    // The range not yet claimed: from _next toward _far (both inclusive), in the order of the listing.
    private long _next;
    private long _far;
    private long _spanMs;
    private bool _nullTailNeeded;
    private bool _nullTailCreated;

    // Density of the segments already passed on: calls with a start, and the milliseconds they covered.
    private long _doneCalls;
    private long _doneMs;

    private ShardedScan(PageFetcher fetcher, CallFilterModel filter, ListCallsOptions options, int pageSize, int maxEmptyPages,
        ListingExecution execution, ThrottleGate gate, bool ordered, CancellationToken cancellationToken)
    {
        _fetcher = fetcher;
        _filter = filter;
        _pageSize = options.PageSize ?? pageSize;
        _headOptions = options;
        _maxEmptyPages = maxEmptyPages;
        _execution = execution;
        _gate = gate;
        _ordered = ordered;
        _descending = options.SortOrder == SortOrder.Descending;
        _allowed = StartRange.Allowed(filter);
        _segmentCalls = (int)Math.Ceiling(SegmentPages * _pageSize);
        _aheadCap = gate.Parallelism * _segmentCalls;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _head = new ScanSegment(SegmentKind.Head, StartRange.Min, StartRange.Max);
    }

    private enum Phase
    {
        /// <summary>Only the head reads, until its first page is full.</summary>
        Head,

        /// <summary>The far end of the span is being looked for.</summary>
        Probing,

        /// <summary>The span is being cut into segments.</summary>
        Open,

        /// <summary>No segment will be added: the head covers the rest, or the span is all claimed.</summary>
        Closed,
    }

    /// <summary>
    /// The calls of <paramref name="filter"/>, read in segments with up to the gate's limit of requests in flight;
    /// <c>Skip</c> goes to the head's first request, <c>MaxCalls</c> ends the listing. A listing that needs no more
    /// than a page is read by one cursor (<see cref="CallStream"/>): no segment could make it faster.
    /// </summary>
    public static IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel filter, ListCallsOptions options, int pageSize, int maxEmptyPages,
        ListingExecution execution, StreamProgress progress, ThrottleGate gate, bool ordered, CancellationToken cancellationToken)
    {
        if (options.MaxCalls is { } max && max <= (options.PageSize ?? pageSize))
        {
            return CallStream.ReadAsync(fetcher, filter, options, pageSize, maxEmptyPages, execution, progress, cancellationToken, gate);
        }

        return Sharded(new ShardedScan(fetcher, filter, options, pageSize, maxEmptyPages, execution, gate, ordered, cancellationToken), progress, options.MaxCalls);
    }

    private static async IAsyncEnumerable<Call> Sharded(ShardedScan scan, StreamProgress progress, int? max)
    {
        await using (scan.ConfigureAwait(false))
        {
            scan.Start();
            var returned = 0L;
            while (max is null || returned < max)
            {
                var next = scan.Next();
                if (next.Call is { } call)
                {
                    returned++;
                    yield return call;
                }
                else if (next.Page is { } page)
                {
                    // Deserialized here, by the listing's reader, as a sequential stream's pages are.
                    scan.Read(next.Segment!, page);
                }
                else if (next.Wait is { } wait)
                {
                    await wait.WaitAsync(scan._stop.Token).ConfigureAwait(false);
                }
                else
                {
                    // Every call of the request was passed on (this runs once the last was taken).
                    progress.PageDone(hasMore: false, null);
                    yield break;
                }
            }
        }
    }

    private void Start()
    {
        lock (_lock)
        {
            _segments.Add(_head);
            StartProducer(_head);
        }
    }

    /// <summary>
    /// The next call to pass on; or a held page to deserialize first; or a task that completes when there may be
    /// one; or none of them at the end.
    /// </summary>
    private Step Next()
    {
        lock (_lock)
        {
            if (_fault is { } fault)
            {
                ExceptionDispatchInfo.Throw(fault);
            }

            for (var i = 0; i < _segments.Count;)
            {
                var segment = _segments[i];
                if (segment.Calls.TryDequeue(out var call))
                {
                    _buffered--;
                    if (_ordered ? segment.Paused && segment.Held == _pageSize - 1 : _paused > 0 && _buffered == _aheadCap + _pageSize - 1)
                    {
                        // It waits for room, and there is some now.
                        Pulse();
                    }

                    return new(call, null, null, null);
                }

                if (segment.Pages.TryDequeue(out var page))
                {
                    return new(null, page, segment, null);
                }

                if (!segment.Finished)
                {
                    if (_ordered)
                    {
                        break;
                    }

                    i++;
                    continue;
                }

                if (segment.Error is { } error)
                {
                    _failed = true;
                    ExceptionDispatchInfo.Throw(error);
                }

                // Passed on whole: the next one is read now, and the calls it holds stop counting as ahead.
                _segments.RemoveAt(i);
                _doneCalls += segment.Timestamped;
                _doneMs += Covered(segment);
                Schedule();
                Pulse();
            }

            if (_segments.Count == 0 && NothingLeft())
            {
                return default;
            }

            _consumerWaiting = true;
            return new(null, null, null, _changed.Task);
        }
    }

    /// <summary>Deserializes a held page of <paramref name="segment"/> (outside the lock) and queues its calls to be passed on.</summary>
    private void Read(ScanSegment segment, HeldPage page)
    {
        var calls = CallsOf(page);
        lock (_lock)
        {
            foreach (var call in calls)
            {
                segment.Calls.Enqueue(call);
            }

            segment.InPages -= page.Keep.Length;
        }
    }

    /// <summary>What <see cref="Next"/> found: a call, a page to read first, or a wait; all null at the end.</summary>
    private readonly record struct Step(Call? Call, HeldPage? Page, ScanSegment? Segment, Task? Wait);

    private bool NothingLeft() => _phase == Phase.Closed ||
        (_phase == Phase.Open && FrontierExhausted && (!_nullTailNeeded || _nullTailCreated));

    private bool FrontierExhausted => _descending ? _next < _far : _next > _far;

    private void StartProducer(ScanSegment segment)
    {
        _running++;
        _tasks.Add(Task.Run(() => segment.Kind switch
        {
            SegmentKind.Head => ProduceHeadAsync(segment),
            SegmentKind.Range => ProduceRangeAsync(segment),
            _ => ProduceNullTailAsync(segment),
        }));
    }

    /// <summary>
    /// Queues a call a segment read, and waits while the scan holds as many calls as it may; false when the call is
    /// past the segment's stop (the rest is another segment's).
    /// </summary>
    private ValueTask<bool> DeliverAsync(ScanSegment segment, Call call)
    {
        lock (_lock)
        {
            var start = StartRange.Of(call);
            if (Beyond(segment, start))
            {
                return new(false);
            }

            if (segment == _head && HeadOutOfOrder(start) is { } misordered)
            {
                throw misordered;
            }

            segment.Calls.Enqueue(call);
            _buffered++;
            segment.Delivered++;
            if (start is { } s)
            {
                segment.First ??= s;
                segment.Position = s;
                segment.Timestamped++;
            }

            if (_consumerWaiting && (!_ordered || segment == _segments[0]))
            {
                Pulse();
            }

            if (segment == _head && _phase == Phase.Head && segment.Delivered >= _pageSize)
            {
                _phase = Phase.Probing;
                _tasks.Add(Task.Run(ProbeAsync));
            }

            if (!MustPause(segment))
            {
                Schedule();
                return new(true);
            }

            segment.Paused = true;
            _paused++;
            _running--;
            Schedule();
        }

        return new(PausedAsync(segment));
    }

    private async Task<bool> PausedAsync(ScanSegment segment)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!MustPause(segment))
                {
                    segment.Paused = false;
                    _paused--;
                    _running++;
                    return true;
                }

                wait = _changed.Task;
            }

            await wait.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a call with this start is past the segment's stop.</summary>
    private bool Beyond(ScanSegment segment, long? start) => segment.Stop is { } stop &&
        (_descending ? start is null || start < stop : start > stop);

    /// <summary>
    /// Ordered, the segment being passed on holds at most a page, and the others as many calls as
    /// <see cref="_aheadCap"/> in all; unordered, the scan holds that and a page.
    /// </summary>
    private bool MustPause(ScanSegment segment) => _ordered
        ? segment == _segments[0] ? segment.Held >= _pageSize : HeldAhead() >= _aheadCap
        : _buffered >= _aheadCap + _pageSize;

    /// <summary>The calls held by segments not being passed on (ordered), or all of them (unordered).</summary>
    private int HeldAhead() => _ordered && _segments.Count > 0 ? _buffered - _segments[0].Held : _buffered;

    private void Failed(ScanSegment segment, Exception e)
    {
        if (_stop.IsCancellationRequested && e is OperationCanceledException)
        {
            return;
        }

        lock (_lock)
        {
            segment.Error = e;
            _failed = true;
        }
    }

    private void Finish(ScanSegment segment)
    {
        lock (_lock)
        {
            segment.Finished = true;
            if (segment.Paused)
            {
                segment.Paused = false;
                _paused--;
            }
            else
            {
                _running--;
            }

            if (segment == _head && segment.Stop is null && _phase is Phase.Head or Phase.Probing)
            {
                // The head read to the end unbounded: it covered the whole listing.
                _phase = Phase.Closed;
            }

            Schedule();
            Pulse();
        }
    }

    /// <summary>Starts segments while places are free and the calls held leave room: the null tail, new ranges, then splits.</summary>
    private void Schedule()
    {
        if (_phase != Phase.Open || _failed || _stop.IsCancellationRequested)
        {
            return;
        }

        while (_running < _gate.Limit && HeldAhead() < _aheadCap && TryAddSegment())
        {
        }
    }

    private bool TryAddSegment()
    {
        if (_nullTailNeeded && !_nullTailCreated)
        {
            // First: its chain of pages is read while the ranges are (see ProduceNullTailAsync).
            _nullTailCreated = true;
            _report.NullTail = true;
            var tail = new ScanSegment(SegmentKind.NullTail, 0, -1);
            _segments.Add(tail);
            StartProducer(tail);
            return true;
        }

        if (!FrontierExhausted)
        {
            var length = Length(GlobalDensity());
            ScanSegment claimed;
            if (_descending)
            {
                var low = Math.Max(_far, _next - length + 1);
                claimed = new ScanSegment(SegmentKind.Range, low, _next) { Stop = low };
                _next = low - 1;
            }
            else
            {
                var high = Math.Min(_far, _next + length - 1);
                claimed = new ScanSegment(SegmentKind.Range, _next, high) { Stop = high };
                _next = high + 1;
            }

            _segments.Insert(_nullTailCreated ? _segments.Count - 1 : _segments.Count, claimed);
            _report.Ranges++;
            StartProducer(claimed);
            if (FrontierExhausted && _nullTailCreated)
            {
                // The null tail waits for the last range to be claimed.
                Pulse();
            }

            return true;
        }

        return TrySplit();
    }

    /// <summary>Splits the running segment with the most calls still ahead of it, when that is worth a request.</summary>
    private bool TrySplit()
    {
        ScanSegment? best = null;
        long bestPoint = 0;
        var bestCalls = MinSplitPages * _pageSize;
        foreach (var segment in _segments)
        {
            if (segment.Finished || segment.Kind == SegmentKind.NullTail || segment.Stop is not { } stop ||
                (segment.Position ?? (segment.Kind == SegmentKind.Range ? (_descending ? segment.High : segment.Low) : (long?)null)) is not { } at)
            {
                continue;
            }

            // What it has left: descending, starts from its stop to where it is; ascending, from where it is to its stop.
            var left = _descending ? at - stop : stop - at;
            var calls = left * Density(segment);
            if (left >= 1 && calls >= bestCalls)
            {
                (best, bestCalls) = (segment, calls);
                bestPoint = _descending ? stop + ((at - stop + 1) / 2) : at + ((stop - at) / 2);
            }
        }

        if (best is null)
        {
            return false;
        }

        // Descending, the segment keeps [point, ...] and the new one takes [stop, point - 1]; ascending, [..., point] and [point + 1, stop].
        var rest = _descending
            ? new ScanSegment(SegmentKind.Range, best.Stop!.Value, bestPoint - 1) { Stop = best.Stop }
            : new ScanSegment(SegmentKind.Range, bestPoint + 1, best.Stop!.Value) { Stop = best.Stop };
        best.Stop = bestPoint;
        _report.Ranges++;
        _report.Splits++;
        _segments.Insert(_segments.IndexOf(best) + 1, rest);
        StartProducer(rest);
        return true;
    }

    /// <summary>Milliseconds a segment of <see cref="SegmentPages"/> pages spans at this density (calls per millisecond).</summary>
    private long Length(double density) => density > 0
        ? (long)Math.Clamp(Math.Ceiling(_segmentCalls / density), 1, Math.Max(1, _spanMs))
        : Math.Max(1, _spanMs / (_gate.Parallelism * FirstCutsPerPlace));

    /// <summary>Calls per millisecond over every segment so far; with none seen in a span covered, a low guess that doubles the next length.</summary>
    private double GlobalDensity()
    {
        double calls = _doneCalls, ms = _doneMs;
        foreach (var segment in _segments)
        {
            calls += segment.Timestamped;
            ms += Covered(segment);
        }

        return ms == 0 ? 0 : Math.Max(calls, 0.5) / ms;
    }

    /// <summary>A segment's own density once it has read calls; the scan's before.</summary>
    private double Density(ScanSegment segment) =>
        segment.Timestamped > 1 && Covered(segment) is > 0 and var ms ? segment.Timestamped / (double)ms : GlobalDensity();

    /// <summary>The milliseconds of starts a segment has read through.</summary>
    private long Covered(ScanSegment segment) => segment.Kind switch
    {
        SegmentKind.Range when segment.Finished && segment.Error is null => _descending ? segment.High - segment.Stop!.Value + 1 : segment.Stop!.Value - segment.Low + 1,
        SegmentKind.Range => segment.Position is { } p ? (_descending ? segment.High - p : p - segment.Low) + 1 : 0,
        SegmentKind.Head => segment is { First: { } f, Position: { } at } ? Math.Abs(at - f) + 1 : 0,
        _ => 0,
    };

    private void Pulse()
    {
        _consumerWaiting = false;
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        Task[] tasks;
        lock (_lock)
        {
            _stop.Cancel();
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        foreach (var segment in _segments)
        {
            while (segment.Pages.TryDequeue(out var page))
            {
                page.Raw?.Discard();
            }
        }

        _stop.Dispose();
        _report.Publish();
    }
}
