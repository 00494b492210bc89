using Retell.Query.Model;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// The searches the page is paging through: each is one lazy enumeration of the query's calls, read a page at a time
/// as the table is scrolled, so the API is asked only for what is looked at. Only the last few are kept (an older
/// one is stopped and forgotten), so memory does not grow with the searches run.
/// </summary>
internal sealed class SearchSessions : IAsyncDisposable
{
    private const int MaxSessions = 8;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private bool _disposed;

    /// <summary>Starts a search over <paramref name="calls"/> (nothing is fetched yet); returns its id.</summary>
    public string Start(Func<CancellationToken, IAsyncEnumerable<Call>> calls)
    {
        var session = new Session(calls);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        Session? evicted = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sessions[id] = session;
            _order.Enqueue(id);
            if (_order.Count > MaxSessions && _sessions.Remove(_order.Dequeue(), out var old))
            {
                evicted = old;
            }
        }

        if (evicted is not null)
        {
            _ = evicted.DisposeAsync().AsTask();
        }

        return id;
    }

    /// <summary>The next calls of a search, at most <paramref name="count"/>; null when the search is unknown (or forgotten).</summary>
    public async Task<(IReadOnlyList<Call> Calls, bool Done)?> NextAsync(string id, int count)
    {
        Session? session;
        lock (_lock)
        {
            session = _sessions.GetValueOrDefault(id);
        }

        return session is null ? null : await session.NextAsync(count).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Session[] sessions;
        lock (_lock)
        {
            _disposed = true;
            sessions = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (var session in sessions)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Session(Func<CancellationToken, IAsyncEnumerable<Call>> calls) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private IAsyncEnumerator<Call>? _enumerator;
        private bool _done;

        public async Task<(IReadOnlyList<Call> Calls, bool Done)> NextAsync(int count)
        {
            await _gate.WaitAsync(_stop.Token).ConfigureAwait(false);
            try
            {
                var page = new List<Call>(count);
                _enumerator ??= calls(_stop.Token).GetAsyncEnumerator(_stop.Token);
                while (!_done && page.Count < count)
                {
                    bool moved;
                    try
                    {
                        moved = await _enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch
                    {
                        // The error goes to the page that asked; the search has nothing more to give.
                        _done = true;
                        throw;
                    }

                    if (!moved)
                    {
                        _done = true;
                        break;
                    }

                    page.Add(_enumerator.Current);
                }

                return (page, _done);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_enumerator is not null)
                {
                    await _enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped mid-page: nothing to keep.
            }
            finally
            {
                _gate.Release();
                _gate.Dispose();
                _stop.Dispose();
            }
        }
    }
}
