using System.Text;

namespace DeltaFunctions.Databricks.Tests.Simulation;

/// <summary>
/// Where this test assembly's cassettes go: one folder per test run, so the secret scan can read every cassette the
/// suite wrote, and a scan that counts literal occurrences of each secret (plain, URL-escaped and base64).
/// </summary>
internal static class CassetteFiles
{
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "deltafunctions-cassettes-" + Guid.NewGuid().ToString("N")[..12]);

    public static string NewPath(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8] + ".json");

    /// <summary>Every place a secret occurs in the cassettes under <paramref name="folder"/>, as "file: form".</summary>
    public static IReadOnlyList<string> FindSecrets(string folder, IEnumerable<string> secrets)
    {
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var secret in secrets)
            {
                foreach (var form in new[] { secret, Uri.EscapeDataString(secret), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
                {
                    if (text.Contains(form, StringComparison.Ordinal))
                    {
                        hits.Add($"{Path.GetFileName(file)}: {form}");
                    }
                }
            }
        }

        return hits;
    }
}
