using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Printing;

namespace Retell.Query.Policy;

/// <summary>
/// <see cref="QueryPolicy.AllowedFields"/> read: each allowed field, whole or by key, and the names the parser shows in
/// its errors and picks its suggestions from (only these, so an error never names a field the policy leaves out).
/// </summary>
internal sealed class FieldAllowList
{
    // A field allowed whole (every key) maps to null; a keyed field allowed by key maps to its keys.
    private readonly Dictionary<FieldDescriptor, HashSet<string>?> _fields;

    // The keys of each field allowed by key, in the order the policy lists them (a HashSet promises no order).
    private readonly Dictionary<FieldDescriptor, List<string>> _keysInOrder;

    private FieldAllowList(Dictionary<FieldDescriptor, HashSet<string>?> fields, Dictionary<FieldDescriptor, List<string>> keysInOrder, List<string> names)
    {
        _fields = fields;
        _keysInOrder = keysInOrder;
        Names = names;
        FieldNames = [.. fields.Keys.SelectMany(f => f.AllNames)];
    }

    /// <summary>The allowed fields as a reader writes them: <c>call_status</c>, <c>metadata.KEY</c> (any key), <c>metadata.tier</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The names and aliases of every field allowed in some form, for suggestions.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Whether <paramref name="field"/> is allowed with <paramref name="key"/>; with no key, in some form.</summary>
    public bool Allows(FieldDescriptor field, string? key) =>
        _fields.TryGetValue(field, out var keys) && (key is null || keys is null || keys.Contains(key));

    /// <summary>The allowed paths of a keyed field allowed only by key, as written in a query, for suggestions.</summary>
    public IEnumerable<string> PathsOf(FieldDescriptor field) => KeysOf(field).Select(k => QueryPrinter.PrintPath(new FieldPath(field, k)));

    /// <summary>
    /// The keys (or tool names) of a keyed field allowed only by key, in the order the policy lists them; none for a
    /// field allowed whole (any key) or not at all.
    /// </summary>
    public IReadOnlyList<string> KeysOf(FieldDescriptor field) => _fields.GetValueOrDefault(field) is not null ? _keysInOrder[field] : [];

    /// <exception cref="ArgumentException">An entry names no field, or a key the field does not take.</exception>
    public static FieldAllowList Parse(IEnumerable<string> entries)
    {
        var fields = new Dictionary<FieldDescriptor, HashSet<string>?>();
        var keysInOrder = new Dictionary<FieldDescriptor, List<string>>();
        foreach (var entry in entries)
        {
            var (field, key) = Entry(entry);
            if (key is null)
            {
                fields[field] = null;
            }
            else if (!fields.TryGetValue(field, out var keys))
            {
                fields[field] = new HashSet<string>(StringComparer.Ordinal) { key };
                keysInOrder[field] = [key];
            }
            else if (keys?.Add(key) == true)
            {
                keysInOrder[field].Add(key);
            }
        }

        var names = new List<string>();
        foreach (var (field, keys) in fields)
        {
            if (keys is not null)
            {
                names.AddRange(keysInOrder[field].Select(k => QueryPrinter.PrintPath(new FieldPath(field, k))));
            }
            else
            {
                names.Add(field.IsKeyed ? $"{field.Name}.{(field == FieldCatalog.ToolCalls ? "NAME" : "KEY")}" : field.Name);
            }
        }

        return new FieldAllowList(fields, keysInOrder, names);
    }

    /// <summary>One entry: <c>name</c>, <c>name.key</c> or <c>name["key"]</c> (the key quoted as in a query).</summary>
    private static (FieldDescriptor Field, string? Key) Entry(string? entry)
    {
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw Invalid("an entry is empty; write a field name, such as call_status or metadata.tier");
        }

        var end = text.IndexOfAny(['.', '[']);
        var head = end < 0 ? text : text[..end];
        var field = FieldCatalog.Find(head);
        if (field is null)
        {
            var suggestion = Suggestions.Nearest(head, FieldCatalog.AllNames);
            throw Invalid($"`{head}` is not a field" + (suggestion is null ? "" : $"; did you mean `{suggestion}`?"));
        }

        if (end < 0)
        {
            return (field, null);
        }

        if (!field.IsKeyed)
        {
            throw Invalid($"`{text}`: `{field.Name}` has no keys");
        }

        var key = text[end] == '.' ? text[(end + 1)..] : Quoted(text, text[(end + 1)..]);
        if (text[end] == '.' && (key.Length == 0 || key.AsSpan().IndexOfAny('.', '[', '"') >= 0))
        {
            throw Invalid(field == FieldCatalog.ToolCalls
                ? $"`{text}`: a tool call is allowed by its name, as tool_calls.lookup or tool_calls[\"a name\"]"
                : $"`{text}`: a key is one name; write {field.Name}[\"a.b\"] for a key that holds a dot");
        }

        return (field, key);
    }

    private static string Quoted(string entry, string bracketed)
    {
        if (bracketed.Length >= 3 && bracketed[^1] == ']' && bracketed[0] == '"')
        {
            try
            {
                using var json = JsonDocument.Parse(bracketed[..^1]);
                if (json.RootElement.ValueKind == JsonValueKind.String)
                {
                    return json.RootElement.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not a quoted string: refused below.
            }
        }

        throw Invalid($"`{entry}`: write a quoted key as name[\"key\"]");
    }

    private static ArgumentException Invalid(string message) =>
        new($"QueryPolicy.AllowedFields: {message}");
}
