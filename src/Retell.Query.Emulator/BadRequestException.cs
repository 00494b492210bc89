namespace Retell.Query.Emulator;

/// <summary>A request the emulator rejects with 400; the message goes to the client in the spec's error shape.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
