using System.Text.Json;

namespace Crossover.Testing;

/// <summary>A temporary folder with a ticket dataset and an experiment file pointing at a scripted server.</summary>
public sealed class Workspace : IDisposable
{
    public static readonly string[] Labels = ["billing", "bug", "account", "other"];

    public Workspace()
    {
        Folder = Path.Combine(Path.GetTempPath(), "crossover-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Db => Path.Combine(Folder, ".crossover", "crossover.db");

    /// <summary>Item i has text "ticket i: …" and label Labels[i % 4].</summary>
    public static string TextOf(int i) => $"ticket {i}: please help with my {Labels[i % 4]} issue number {i}";

    public static string LabelOf(int i) => Labels[i % 4];

    public static int IndexOf(string text) => int.Parse(text.Split(' ', ':')[1], System.Globalization.CultureInfo.InvariantCulture);

    public string WriteTickets(int count, string name = "data.jsonl")
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new { id = $"t{i}", text = TextOf(i), label = LabelOf(i) })));
        return path;
    }

    public string WriteExperiment(string baseUrl, string candidates = "", string extra = "", string split = "{ train: 0, dev: 0, test: 1, seed: 3 }", string name = "experiment.yaml")
    {
        if (candidates.Length == 0)
        {
            candidates = $"""
                  - name: good
                    model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{baseUrl}/v1" {"}"}
                  - name: weak
                    model: {"{"} provider: openai, id: weak-model, baseUrl: "{baseUrl}/v1" {"}"}
                """;
        }

        var text = $"""
            name: tickets
            dataset: {"{"} path: data.jsonl, expected: label, id: id, split: {split} {"}"}
            task:
              kind: classification
              instructions: "Route the ticket to one queue."
              input: "{"{{"}text{"}}"}"
              labels: [billing, bug, account, other]
            candidates:
            {candidates}
            calls: {"{"} timeoutSeconds: 2, retries: 3, backoffSeconds: 0.1, maxRetryAfterSeconds: 5 {"}"}
            {extra}
            """;
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow CI box is left for the OS to clean up.
        }
    }
}
