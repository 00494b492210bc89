namespace Retell.Query.Client;

/// <summary>
/// Admits the requests of one listing: a request waits for a place before it is sent (its retries keep the place) and
/// gives it back when its page came or it failed. A plan of several requests has a fixed number of places
/// (<see cref="FixedGate"/>); a sharded scan's places follow the API's answers (<see cref="ThrottleGate"/>).
/// </summary>
internal interface IRequestGate
{
    /// <summary>Waits for a place.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>Gives a place back.</summary>
    void Release();
}

/// <summary>A fixed number of places: <see cref="RetellClientOptions.MaxConcurrentRequests"/> for a plan of several requests.</summary>
internal sealed class FixedGate(int places) : IRequestGate, IDisposable
{
    private readonly SemaphoreSlim _places = new(places);

    public ValueTask WaitAsync(CancellationToken cancellationToken) => new(_places.WaitAsync(cancellationToken));

    public void Release() => _places.Release();

    public void Dispose() => _places.Dispose();
}
