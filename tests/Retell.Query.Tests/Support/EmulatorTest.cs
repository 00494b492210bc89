using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Support;

/// <summary>A test class with its own emulator over <see cref="SampleCalls"/> and a client of it, for the class's lifetime.</summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    private readonly List<RetellClient> _clients = [];

    internal static List<Call> Calls => SampleCalls.Calls;

    internal RetellEmulator Emulator { get; private set; } = null!;

    internal RetellClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await RetellEmulator.StartAsync(Calls);
        Client = NewClient();
    }

    public async Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Emulator.DisposeAsync();
    }

    /// <summary>The client <see cref="Client"/> is; override for other settings.</summary>
    internal virtual RetellClient NewClient() => Track(EmulatorFixture.ClientFor(Emulator));

    /// <summary>Disposes <paramref name="client"/> with the class.</summary>
    internal RetellClient Track(RetellClient client)
    {
        _clients.Add(client);
        return client;
    }
}
