namespace DeltaFunctions.Databricks;

/// <summary>The state of the client's circuit breaker, as exported by <c>databricks_circuit_breaker_state</c>.</summary>
public enum DatabricksCircuitState
{
    /// <summary>Requests flow (gauge value 0).</summary>
    Closed = 0,

    /// <summary>Too many recent failures: requests fail fast until the break ends (gauge value 1).</summary>
    Open = 1,

    /// <summary>The break ended: the next request is a trial that closes or reopens the circuit (gauge value 2).</summary>
    HalfOpen = 2,

    /// <summary>Held open by hand (gauge value 3).</summary>
    Isolated = 3,
}
