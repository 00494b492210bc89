using System.CommandLine;
using Retell.Query.Cli.Output;
using Retell.Query.Emulator;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>generate --count N [--seed S] [--output FILE]</c>: writes N API-shaped sample calls — the emulator's generator,
/// a JSON array with one call per line, the format <c>--data</c> reads — to stdout or a file, one call at a time (a
/// million calls take no more memory than one). The same seed gives the same calls; the default seed is the bundled
/// sample's, so <c>generate --count 2000</c> writes the bundled sample.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var count = CommonArguments.Integer("--count", "How many calls to generate.", 0, int.MaxValue, "--count cannot be negative.");
        count.Required = true;
        var seed = CommonArguments.Integer("--seed", $"The random seed (default {SampleData.BundledSeed}, the bundled sample's).",
            int.MinValue, int.MaxValue, "", defaultValue: SampleData.BundledSeed);
        var output = new Option<FileInfo>("--output") { Description = "The file to write; stdout when left out." };
        var command = new Command("generate", "Write realistic, API-shaped sample calls (JSON), to serve with --data or to benchmark with.")
        {
            count, seed, output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var calls = SampleData.Enumerate(result.GetValue(count), result.GetValue(seed));
            if (result.GetValue(output) is not { } file)
            {
                await SampleData.WriteJsonAsync(calls, console.Out, cancellationToken).ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var destination = CallOutput.Open(file.FullName, writeAside: false, console, out var cannotWrite);
            if (destination is null)
            {
                await console.Error.WriteLineAsync($"error: {cannotWrite}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            // A failure to write on the way is the output's (exit 2, see CliApp), the file left as far as it got.
            await using (destination.ConfigureAwait(false))
            {
                console.Progress.Report($"writing {file.Name}…");
                var written = await SampleData.WriteJsonAsync(calls, destination.Text, cancellationToken).ConfigureAwait(false);
                await destination.CompleteAsync(cancellationToken).ConfigureAwait(false);
                console.Progress.Stop();
                await console.Error.WriteLineAsync($"wrote {written:N0} calls to {file.FullName}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
