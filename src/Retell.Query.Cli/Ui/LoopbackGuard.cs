using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// What keeps a local server local. A web page from anywhere can make the browser send requests to 127.0.0.1, and a
/// DNS name can be rebound to it, so: a request whose <c>Host</c> is not the address bound is refused (a rebound
/// name arrives with its own name as the host); one whose <c>Origin</c>, when there is one, is not this server's is
/// refused (another site's script); every data endpoint needs the token of this start, which only the page served
/// from here holds, in a header a cross-site form cannot set, and takes POST with JSON only. Every response forbids
/// scripts, styles and connections from anywhere but here, framing, sniffing and caching.
/// </summary>
internal sealed class LoopbackGuard(string token)
{
    public const string TokenHeader = "X-Retell-Token";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly byte[] _token = Encoding.ASCII.GetBytes(token);
    private volatile string? _host;

    /// <summary>The <c>host:port</c> the server listens on, once it does.</summary>
    public void Bind(string host) => _host = host;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        var request = context.Request;
        var host = _host;
        if (host is null || !string.Equals(request.Host.Value, host, StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, $"this server answers only requests to {host}").ConfigureAwait(false);
            return;
        }

        if (request.Headers.Origin is { Count: > 0 } origins && !string.Equals(origins.ToString(), $"http://{host}", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "requests from other origins are refused").ConfigureAwait(false);
            return;
        }

        if (request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            if (!HttpMethods.IsPost(request.Method) || request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            {
                await RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, "the API takes POST requests with a JSON body").ConfigureAwait(false);
                return;
            }

            var sent = Encoding.ASCII.GetBytes(request.Headers[TokenHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(sent, _token))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "missing or wrong token: reload the page").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}
