using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>The rules of <see cref="PollingSettings"/>.</summary>
internal static class PollingSettingsValidator
{
    public static void Validate(PollingSettings polling, string path, ProblemCollector problems)
    {
        var initialOk = polling.InitialIntervalSeconds is not { } initial
            || ValidationRules.Range(problems, path + ".initialIntervalSeconds", initial, 1, 3600);
        var maxOk = polling.MaxIntervalSeconds is not { } max
            || ValidationRules.Range(problems, path + ".maxIntervalSeconds", max, 1, 3600);
        if (initialOk && maxOk && (polling.MaxIntervalSeconds ?? 60) < (polling.InitialIntervalSeconds ?? 10))
        {
            problems.Add(path + ".maxIntervalSeconds", ValidationCodes.OutOfRange, "must be at least initialIntervalSeconds (default 10)");
        }

        if (polling.BackoffCoefficient is { } backoff && !(backoff >= 1 && backoff <= 10))
        {
            problems.Add(path + ".backoffCoefficient", ValidationCodes.OutOfRange, "must be between 1 and 10");
        }
    }
}
