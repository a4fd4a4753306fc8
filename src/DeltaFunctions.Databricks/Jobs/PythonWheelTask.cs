namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A Python wheel task (<c>python_wheel_task</c>).</summary>
public sealed record PythonWheelTask
{
    /// <summary>Gets the name of the package to import.</summary>
    public required string PackageName { get; init; }

    /// <summary>Gets the entry point of the package.</summary>
    public required string EntryPoint { get; init; }

    /// <summary>Gets positional arguments; exclusive with <see cref="NamedParameters"/>.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    /// <summary>Gets named arguments (<c>--key=value</c>); exclusive with <see cref="Parameters"/>.</summary>
    public IReadOnlyDictionary<string, string>? NamedParameters { get; init; }
}
