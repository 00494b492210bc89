namespace Retell.Query.Cli;

/// <summary>
/// What a command may touch of the outside world: where results and messages go, the environment, and whether
/// stderr is a terminal (for progress). Tests pass their own.
/// </summary>
/// <param name="Out">Results.</param>
/// <param name="Error">Messages, progress.</param>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="ErrorIsTerminal">True when stderr is an interactive terminal.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<string, string?> Environment, bool ErrorIsTerminal);
