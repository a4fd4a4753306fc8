namespace DeltaFunctions.Emulator;

/// <summary>One SQL warehouse of the emulator beside the default one (<see cref="EmulatorOptions.Warehouses"/>).</summary>
public sealed record EmulatorWarehouse
{
    /// <summary>Gets the warehouse id statements name in <c>warehouse_id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets which result shapes the warehouse accepts.</summary>
    /// <value><see cref="EmulatorWarehouseProfile.Classic"/>.</value>
    public EmulatorWarehouseProfile Profile { get; init; } = EmulatorWarehouseProfile.Classic;

    /// <summary>
    /// Gets a value indicating whether the warehouse accepts the hybrid <c>INLINE_OR_EXTERNAL_LINKS</c> disposition
    /// (with <c>ARROW_STREAM</c>): results up to <see cref="EmulatorOptions.InlineResultByteLimit"/> come back in
    /// <c>result.attachment</c>, larger ones as external links (a serverless profile, which has no external links,
    /// fails larger ones like INLINE does). Databricks enables it for some clients only; when off it is refused with
    /// HTTP 400 <c>INVALID_PARAMETER_VALUE</c>.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool OffersInlineOrExternalLinks { get; init; }
}
