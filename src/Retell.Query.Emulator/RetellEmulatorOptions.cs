namespace Retell.Query.Emulator;

/// <summary>How to run a <see cref="RetellEmulator"/>.</summary>
public sealed class RetellEmulatorOptions
{
    /// <summary>The API key clients must send as <c>Authorization: Bearer KEY</c>; random when null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }
}
