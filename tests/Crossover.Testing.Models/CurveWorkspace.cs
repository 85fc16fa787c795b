
namespace Crossover.Testing;

/// <summary>
/// A toy classification whose label is a fixed function of one key letter in the input (16 keys, yes/no), a tiny random
/// Llama to fine-tune, and an experiment whose one prompting candidate is that base model zero-shot.
/// </summary>
public sealed class CurveWorkspace : IDisposable
{
    public const string Keys = "bcdfghjklmnpqrst";

    public CurveWorkspace(int rows = 200, string split = "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }")
    {
        Folder = Directory.CreateTempSubdirectory("crossover-curve-").FullName;
        Model = TinyModel.Write(seed: 5);
        File.WriteAllLines(Data, Enumerable.Range(0, rows).Select(i =>
            $$"""{"id":"r{{i:000}}","text":"key {{Keys[i % Keys.Length]}}","label":"{{LabelOf(Keys[i % Keys.Length])}}"}"""));
        File.WriteAllText(Experiment, $$$"""
            name: keys
            dataset: { path: data.jsonl, expected: label, id: id, split: {{{split}}} }
            task:
              kind: classification
              instructions: Answer yes or no.
              input: "{{text}}"
              labels: [yes, no]
            candidates:
              - name: base-zero-shot
                model: { provider: local, id: "{{{Model}}}" }
            maxOutputTokens: 4
            concurrency: 1
            """);
    }

    public string Folder { get; }

    public string Model { get; }

    public string Data => Path.Combine(Folder, "data.jsonl");

    public string Experiment => Path.Combine(Folder, "experiment.yaml");

    public string Db => Path.Combine(Folder, ".crossover", "crossover.db");

    /// <summary>"yes" for every other key letter: nothing in the random embeddings predicts it, so a key is learned only by seeing it.</summary>
    public static string LabelOf(char key) => Keys.IndexOf(key, StringComparison.Ordinal) % 2 == 0 ? "yes" : "no";

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        Directory.Delete(Model, recursive: true);
    }
}
