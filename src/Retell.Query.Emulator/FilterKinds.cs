namespace Retell.Query.Emulator;

/// <summary>The filter object types of the spec (<c>type</c> property), as a set a field accepts.</summary>
[Flags]
internal enum FilterKinds
{
    None = 0,
    String = 1 << 0,
    Number = 1 << 1,
    Range = 1 << 2,
    Boolean = 1 << 3,
    Enum = 1 << 4,
    Present = 1 << 5,

    /// <summary>What number and timestamp fields take: <c>NumberFilter</c> or <c>RangeFilter</c>.</summary>
    Numeric = Number | Range,

    /// <summary>What a <c>ValueFilter</c> (custom fields) takes.</summary>
    Any = String | Number | Range | Boolean | Enum | Present,
}
