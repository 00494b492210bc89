using System.Text.Json;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Support;

/// <summary>The data set the emulator-backed tests share: 1,500 generated calls with ties, absent fields and odd values.</summary>
internal static class SampleCalls
{
    public static readonly List<Call> Calls = [.. SampleData.Generate(1_500, 4242).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
}
