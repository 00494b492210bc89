using Retell.Query.Client;
using Retell.Query.Serialization;

namespace Retell.Query.Tests.Client;

/// <summary>Runs only when <c>RETELL_API_KEY</c> is set: the library against the real API.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable)))
        {
            Skip = "RETELL_API_KEY is not set";
        }
    }
}

public class LiveApiTests
{
    [LiveFact]
    public async Task Lists_recent_calls_from_the_real_API()
    {
        using var client = new RetellClient();
        var calls = await Support.EmulatorFixture.ToListAsync(
            client.ListCallsAsync("start_timestamp > now - 30d", new ListCallsOptions { MaxCalls = 20, SortOrder = SortOrder.Descending }));
        Assert.InRange(calls.Count, 0, 20);
        Assert.All(calls, c => Assert.False(string.IsNullOrEmpty(c.CallId)));
        Assert.Equal(calls.OrderByDescending(c => c.StartTimestamp).Select(c => c.CallId), calls.Select(c => c.CallId));
    }
}
