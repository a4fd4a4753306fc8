namespace DeltaFunctions.Emulator.Auth;

/// <summary>Marks endpoints as reachable without a token.</summary>
internal static class AnonymousAccessExtensions
{
    public static TBuilder AllowAnonymousAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(AnonymousAccess.Instance);
}
