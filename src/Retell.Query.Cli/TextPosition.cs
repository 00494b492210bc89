namespace Retell.Query.Cli;

/// <summary>Turns a 0-based line and byte offset in a UTF-8 file (what System.Text.Json reports) into a 1-based column of characters.</summary>
internal static class TextPosition
{
    /// <summary>
    /// The 1-based column, counted in Unicode scalar values, of byte <paramref name="bytePosition"/> of line
    /// <paramref name="line"/>. Reads the file as a stream up to that point, so a huge file costs no memory; a byte
    /// order mark is not a character.
    /// </summary>
    public static async Task<long> ColumnAsync(string path, long line, long bytePosition, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[65536];
            long currentLine = 0, bytesInLine = 0, characters = 0, offset = 0;
            var inBom = true;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++, offset++)
                {
                    var b = buffer[i];
                    inBom = inBom && offset < 3 && b == "\uFEFF"u8[(int)offset];
                    if (inBom)
                    {
                        continue;
                    }

                    if (currentLine < line)
                    {
                        currentLine += b == (byte)'\n' ? 1 : 0;
                        continue;
                    }

                    if (bytesInLine++ >= bytePosition)
                    {
                        return characters + 1;
                    }

                    // A UTF-8 continuation byte (10xxxxxx) does not start a character.
                    characters += (b & 0xC0) != 0x80 ? 1 : 0;
                }
            }

            return characters + 1;
        }
    }
}
