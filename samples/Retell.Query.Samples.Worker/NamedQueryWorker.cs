using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Retell.Query.Client;
using Retell.Query.Linq;

namespace Retell.Query.Samples.Worker;

/// <summary>
/// Runs every named query of the configuration once — how many calls match, and the newest — logs the answers, and
/// stops the application. A service that reports on a schedule would loop here instead.
/// </summary>
internal sealed partial class NamedQueryWorker(IRetellClient retell, IHostApplicationLifetime lifetime, ILogger<NamedQueryWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var name in retell.NamedQueries.Keys.Order(StringComparer.Ordinal))
            {
                var count = await retell.Named(name).LongCountAsync(stoppingToken);
                var newest = await retell.Named(name).FirstOrDefaultAsync(stoppingToken);
                Answered(name, count, newest?.CallId ?? "none", newest?.StartTimestamp);
            }
        }
        catch (Exception e) when (e is RetellApiException or QueryBudgetExceededException)
        {
            Failed(e);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: {Count} calls; newest {CallId} at {Start}")]
    private partial void Answered(string name, long count, string callId, DateTimeOffset? start);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Retell API failed")]
    private partial void Failed(Exception exception);
}
