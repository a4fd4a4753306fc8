namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>A column of a table as Unity Catalog describes it.</summary>
/// <param name="Name">The logical column name.</param>
/// <param name="TypeText">The type in lower case as the catalog prints it, for example <c>bigint</c> or <c>decimal(10,2)</c>.</param>
/// <param name="TypeName">The type family: LONG, INT, DECIMAL, STRING, TIMESTAMP, TIMESTAMP_NTZ, ARRAY, MAP, STRUCT, ….</param>
/// <param name="TypeJson">The Spark StructField JSON of the column.</param>
/// <param name="Position">The zero-based position.</param>
/// <param name="Nullable">Whether the column accepts NULL.</param>
/// <param name="Comment">The column comment, if any.</param>
/// <param name="PartitionIndex">The index among the partition columns, or <see langword="null"/>.</param>
/// <param name="Precision">The decimal precision, or <see langword="null"/>.</param>
/// <param name="Scale">The decimal scale, or <see langword="null"/>.</param>
public sealed record ColumnEntry(
    string Name,
    string TypeText,
    string TypeName,
    string TypeJson,
    int Position,
    bool Nullable,
    string? Comment,
    int? PartitionIndex,
    int? Precision,
    int? Scale);
