using System.Diagnostics;

namespace Retell.Query.Cli.Terminal;

/// <summary>
/// One line of progress on stderr, redrawn in place (carriage return, erase line) and erased before anything else is
/// written to the terminal: <see cref="CliConsole"/> wraps stdout and stderr in <see cref="ProgressAwareWriter"/>s
/// that call <see cref="Hide"/> first. It draws only when stderr is a terminal (otherwise it is never constructed
/// with <c>enabled</c>), and only when the cursor is at the start of a line, so it never overwrites output. A timer
/// keeps a spinner turning while a page is awaited; the first report draws at once.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private const string EraseLine = "\r\u001b[2K";
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(120);

    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private string? _text;
    private bool _shown;
    private int _frame;
    private long _lastDraw;

    /// <param name="terminal">The raw stderr.</param>
    /// <param name="enabled">False when stderr is not a terminal: every method does nothing.</param>
    /// <param name="width">The terminal's width in columns, read at each draw (the window may be resized).</param>
    public TerminalProgress(TextWriter terminal, bool enabled, Func<int> width)
    {
        _terminal = terminal;
        _width = width;
        Enabled = enabled;
        if (enabled)
        {
            _timer = new Timer(_ => Tick(), null, Interval, Interval);
        }
    }

    /// <summary>False when stderr is not a terminal.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Whether the terminal's cursor is at the start of a line, as the writers last left it; progress draws only then.
    /// </summary>
    internal bool AtLineStart { get; set; } = true;

    /// <summary>Sets the text and draws it, at most about eight times a second (cheap to call once per call).</summary>
    public void Report(string text)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            var first = _text is null;
            _text = text;
            if (first || Stopwatch.GetElapsedTime(_lastDraw) >= Interval)
            {
                Draw();
            }
        }
    }

    /// <summary>Erases the line and shows nothing until the next <see cref="Report"/>.</summary>
    public void Stop()
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            Hide();
            _text = null;
        }
    }

    /// <summary>Erases the line if it is shown; the timer draws it again later (when there is text).</summary>
    internal void Hide()
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_shown)
            {
                _terminal.Write(EraseLine);
                _terminal.Flush();
                _shown = false;
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> with the progress erased first, so output never lands beside it.</summary>
    internal void Around(Action write)
    {
        if (!Enabled)
        {
            write();
            return;
        }

        lock (_gate)
        {
            Hide();
            write();
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            _frame = (_frame + 1) % Frames.Length;
            if (_text is not null)
            {
                Draw();
            }
        }
    }

    private void Draw()
    {
        if (!AtLineStart || _text is null)
        {
            return;
        }

        // One line only: text that wrapped would leave its first line behind when erased.
        var line = $"{Frames[_frame]} {_text}";
        var width = Math.Max(10, _width() - 1);
        if (line.Length > width)
        {
            line = line[..(width - 1)] + "…";
        }

        _terminal.Write(EraseLine + line);
        _terminal.Flush();
        _shown = true;
        _lastDraw = Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        Stop();
    }
}
