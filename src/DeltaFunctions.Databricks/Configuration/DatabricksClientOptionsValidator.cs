using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// The data-annotation rules of <see cref="DatabricksClientOptions"/> (<c>[Range]</c>, <c>[Required]</c>), generated
/// at compile time; each message names the configuration key and environment variable to set.
/// </summary>
[OptionsValidator]
internal sealed partial class DatabricksClientOptionsValidator : IValidateOptions<DatabricksClientOptions>;
