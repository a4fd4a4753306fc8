namespace DeltaFunctions.Databricks.Schema;

/// <summary>A schema evolution was refused because the source cannot be reconciled with the table.</summary>
public sealed class SchemaIncompatibleException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SchemaIncompatibleException()
        : this("The schemas are incompatible.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SchemaIncompatibleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaIncompatibleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a report.</summary>
    /// <param name="report">The report with incompatibilities.</param>
    public SchemaIncompatibleException(SchemaCompatibilityReport report)
        : base("The schemas are incompatible: " + string.Join("; ", (report ?? throw new ArgumentNullException(nameof(report))).Incompatibilities.Select(i => i.Message)))
    {
        Report = report;
    }

    /// <summary>Gets the report, when created from one.</summary>
    public SchemaCompatibilityReport? Report { get; }
}
