using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Retell.Query.Emulator;

/// <summary>
/// Issues and checks opaque pagination keys. A key is <c>base64url(payload) "." base64url(HMAC-SHA256(payload))</c>
/// where the payload is: version byte, sort-direction byte, SHA-256 of the canonical <c>filter_criteria</c>, a flag
/// and 8 bytes of <c>start_timestamp</c>, then the UTF-8 <c>call_id</c>. It records the last call's sort key, not an
/// offset, so pages stay exact under timestamp ties. The secret is per emulator instance: a key from another instance,
/// an edited key, or a key sent with another filter or order is a 400.
/// </summary>
internal sealed class PaginationKeys(byte[] secret)
{
    private const byte Version = 1;
    private const int HashLength = 32;
    private const int HeaderLength = 2 + HashLength + 1 + 8;

    /// <summary>Issues the key that continues after <paramref name="position"/>.</summary>
    public string Create(PagePosition position, bool descending, byte[] filterHash)
    {
        var id = Encoding.UTF8.GetBytes(position.CallId);
        var payload = new byte[HeaderLength + id.Length];
        payload[0] = Version;
        payload[1] = descending ? (byte)1 : (byte)0;
        filterHash.CopyTo(payload, 2);
        payload[2 + HashLength] = position.StartTimestamp is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(3 + HashLength), position.StartTimestamp ?? 0);
        id.CopyTo(payload, HeaderLength);
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(secret, payload))}";
    }

    /// <summary>Checks <paramref name="key"/> and returns its position, or throws a 400.</summary>
    public PagePosition Read(string key, bool descending, byte[] filterHash)
    {
        var parts = key.Split('.');
        if (parts.Length != 2 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var mac) ||
            payload.Length < HeaderLength || payload[0] != Version ||
            !CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(secret, payload)))
        {
            throw new BadRequestException("pagination_key is not valid.");
        }

        if (payload[1] != (descending ? 1 : 0) || !payload.AsSpan(2, HashLength).SequenceEqual(filterHash))
        {
            throw new BadRequestException(
                "pagination_key was issued for another filter_criteria or sort_order; send the same ones with it.");
        }

        long? timestamp = payload[2 + HashLength] == 0
            ? null
            : BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(3 + HashLength));
        return new PagePosition(timestamp, Encoding.UTF8.GetString(payload.AsSpan(HeaderLength)));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        bytes = new byte[padded.Length];
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal) ||
            !Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = [];
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
