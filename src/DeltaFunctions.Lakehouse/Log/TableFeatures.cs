namespace DeltaFunctions.Lakehouse.Log;

/// <summary>The protocol versions and table features this engine reads and writes (PROTOCOL.md, "Table Features").</summary>
internal static class TableFeatures
{
    /// <summary>The highest reader version understood.</summary>
    public const int MaxReaderVersion = 3;

    /// <summary>The highest writer version understood.</summary>
    public const int MaxWriterVersion = 7;

    /// <summary>Reader features the scan honours.</summary>
    public static IReadOnlySet<string> SupportedReaderFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "columnMapping", "deletionVectors", "timestampNtz", "typeWidening", "typeWidening-preview", "v2Checkpoint",
        "vacuumProtocolCheck",
    };

    /// <summary>Writer features the transaction and data writer honour.</summary>
    public static IReadOnlySet<string> SupportedWriterFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "appendOnly", "invariants", "columnMapping", "deletionVectors", "timestampNtz", "typeWidening",
        "typeWidening-preview", "domainMetadata", "vacuumProtocolCheck", "inCommitTimestamp", "clustering",
    };

    /// <summary>Throws unless this engine can read a table with the given protocol.</summary>
    /// <exception cref="LakehouseException"><c>DELTA_INVALID_PROTOCOL_VERSION</c> or <c>DELTA_UNSUPPORTED_FEATURES_FOR_READ</c>.</exception>
    public static void EnsureReadable(ProtocolAction protocol)
    {
        if (protocol.MinReaderVersion is < 1 or > MaxReaderVersion)
        {
            throw DeltaErrors.InvalidProtocolVersion(protocol.MinReaderVersion, protocol.MinWriterVersion);
        }

        if (protocol.MinReaderVersion == 3)
        {
            var unsupported = (protocol.ReaderFeatures ?? []).Where(f => !SupportedReaderFeatures.Contains(f)).ToList();
            if (unsupported.Count > 0)
            {
                throw DeltaErrors.UnsupportedFeaturesForRead(unsupported);
            }
        }
    }

    /// <summary>Throws unless this engine can write a table with the given protocol.</summary>
    /// <exception cref="LakehouseException"><c>DELTA_INVALID_PROTOCOL_VERSION</c> or <c>DELTA_UNSUPPORTED_FEATURES_FOR_WRITE</c>.</exception>
    public static void EnsureWritable(ProtocolAction protocol, MetadataAction metadata)
    {
        EnsureReadable(protocol);
        if (protocol.MinWriterVersion is < 1 or > MaxWriterVersion)
        {
            throw DeltaErrors.InvalidProtocolVersion(protocol.MinReaderVersion, protocol.MinWriterVersion);
        }

        var unsupported = new List<string>();
        if (protocol.MinWriterVersion == 7)
        {
            unsupported.AddRange((protocol.WriterFeatures ?? []).Where(f => !SupportedWriterFeatures.Contains(f)));
        }
        else if (protocol.MinWriterVersion >= 4
            && string.Equals(metadata.GetConfiguration("delta.enableChangeDataFeed"), "true", StringComparison.OrdinalIgnoreCase))
        {
            unsupported.Add("changeDataFeed");
        }

        if (unsupported.Count > 0)
        {
            throw DeltaErrors.UnsupportedFeaturesForWrite(unsupported);
        }
    }

    /// <summary>
    /// Computes the protocol a new table needs: (1, 2) for plain tables, (2, 5) for column mapping, and
    /// table features (3, 7) when the schema holds TIMESTAMP_NTZ or the properties enable deletion vectors or
    /// type widening.
    /// </summary>
    /// <param name="schema">The table schema.</param>
    /// <param name="configuration">The table properties.</param>
    /// <returns>The protocol action to commit.</returns>
    public static ProtocolAction ForNewTable(StructType schema, IReadOnlyDictionary<string, string>? configuration)
    {
        ArgumentNullException.ThrowIfNull(schema);
        bool IsOn(string key) => configuration is not null
            && configuration.Any(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)
                && string.Equals(kv.Value, "true", StringComparison.OrdinalIgnoreCase));

        var reader = new List<string>();
        var writer = new List<string>();
        if (ContainsType(schema, PrimitiveType.TimestampNtz))
        {
            reader.Add("timestampNtz");
            writer.Add("timestampNtz");
        }

        if (IsOn("delta.enableTypeWidening"))
        {
            reader.Add("typeWidening");
            writer.Add("typeWidening");
        }

        if (IsOn("delta.enableDeletionVectors"))
        {
            reader.Add("deletionVectors");
            writer.Add("deletionVectors");
        }

        var mapping = configuration?.FirstOrDefault(kv => string.Equals(kv.Key, "delta.columnMapping.mode", StringComparison.OrdinalIgnoreCase)).Value;
        var columnMapping = mapping is not null && !string.Equals(mapping, "none", StringComparison.OrdinalIgnoreCase);
        if (IsOn("delta.enableInCommitTimestamps"))
        {
            writer.Add("inCommitTimestamp");
        }

        if (reader.Count == 0 && writer.Count == 0)
        {
            return columnMapping ? new ProtocolAction(2, 5) : new ProtocolAction(1, 2);
        }

        if (columnMapping)
        {
            reader.Add("columnMapping");
            writer.Add("columnMapping");
        }

        writer.InsertRange(0, ["appendOnly", "invariants"]);
        return new ProtocolAction(3, 7, reader, writer);
    }

    /// <summary>Returns a protocol that also carries the features a changed table needs (never downgrades).</summary>
    public static ProtocolAction Upgrade(ProtocolAction current, StructType schema, IReadOnlyDictionary<string, string> configuration)
    {
        var required = ForNewTable(schema, configuration);
        if (required.MinReaderVersion <= current.MinReaderVersion && required.MinWriterVersion <= current.MinWriterVersion
            && (required.ReaderFeatures ?? []).All(f => (current.ReaderFeatures ?? []).Contains(f))
            && (required.WriterFeatures ?? []).All(f => (current.WriterFeatures ?? []).Contains(f)))
        {
            return current;
        }

        var reader = new List<string>(current.ReaderFeatures ?? []);
        var writer = new List<string>(current.WriterFeatures ?? []);
        if (current.MinWriterVersion < 7)
        {
            writer.AddRange(["appendOnly", "invariants"]);
            if (current.MinWriterVersion >= 5 || current.MinReaderVersion >= 2)
            {
                writer.Add("columnMapping");
                reader.Add("columnMapping");
            }
        }

        reader.AddRange(required.ReaderFeatures ?? []);
        writer.AddRange(required.WriterFeatures ?? []);
        if (required.MinReaderVersion == 2)
        {
            reader.Add("columnMapping");
            writer.Add("columnMapping");
        }

        return new ProtocolAction(3, 7, [.. reader.Distinct(StringComparer.Ordinal)], [.. writer.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Returns a protocol that also lists <paramref name="features"/> as writer features (writer version 7), keeping
    /// the reader version: a legacy writer version's implied features (appendOnly and invariants; columnMapping from 5)
    /// are listed explicitly, as PROTOCOL.md requires when moving to table features.
    /// </summary>
    public static ProtocolAction AddWriterFeatures(ProtocolAction current, params string[] features)
    {
        ArgumentNullException.ThrowIfNull(current);
        var writer = new List<string>(current.WriterFeatures ?? []);
        if (current.MinWriterVersion < 7)
        {
            writer.AddRange(["appendOnly", "invariants"]);
            if (current.MinWriterVersion >= 5)
            {
                writer.Add("columnMapping");
            }
        }

        writer.AddRange(features);
        return current with { MinWriterVersion = 7, WriterFeatures = [.. writer.Distinct(StringComparer.Ordinal)] };
    }

    private static bool ContainsType(DeltaType type, DeltaType target) => type switch
    {
        StructType s => s.Fields.Any(f => ContainsType(f.Type, target)),
        ArrayType a => ContainsType(a.ElementType, target),
        MapType m => ContainsType(m.KeyType, target) || ContainsType(m.ValueType, target),
        _ => type.Equals(target),
    };
}
