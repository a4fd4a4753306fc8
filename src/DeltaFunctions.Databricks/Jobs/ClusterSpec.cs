using System.Globalization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The spec of a cluster created for a run (<c>new_cluster</c>, <c>job_clusters[].new_cluster</c>). Start from
/// <see cref="Fixed"/>, <see cref="Autoscaling"/> or a preset of <see cref="ClusterPresets"/> and refine with the
/// <c>With…</c> helpers, each returning a new instance. The builders call <see cref="Validate"/> before any request.
/// </summary>
public sealed record ClusterSpec
{
    /// <summary>Gets the Databricks Runtime version, for example <c>15.4.x-scala2.12</c>.</summary>
    public string? SparkVersion { get; init; }

    /// <summary>Gets the worker node type, for example <c>Standard_D4ds_v5</c>.</summary>
    public string? NodeTypeId { get; init; }

    /// <summary>Gets the driver node type; the worker type when absent.</summary>
    public string? DriverNodeTypeId { get; init; }

    /// <summary>Gets the fixed number of workers; exclusive with <see cref="Autoscale"/>.</summary>
    public int? NumWorkers { get; init; }

    /// <summary>Gets the autoscaling range; exclusive with <see cref="NumWorkers"/>.</summary>
    public AutoScale? Autoscale { get; init; }

    /// <summary>Gets Spark configuration entries.</summary>
    public IReadOnlyDictionary<string, string>? SparkConf { get; init; }

    /// <summary>Gets environment variables of the driver and workers.</summary>
    public IReadOnlyDictionary<string, string>? SparkEnvVars { get; init; }

    /// <summary>Gets tags added to the cluster's cloud resources.</summary>
    public IReadOnlyDictionary<string, string>? CustomTags { get; init; }

    /// <summary>Gets how Azure nodes are bought.</summary>
    public AzureAttributes? AzureAttributes { get; init; }

    /// <summary>Gets the access mode.</summary>
    public DataSecurityMode? DataSecurityMode { get; init; }

    /// <summary>Gets the user of a single-user cluster.</summary>
    public string? SingleUserName { get; init; }

    /// <summary>Gets the Spark engine (standard or Photon).</summary>
    public RuntimeEngine? RuntimeEngine { get; init; }

    /// <summary>Gets the instance pool the workers come from; replaces <see cref="NodeTypeId"/>.</summary>
    public string? InstancePoolId { get; init; }

    /// <summary>Gets the instance pool of the driver.</summary>
    public string? DriverInstancePoolId { get; init; }

    /// <summary>Gets the cluster policy.</summary>
    public string? PolicyId { get; init; }

    /// <summary>Gets whether the policy's defaults fill absent fields.</summary>
    public bool? ApplyPolicyDefaultValues { get; init; }

    /// <summary>Gets whether local storage grows on demand.</summary>
    public bool? EnableElasticDisk { get; init; }

    /// <summary>Creates a fixed-size cluster.</summary>
    /// <param name="sparkVersion">The runtime version, for example <c>15.4.x-scala2.12</c>.</param>
    /// <param name="nodeTypeId">The node type, for example <c>Standard_D4ds_v5</c>.</param>
    /// <param name="numWorkers">The number of workers (0 for a driver-only cluster).</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">An argument is empty or negative.</exception>
    public static ClusterSpec Fixed(string sparkVersion, string nodeTypeId, int numWorkers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sparkVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeTypeId);
        ArgumentOutOfRangeException.ThrowIfNegative(numWorkers);
        return new ClusterSpec { SparkVersion = sparkVersion, NodeTypeId = nodeTypeId, NumWorkers = numWorkers };
    }

    /// <summary>Creates an autoscaling cluster.</summary>
    /// <param name="sparkVersion">The runtime version.</param>
    /// <param name="nodeTypeId">The node type.</param>
    /// <param name="minWorkers">The fewest workers (0 or more).</param>
    /// <param name="maxWorkers">The most workers; must exceed <paramref name="minWorkers"/>.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">An argument is empty, negative, or the range is empty.</exception>
    public static ClusterSpec Autoscaling(string sparkVersion, string nodeTypeId, int minWorkers, int maxWorkers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sparkVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeTypeId);
        ValidateRange(minWorkers, maxWorkers);
        return new ClusterSpec
        {
            SparkVersion = sparkVersion,
            NodeTypeId = nodeTypeId,
            Autoscale = new AutoScale { MinWorkers = minWorkers, MaxWorkers = maxWorkers },
        };
    }

    /// <summary>Returns a copy with a fixed number of workers instead of autoscaling.</summary>
    /// <param name="numWorkers">The number of workers.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithWorkers(int numWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numWorkers);
        return this with { NumWorkers = numWorkers, Autoscale = null };
    }

    /// <summary>Returns a copy that autoscales between the given bounds instead of a fixed size.</summary>
    /// <param name="minWorkers">The fewest workers.</param>
    /// <param name="maxWorkers">The most workers; must exceed <paramref name="minWorkers"/>.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithAutoscale(int minWorkers, int maxWorkers)
    {
        ValidateRange(minWorkers, maxWorkers);
        return this with { NumWorkers = null, Autoscale = new AutoScale { MinWorkers = minWorkers, MaxWorkers = maxWorkers } };
    }

    /// <summary>Returns a copy with a Spark configuration entry set.</summary>
    /// <param name="key">The key, for example <c>spark.sql.shuffle.partitions</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithSparkConf(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return this with { SparkConf = Set(SparkConf, key, value) };
    }

    /// <summary>Returns a copy with an environment variable set.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value. Never pass a secret here; use <see cref="WithSecretEnvironmentVariable"/>.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithEnvironmentVariable(string name, string value)
    {
        ValidateEnvName(name);
        ArgumentNullException.ThrowIfNull(value);
        return this with { SparkEnvVars = Set(SparkEnvVars, name, value) };
    }

    /// <summary>
    /// Returns a copy with an environment variable that Databricks fills from a secret at cluster start
    /// (<c>{{secrets/scope/key}}</c>), so the secret never appears in the job definition.
    /// </summary>
    /// <param name="name">The variable name.</param>
    /// <param name="scope">The secret scope.</param>
    /// <param name="key">The secret key.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithSecretEnvironmentVariable(string name, string scope, string key)
    {
        ValidateEnvName(name);
        ValidateSecretPart(scope, nameof(scope));
        ValidateSecretPart(key, nameof(key));
        return this with { SparkEnvVars = Set(SparkEnvVars, name, $"{{{{secrets/{scope}/{key}}}}}") };
    }

    /// <summary>Returns a copy with a custom tag set.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The tag value.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return this with { CustomTags = Set(CustomTags, key, value) };
    }

    /// <summary>Returns a copy buying every Azure node on demand.</summary>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithOnDemandInstances() =>
        this with { AzureAttributes = new AzureAttributes { Availability = AzureAvailability.OnDemandAzure } };

    /// <summary>Returns a copy buying Azure spot nodes after the first <paramref name="firstOnDemand"/> on-demand ones.</summary>
    /// <param name="firstOnDemand">How many nodes, the driver first, stay on demand; 1 keeps the driver safe from eviction.</param>
    /// <param name="fallbackToOnDemand">Whether on-demand nodes replace spot nodes that cannot be bought or are evicted.</param>
    /// <param name="maxPrice">The highest spot price; -1 means up to the on-demand price.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithSpotInstances(int firstOnDemand = 1, bool fallbackToOnDemand = true, double maxPrice = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstOnDemand);
        if (maxPrice is < 0 and not -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPrice), maxPrice, "The spot price must be -1 (on-demand price) or positive.");
        }

        return this with
        {
            AzureAttributes = new AzureAttributes
            {
                Availability = fallbackToOnDemand ? AzureAvailability.SpotWithFallbackAzure : AzureAvailability.SpotAzure,
                FirstOnDemand = firstOnDemand,
                SpotBidMaxPrice = maxPrice,
            },
        };
    }

    /// <summary>Returns a copy with the access mode set.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="singleUserName">The user of a single-user (dedicated) cluster.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithDataSecurityMode(DataSecurityMode mode, string? singleUserName = null) =>
        this with { DataSecurityMode = mode, SingleUserName = singleUserName };

    /// <summary>Returns a copy with the Spark engine set.</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithRuntimeEngine(RuntimeEngine engine) => this with { RuntimeEngine = engine };

    /// <summary>Returns a copy with a different driver node type.</summary>
    /// <param name="nodeTypeId">The driver node type.</param>
    /// <returns>The new spec.</returns>
    public ClusterSpec WithDriverNodeType(string nodeTypeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeTypeId);
        return this with { DriverNodeTypeId = nodeTypeId };
    }

    /// <summary>
    /// Checks the rules Databricks enforces on a cluster spec: a runtime version, a node type or instance pool,
    /// exactly one of a fixed size or an autoscale range with max above min, and sane Azure attributes.
    /// </summary>
    /// <param name="parameterName">The name reported in the exception.</param>
    /// <exception cref="ArgumentException">The spec is invalid; the message says which field.</exception>
    public void Validate(string parameterName = "cluster")
    {
        if (string.IsNullOrWhiteSpace(SparkVersion))
        {
            throw new ArgumentException("The cluster spec needs spark_version (for example '15.4.x-scala2.12').", parameterName);
        }

        if (string.IsNullOrWhiteSpace(NodeTypeId) && string.IsNullOrWhiteSpace(InstancePoolId) && string.IsNullOrWhiteSpace(PolicyId))
        {
            throw new ArgumentException("The cluster spec needs node_type_id, instance_pool_id or a policy_id that sets one.", parameterName);
        }

        if (NumWorkers is not null && Autoscale is not null)
        {
            throw new ArgumentException("The cluster spec sets both num_workers and autoscale; choose a fixed size or a range.", parameterName);
        }

        if (NumWorkers is null && Autoscale is null)
        {
            throw new ArgumentException("The cluster spec needs num_workers or autoscale.", parameterName);
        }

        if (NumWorkers is < 0)
        {
            throw new ArgumentException($"num_workers must be 0 or more, got {NumWorkers}.", parameterName);
        }

        if (Autoscale is { } range)
        {
            try
            {
                ValidateRange(range.MinWorkers, range.MaxWorkers);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(e.Message, parameterName, e);
            }
        }

        if (AzureAttributes is { FirstOnDemand: < 0 })
        {
            throw new ArgumentException("azure_attributes.first_on_demand must be 0 or more.", parameterName);
        }
    }

    private static void ValidateRange(int minWorkers, int maxWorkers)
    {
        if (minWorkers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minWorkers), minWorkers, "autoscale.min_workers must be 0 or more.");
        }

        // The reference (§3.2) and the Databricks docs require max_workers strictly above min_workers; an equal
        // range is a fixed size, so we refuse it with a hint instead of letting the service reject it.
        if (maxWorkers <= minWorkers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxWorkers),
                maxWorkers,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"autoscale.max_workers ({maxWorkers}) must be greater than min_workers ({minWorkers}); use a fixed size for equal bounds."));
        }
    }

    private static void ValidateEnvName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
        {
            throw new ArgumentException($"'{name}' is not a valid environment variable name (letters, digits, '_', not starting with a digit).", nameof(name));
        }
    }

    private static void ValidateSecretPart(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"Secret {name} '{value}' may hold only letters, digits, '_', '-' and '.'.", name);
        }
    }

    private static Dictionary<string, string> Set(IReadOnlyDictionary<string, string>? source, string key, string value)
    {
        var copy = source is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(source, StringComparer.Ordinal);
        copy[key] = value;
        return copy;
    }
}
