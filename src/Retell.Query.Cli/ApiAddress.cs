namespace Retell.Query.Cli;

/// <summary>
/// Reads an API address given by a user: absolute http or https, with or without a trailing slash, and also the
/// endpoint's own URL (<c>…/v3/list-calls</c>, as <c>serve</c> prints it). The result ends with a slash, so the
/// client's relative <c>v3/list-calls</c> lands under a proxy's path prefix instead of replacing its last segment.
/// </summary>
internal static class ApiAddress
{
    private const string Endpoint = "v3/list-calls";

    public static Uri? Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/" + Endpoint, StringComparison.Ordinal))
        {
            path = path[..^Endpoint.Length];
        }

        return new UriBuilder(uri) { Path = path.EndsWith('/') ? path : path + "/" }.Uri;
    }
}
