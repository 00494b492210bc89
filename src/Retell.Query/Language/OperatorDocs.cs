using Retell.Query.Fields;

namespace Retell.Query.Language;

/// <summary>One line about each operator, for the suggestions that insert it.</summary>
internal static class OperatorDocs
{
    public static string Describe(QueryOperator op) => op switch
    {
        QueryOperator.Equal => "equal to",
        QueryOperator.NotEqual => "not equal to (true when the field is absent)",
        QueryOperator.GreaterThan => "greater than",
        QueryOperator.GreaterThanOrEqual => "greater than or equal to",
        QueryOperator.LessThan => "less than",
        QueryOperator.LessThanOrEqual => "less than or equal to",
        QueryOperator.Between => "between two values, both included: between A and B",
        QueryOperator.In => "one of a list of values: in (a, b)",
        QueryOperator.NotIn => "none of a list of values: not in (a, b)",
        QueryOperator.Contains => "contains the text (ordinal, case-sensitive)",
        QueryOperator.StartsWith => "starts with the text (ordinal, case-sensitive)",
        QueryOperator.EndsWith => "ends with the text (ordinal, case-sensitive)",
        QueryOperator.Exists => "the call has the field",
        QueryOperator.NotExists => "the call does not have the field",
        _ => op.ToString(),
    };
}
