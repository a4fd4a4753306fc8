using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Samples.Testing;

/// <summary>The code under test: what a user's application does with the client (here, a small report).</summary>
public sealed class TripReport(DatabricksClient client)
{
    /// <summary>The cities with the most kilometres, busiest first.</summary>
    public async Task<IReadOnlyList<CityTotal>> BusiestCitiesAsync(int top, CancellationToken cancellationToken = default)
    {
        var statement = new SqlStatement(
            "SELECT city, count(*) AS trips, sum(distance_km) AS total_km FROM main.demo.trips GROUP BY city ORDER BY total_km DESC LIMIT :top",
            [new StatementParameter { Name = "top", Value = top.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = "INT" }]);
        return await client.GetSqlClient().ReadAsync<CityTotal>(statement, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }
}

/// <summary>One row of the report (columns city, trips, total_km).</summary>
public sealed record CityTotal(string City, long Trips, decimal TotalKm);

/// <summary>A row of the trips table the tests seed.</summary>
public sealed record Trip(long TripId, string City, decimal DistanceKm);
