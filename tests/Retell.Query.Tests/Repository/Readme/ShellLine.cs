using System.Text;
using System.Text.RegularExpressions;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// One command line of a README example, read as a POSIX shell reads it — the little of the shell the examples use:
/// words, <c>'single'</c> and <c>"double"</c> quotes (with <c>\"</c>, <c>\\</c>, <c>\$</c>), a <c>#</c> comment,
/// <c>| head -N</c>, <c>&gt; FILE</c> and a trailing <c>&amp;</c>. Anything else is refused, so an example this test
/// cannot run fails, saying why, instead of being skipped.
/// </summary>
/// <param name="Words">The command's words, quotes removed.</param>
/// <param name="Comment">The text after <c>#</c>, trimmed; empty when none.</param>
/// <param name="Head">N of a <c>| head -N</c> the output goes through; null when none.</param>
/// <param name="RedirectTo">FILE of <c>&gt; FILE</c>; null when stdout is not redirected.</param>
/// <param name="Background">True when the line ends with <c>&amp;</c>.</param>
internal sealed partial record ShellLine(IReadOnlyList<string> Words, string Comment, int? Head, string? RedirectTo, bool Background)
{
    /// <summary>Reads <paramref name="line"/>; throws <see cref="FormatException"/> for shell it does not take.</summary>
    public static ShellLine Parse(string line)
    {
        var (tokens, comment) = Tokenize(line);
        var words = new List<string>();
        int? head = null;
        string? redirect = null;
        var background = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (text, op) = tokens[i];
            if (!op)
            {
                if (head is not null || redirect is not null || background)
                {
                    throw new FormatException($"a word after a pipe, redirect or &: {line}");
                }

                words.Add(text);
            }
            else if (text == "|" && i + 2 < tokens.Count && tokens[i + 1] == ("head", false) && HeadCount().Match(tokens[i + 2].Text) is { Success: true } n)
            {
                head = int.Parse(n.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                i += 2;
            }
            else if (text == ">" && i + 1 < tokens.Count && !tokens[i + 1].Operator)
            {
                redirect = tokens[++i].Text;
            }
            else if (text == "&" && i == tokens.Count - 1)
            {
                background = true;
            }
            else
            {
                throw new FormatException($"shell this test does not run (only `| head -N`, `> FILE` and a final `&`): {line}");
            }
        }

        return new ShellLine(words, comment, head, redirect, background);
    }

    private static (List<(string Text, bool Operator)> Tokens, string Comment) Tokenize(string line)
    {
        var tokens = new List<(string, bool)>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '|' or '>' or '&' or ';' or '<' or '`' or '$' or '(' or ')')
            {
                if (inWord)
                {
                    tokens.Add((word.ToString(), false));
                    word.Clear();
                    inWord = false;
                }

                if (c is not (' ' or '\t'))
                {
                    if (c is not ('|' or '>' or '&'))
                    {
                        throw new FormatException($"shell this test does not run (`{c}`): {line}");
                    }

                    tokens.Add((c.ToString(), true));
                }
            }
            else if (c == '#' && !inWord)
            {
                return (tokens, line[(i + 1)..].Trim());
            }
            else if (c == '\'')
            {
                var close = line.IndexOf('\'', i + 1);
                if (close < 0)
                {
                    throw new FormatException($"an unclosed ': {line}");
                }

                word.Append(line, i + 1, close - i - 1);
                inWord = true;
                i = close;
            }
            else if (c == '"')
            {
                inWord = true;
                for (i++; ; i++)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"an unclosed \": {line}");
                    }

                    if (line[i] == '"')
                    {
                        break;
                    }

                    if (line[i] is '$' or '`')
                    {
                        throw new FormatException($"an expansion inside double quotes: {line}");
                    }

                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    word.Append(line[i]);
                }
            }
            else if (c == '\\')
            {
                throw new FormatException($"a backslash outside quotes: {line}");
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            tokens.Add((word.ToString(), false));
        }

        return (tokens, "");
    }

    [GeneratedRegex(@"^-(\d+)$")]
    private static partial Regex HeadCount();
}
