using Retell.Query.Ast;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>One part of a path after the field name: <c>.tier</c> or <c>["key with spaces"]</c>.</summary>
internal readonly record struct RawSegment(string Text, TextSpan Span, bool Quoted);

/// <summary>A literal as written, before the field it is compared with decides what it means.</summary>
/// <param name="Value">The literal, for every kind but bare words.</param>
/// <param name="Word">A bare word (an enum value, or a mistake), when <paramref name="Value"/> is null.</param>
/// <param name="Span">Where it was written.</param>
internal sealed record RawLiteral(Literal? Value, string? Word, TextSpan Span);

/// <summary>A field path with the span it was written in, for error messages about what follows it.</summary>
internal readonly record struct BoundPath(FieldPath Path, TextSpan Span);
