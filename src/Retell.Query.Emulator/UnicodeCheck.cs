using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// Refuses a request whose strings are not text: a lone surrogate escape (<c>"\ud800"</c>) or bytes that are not
/// UTF-8, in a value, a property name or the cursor. The JSON parser accepts both (it checks syntax, not the text a
/// string makes); reading them later would throw, so they are found first and answered with a 400.
/// </summary>
internal static class UnicodeCheck
{
    public static void Check(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var index = 0;
                foreach (var property in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw NotText($"the name of property {index + 1} of {path}");
                    }

                    Check(property.Value, $"{path}.{name}");
                    index++;
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.String:
                try
                {
                    _ = value.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw NotText(path);
                }

                break;
        }
    }

    private static BadRequestException NotText(string where) =>
        new($"Invalid request format: {where} is not valid Unicode text (a lone surrogate escape, or bytes that are not UTF-8).");
}
