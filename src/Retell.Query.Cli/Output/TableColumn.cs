using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// A column of the call table. <see cref="Priority"/> orders which columns stay when the terminal is narrow (0 stays
/// longest). A <see cref="Numeric"/> column (times, durations, costs, phone numbers) is never cut: it is shown whole
/// or not at all, and a value wider than its column pushes the row out rather than being split. Other columns are cut
/// with an ellipsis; a <see cref="Shrinkable"/> one may be narrowed down to <see cref="MinWidth"/> to make room.
/// <see cref="Known"/> is the widest value known in advance (an enum's longest value), so that a value the first
/// calls did not show still fits.
/// </summary>
internal sealed record TableColumn(
    string Header,
    Func<Call, string?> Cell,
    int Priority,
    bool Numeric = false,
    bool RightAligned = false,
    bool Shrinkable = false,
    int MinWidth = 0,
    int MaxWidth = 40,
    int Known = 0);
