using Retell.Query.Client;

namespace Retell.Query.Tests.Client;

/// <summary>
/// The calls budget (<see cref="ListCallsOptions.MaxCallsScanned"/>) counts what reached the client on the wire, so a
/// reservation comes back only for a request the API answered without calls.
/// </summary>
public class CallsBudgetTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new RetellServerException("500"), true },
        { new RetellRateLimitException("429"), true },
        { new RetellBadRequestException("400"), true },
        { new RetellAuthenticationException("401"), true },
        // The answer may have come in full before the client stopped reading it.
        { new OperationCanceledException(), false },
        { new TaskCanceledException(), false },
        { new RetellConnectionException("cut off"), false },
        { new RetellTimeoutException("slow"), false },
        { new RetellInvalidResponseException("too many items", System.Net.HttpStatusCode.OK), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_request_that_failed_gives_its_reservation_back_only_when_the_API_answered_with_an_error(Exception failure, bool givenBack)
    {
        var execution = new ListingExecution(new ListCallsOptions { MaxCallsScanned = 100 }, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(60, execution.Reserve(60));
        execution.Abandoned(60, failure);

        Assert.Equal(givenBack ? 60 : 40, execution.Reserve(60));
        Assert.Equal(0, execution.CallsScanned);
    }

    [Fact]
    public void A_page_gives_back_what_it_did_not_hold_and_the_budget_refuses_once_spent()
    {
        var execution = new ListingExecution(new ListCallsOptions { MaxCallsScanned = 100 }, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(60, execution.Reserve(60));
        execution.Received(60, 25);
        Assert.Equal(75, execution.Reserve(80));
        execution.Received(75, 75);
        var e = Assert.Throws<QueryBudgetExceededException>(() => execution.Reserve(1));
        Assert.Equal(("MaxCallsScanned", 100L, 100L), (e.Limit, e.LimitValue, e.CallsScanned));
    }
}
