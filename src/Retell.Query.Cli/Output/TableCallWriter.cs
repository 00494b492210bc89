using System.Globalization;
using Retell.Query.Model;
using Retell.Query.Printing;
using Spectre.Console;

namespace Retell.Query.Cli.Output;

/// <summary>A table for people (Spectre.Console): start time, status, duration, agent, from → to, sentiment, cost.</summary>
internal sealed class TableCallWriter(IAnsiConsole console) : ICallWriter
{
    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("start (UTC)").AddColumn("status").AddColumn(new TableColumn("duration").RightAligned())
            .AddColumn("agent").AddColumn("from → to").AddColumn("sentiment").AddColumn(new TableColumn("cost").RightAligned());
        var count = 0;
        await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            table.AddRow(
                Cell(call.StartTimestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                Cell(call.CallStatus.Value),
                Cell(call.DurationMs is { } ms ? QueryPrinter.PrintDuration(ms / 1000 * 1000) : null),
                Cell($"{call.AgentName ?? call.AgentId} v{call.AgentVersion}"),
                Cell(call.IsPhoneCall ? $"{call.FromNumber} → {call.ToNumber}" : "web call"),
                Cell(call.UserSentiment?.Value),
                Cell(call.CombinedCost is { } cents ? (cents / 100).ToString("$0.00", CultureInfo.InvariantCulture) : null));
        }

        console.Write(table);
        console.WriteLine($"{count:N0} calls");
    }

    // Text, not markup: call data may hold '[' and ']'.
    private static Text Cell(string? value) => new(value ?? "–");
}
