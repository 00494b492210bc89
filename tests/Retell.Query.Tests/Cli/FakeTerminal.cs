using System.Text;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// A screen as a terminal keeps it, for writers that share it (stdout and stderr on one terminal): text overwrites
/// at the cursor; <c>\r</c>, <c>\n</c>, <c>ESC[2K</c> (erase line), <c>ESC[K</c> (erase to the end), <c>ESC[nA</c>
/// (up) move and erase as a terminal does. <see cref="Raw"/> keeps every byte written, to check what was drawn.
/// </summary>
internal sealed class FakeTerminal : TextWriter
{
    private readonly List<StringBuilder> _lines = [new()];
    private readonly StringBuilder _raw = new();
    private readonly StringBuilder _escape = new();
    private int _row;
    private int _column;

    public override Encoding Encoding => Encoding.UTF8;

    public string Raw
    {
        get
        {
            lock (_raw)
            {
                return _raw.ToString();
            }
        }
    }

    /// <summary>The screen's lines, without trailing spaces, and without the empty line the cursor ends on.</summary>
    public IReadOnlyList<string> Screen
    {
        get
        {
            lock (_raw)
            {
                var lines = _lines.Select(l => l.ToString().TrimEnd()).ToList();
                while (lines.Count > 0 && lines[^1].Length == 0)
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                return lines;
            }
        }
    }

    public override void Write(char value)
    {
        lock (_raw)
        {
            _raw.Append(value);
            if (_escape.Length > 0 || value == '\u001b')
            {
                _escape.Append(value);
                if (_escape.Length > 1 && char.IsAsciiLetter(value))
                {
                    Apply(_escape.ToString());
                    _escape.Clear();
                }

                return;
            }

            switch (value)
            {
                case '\r':
                    _column = 0;
                    break;
                case '\n':
                    _row++;
                    _column = 0;
                    while (_lines.Count <= _row)
                    {
                        _lines.Add(new StringBuilder());
                    }

                    break;
                default:
                    var line = _lines[_row];
                    while (line.Length < _column)
                    {
                        line.Append(' ');
                    }

                    if (_column < line.Length)
                    {
                        line[_column] = value;
                    }
                    else
                    {
                        line.Append(value);
                    }

                    _column++;
                    break;
            }
        }
    }

    private void Apply(string sequence)
    {
        var line = _lines[_row];
        switch (sequence[^1])
        {
            case 'K' when sequence == "\u001b[2K":
                line.Clear();
                break;
            case 'K':
                if (_column < line.Length)
                {
                    line.Length = _column;
                }

                break;
            case 'A':
                var n = sequence.Length > 3 ? int.Parse(sequence[2..^1], System.Globalization.CultureInfo.InvariantCulture) : 1;
                _row = Math.Max(0, _row - n);
                break;
        }
    }
}
