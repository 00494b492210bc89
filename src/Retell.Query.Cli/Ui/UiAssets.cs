using System.Reflection;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// The page: plain HTML, CSS and JavaScript embedded in the tool (Ui/Assets), nothing loaded from the network. The
/// per-start token goes into the HTML's <c>retell-token</c> meta tag, where the script reads it.
/// </summary>
internal static class UiAssets
{
    private const string TokenPlaceholder = "{{TOKEN}}";

    public static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
    ];

    /// <summary>The page with its token.</summary>
    public static string Page(string token) => Read("index.html").Replace(TokenPlaceholder, token, StringComparison.Ordinal);

    /// <summary>An embedded file's text.</summary>
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Retell.Query.Cli.Ui.Assets.{name}")
            ?? throw new InvalidOperationException($"The page's {name} is not embedded in the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
