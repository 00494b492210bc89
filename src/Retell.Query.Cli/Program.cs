using Retell.Query.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
