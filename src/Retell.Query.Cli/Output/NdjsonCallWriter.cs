using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// One call per line: the call object exactly as the API sent it (<see cref="Call.RawJson"/>: its property names, its
/// unknown properties, its nulls, its numbers and escapes), not re-serialized; only a call spread over several lines is
/// put on one, by dropping the whitespace between its tokens. Lines are gathered and written in blocks, and whatever is
/// gathered goes out before waiting for the next page, so output still follows the pages as they arrive.
/// </summary>
internal sealed class NdjsonCallWriter : ICallWriter
{
    private const int BlockSize = 64 * 1024;

    // For calls made in code (no JSON of their own): written out with only the escaping HTML would need avoided.
    private static readonly JsonWriterOptions Fallback = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream? _bytes;
    private readonly TextWriter? _text;

    /// <summary>Writes UTF-8 to <paramref name="output"/> (a file).</summary>
    public NdjsonCallWriter(Stream output) => _bytes = output;

    /// <summary>Writes to <paramref name="output"/> (the console).</summary>
    public NdjsonCallWriter(TextWriter output) => _text = output;

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var block = new ArrayBufferWriter<byte>(2 * BlockSize);
        var enumerator = calls.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            try
            {
                await WriteLinesAsync(enumerator, block, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (OperationCanceledException or IOException) && block.WrittenCount > 0)
            {
                // The listing failed (the API, a budget): the calls it returned before are whole lines and stay written.
                await FlushAsync(block, CancellationToken.None).ConfigureAwait(false);
                if (_text is not null)
                {
                    await _text.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }
        }

        await FlushAsync(block, cancellationToken).ConfigureAwait(false);
        if (_text is not null)
        {
            await _text.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLinesAsync(IAsyncEnumerator<Call> enumerator, ArrayBufferWriter<byte> block, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = enumerator.MoveNextAsync();
            if (!next.IsCompleted && block.WrittenCount > 0)
            {
                // About to wait for the network: the lines gathered so far go out now.
                await FlushAsync(block, cancellationToken).ConfigureAwait(false);
            }

            if (!await next.ConfigureAwait(false))
            {
                break;
            }

            AppendLine(block, enumerator.Current);
            if (block.WrittenCount >= BlockSize)
            {
                await FlushAsync(block, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Appends the call's JSON on one line.</summary>
    internal static void AppendLine(ArrayBufferWriter<byte> block, Call call)
    {
        var json = call.RawJson.Span;
        if (json.IsEmpty)
        {
            using var writer = new Utf8JsonWriter(block, Fallback);
            JsonSerializer.Serialize(writer, call, RetellJsonContext.Default.Call);
        }
        else if (json.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            block.Write(json);
        }
        else
        {
            OnOneLine(json, block);
        }

        block.Write("\n"u8);
    }

    /// <summary>
    /// Copies <paramref name="json"/> without the whitespace between its tokens. Line breaks are never inside a JSON
    /// string (they must be escaped there), so only tokens' surroundings change.
    /// </summary>
    private static void OnOneLine(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> output)
    {
        var destination = output.GetSpan(json.Length);
        var written = 0;
        var (inString, escaped) = (false, false);
        foreach (var b in json)
        {
            if (inString)
            {
                (inString, escaped) = escaped ? (true, false) : (b != '"', b == '\\');
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                continue;
            }
            else
            {
                inString = b == '"';
            }

            destination[written++] = b;
        }

        output.Advance(written);
    }

    private async Task FlushAsync(ArrayBufferWriter<byte> block, CancellationToken cancellationToken)
    {
        if (block.WrittenCount == 0)
        {
            return;
        }

        if (_bytes is not null)
        {
            await _bytes.WriteAsync(block.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Whole lines only, so no character is split between two blocks.
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(block.WrittenCount));
            try
            {
                var count = Encoding.UTF8.GetChars(block.WrittenSpan, chars);
                await _text!.WriteAsync(chars.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        block.ResetWrittenCount();
    }
}
