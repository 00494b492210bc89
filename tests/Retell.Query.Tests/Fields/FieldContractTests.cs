using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli.Output;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Fields;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Fields;

/// <summary>
/// Adding a field is one catalog row and one <see cref="Call"/> member (CONTRIBUTING.md). Everything else a field needs
/// is checked here, from the catalog, and a failure names the file to change: the member's shape (and that the
/// evaluator can compile every operator on it), the CSV and Parquet column, sample values, a writer example, the
/// request schema. The emulator's semantics rows are checked in the emulator's tests (SemanticsContractTests).
/// </summary>
public class FieldContractTests
{
    private static readonly Lazy<List<JsonObject>> Sample = new(() => [.. SampleData.Bundled()]);
    private static readonly Lazy<List<Call>> SampleCalls = new(() => [.. Sample.Value.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)]);

    public static TheoryData<string> Fields() => [.. FieldCatalog.Fields.Select(f => f.Name)];

    public static TheoryData<string> ResponseFields() => [.. FieldCatalog.Fields.Where(f => !f.IsServerOnly).Select(f => f.Name)];

    private static FieldDescriptor Field(string name) => FieldCatalog.Find(name)!;

    [Theory]
    [MemberData(nameof(ResponseFields))]
    public void Call_has_a_member_of_the_fields_shape(string name)
    {
        var field = Field(name);
        var member = CallMembers.PascalCase(field.Name);
        var property = typeof(Call).GetProperty(member, BindingFlags.Public | BindingFlags.Instance);
        var expected = ExpectedType(field);
        Assert.True(property is not null && Fits(field, property.PropertyType),
            $"src/Retell.Query/Model/Call.cs: the catalog field `{field.Name}` needs `public {expected} {member} {{ get; set; }}` " +
            $"(found {(property is null ? "no such property" : property.PropertyType.Name)})" +
            (field.Kind == ValueKind.Enum
                ? "; an enum is a string-backed struct in src/Retell.Query/Model (CallStatus.cs; AgentTag.cs for values of the user's own), never a plain string, which the evaluator cannot build"
                : ""));

        // The nested chain (call_analysis.user_sentiment → CallAnalysis.UserSentiment) resolves member by member.
        var type = typeof(Call);
        foreach (var step in field.ResponsePath)
        {
            var next = type.GetProperty(CallMembers.PascalCase(step), BindingFlags.Public | BindingFlags.Instance);
            Assert.True(next is not null,
                $"src/Retell.Query/Model: `{field.Name}` is read at {string.Join('.', field.ResponsePath)}, but {type.Name} has no property {CallMembers.PascalCase(step)}");
            type = Nullable.GetUnderlyingType(next.PropertyType) ?? next.PropertyType;
        }

        Assert.Same(field, CallMembers.FieldOf(CallMembers.Flat(field)!));
    }

    [Theory]
    [MemberData(nameof(ResponseFields))]
    public void The_evaluator_compiles_and_runs_every_operator_of_the_field(string name)
    {
        var field = Field(name);
        foreach (var text in Conditions(field))
        {
            try
            {
                var predicate = QueryEvaluator.Compile(QueryParser.Parse(text));
                _ = SampleCalls.Value.Count(predicate);
            }
            catch (Exception e)
            {
                Assert.Fail($"src/Retell.Query/Model/Call.cs: `{text}` cannot be checked on the client ({e.GetType().Name}: {e.Message}); " +
                            $"give `{field.Name}` a member the evaluator reads (see {nameof(Call_has_a_member_of_the_fields_shape)})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ResponseFields))]
    public void CSV_and_Parquet_have_a_column_for_the_field(string name)
    {
        var field = Field(name);
        Assert.True(CallColumns.All.Any(c => c.Name == field.Name),
            $"src/Retell.Query.Cli/Output/CallColumns.cs: no CSV or Parquet column for `{field.Name}` (a scalar field's column comes from " +
            "Call's flat property of its name when its type fits the field's kind; a keyed field's is its JSON)");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void The_sample_calls_hold_values_of_the_field(string name)
    {
        var field = Field(name);
        string[] path = field.IsServerOnly ? [field.WireName] : [.. field.ResponsePath];
        Assert.True(Sample.Value.Any(c => Follow(c, path) is not null),
            $"src/Retell.Query.Emulator/SampleCallGenerator.cs: no sample call has a value of `{field.Name}` (at {string.Join('.', path)}); " +
            "give the generator one (drawn from no random number, so the calls' other values stay as they are), then regenerate " +
            "src/Retell.Query.Emulator/Resources/sample-calls.json (RETELL_REGENERATE_SAMPLE=1 dotnet test tests/Retell.Query.Emulator.Tests)");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_writer_example_sends_each_filter_the_field_takes(string name)
    {
        var field = Field(name);
        var written = CaseFile.Read("writer-cases.txt")
            .Select(row => JsonNode.Parse((string)row[2])!.AsObject())
            .SelectMany(filter => filter.Select(p => (p.Key, Value: p.Value)))
            .Where(p => p.Key == field.WireName)
            .SelectMany(p => p.Value is JsonArray entries ? entries.Select(e => (string?)e?["type"]) : [(string?)p.Value?["type"]])
            .ToList();
        foreach (var type in FilterTypes(field))
        {
            Assert.True(type is null ? written.Count > 0 : written.Contains(type),
                $"tests/Retell.Query.Tests/Cases/writer-cases.txt: no case writes `{field.WireName}`{(type is null ? "" : $" as {(type is "enum" ? "an" : "a")} {type} filter")}; " +
                "add a line `query ⇶ the filter_criteria it compiles to`");
        }
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void The_request_schema_has_the_field(string name)
    {
        var field = Field(name);
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "list-calls-request.schema.json")));
        var properties = schema.RootElement.GetProperty("$defs").GetProperty("CallFilter").GetProperty("properties");
        Assert.True(properties.TryGetProperty(field.WireName, out _),
            $"tests/Retell.Query.Tests/Schemas/list-calls-request.schema.json: CallFilter has no property `{field.WireName}`; copy it from the API's schema");
    }

    /// <summary>The filter types a field's wire property takes, as the catalog says (null: the property's own shape).</summary>
    internal static IEnumerable<string?> FilterTypes(FieldDescriptor field) => field.Shape switch
    {
        FieldShape.Agent or FieldShape.ToolCall => [null],
        FieldShape.Keyed => ["string", "number", "boolean", "range", "enum", "present"],
        _ => field.Kind switch
        {
            ValueKind.String => field.TakesEnumFilter ? ["string", "enum"] : ["string"],
            ValueKind.Enum => ["enum"],
            ValueKind.Boolean => ["boolean"],
            _ => ["number", "range"],
        },
    };

    /// <summary>One condition per operator the field takes, as text.</summary>
    private static IEnumerable<string> Conditions(FieldDescriptor field)
    {
        var path = field.Shape == FieldShape.Keyed ? field.Name + ".k" : field.Name;
        var value = field.Kind switch
        {
            ValueKind.String or ValueKind.Any => "\"x\"",
            ValueKind.Enum => field.AnyEnumValue ? "prod" : field.EnumValues[0],
            ValueKind.Boolean => "true",
            ValueKind.Timestamp => "2026-01-01",
            _ => "5",
        };
        var ordered = field.Kind == ValueKind.Any ? "5" : value;
        foreach (var op in Enum.GetValues<QueryOperator>().Where(o => o != QueryOperator.None && field.Operators.HasFlag(o)))
        {
            yield return op switch
            {
                QueryOperator.Equal => $"{path} = {value}",
                QueryOperator.NotEqual => $"{path} != {value}",
                QueryOperator.GreaterThan => $"{path} > {ordered}",
                QueryOperator.GreaterThanOrEqual => $"{path} >= {ordered}",
                QueryOperator.LessThan => $"{path} < {ordered}",
                QueryOperator.LessThanOrEqual => $"{path} <= {ordered}",
                QueryOperator.Contains => $"{path} contains \"x\"",
                QueryOperator.StartsWith => $"{path} startswith \"x\"",
                QueryOperator.EndsWith => $"{path} endswith \"x\"",
                QueryOperator.In => $"{path} in ({value}, {value})",
                QueryOperator.NotIn => $"{path} not in ({value})",
                QueryOperator.Between => $"{path} between {ordered} and {ordered}",
                QueryOperator.Exists => $"{path} exists",
                _ => $"{path} not exists",
            };
        }
    }

    private static string ExpectedType(FieldDescriptor field) => field.Shape == FieldShape.Keyed
        ? nameof(CustomValues)
        : field.Kind switch
        {
            ValueKind.String => field.AlwaysPresent ? "string" : "string?",
            ValueKind.Enum => $"{CallMembers.PascalCase(field.Name)}{(field.AlwaysPresent ? "" : "?")} (a string-backed struct)",
            ValueKind.Boolean => "bool?",
            ValueKind.Timestamp => "DateTimeOffset?",
            _ => field.IsInteger ? "long?" : "double?",
        };

    private static bool Fits(FieldDescriptor field, Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = !type.IsValueType || plain != type;
        if (field.Shape == FieldShape.Keyed)
        {
            return type == typeof(CustomValues);
        }

        return field.Kind switch
        {
            ValueKind.String => type == typeof(string),
            ValueKind.Enum => plain.IsValueType && plain.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWireEnum<>)) &&
                              (nullable || field.AlwaysPresent),
            ValueKind.Boolean => plain == typeof(bool) && nullable,
            ValueKind.Timestamp => plain == typeof(DateTimeOffset) && nullable,
            _ => (field.IsInteger ? plain == typeof(long) || plain == typeof(int) : plain == typeof(double)) && (nullable || field.AlwaysPresent),
        };
    }

    private static JsonNode? Follow(JsonObject call, IEnumerable<string> path)
    {
        JsonNode? current = call;
        foreach (var step in path)
        {
            current = current is JsonObject o ? o[step] : null;
        }

        return current is JsonValue v && v.GetValueKind() == JsonValueKind.Null ? null : current;
    }
}
