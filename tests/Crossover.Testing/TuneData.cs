namespace Crossover.Testing;

/// <summary>Writes a small classification experiment and dataset into a fresh temporary folder.</summary>
public sealed class TuneData : IDisposable
{
    public TuneData(int rows = 20)
    {
        Folder = Directory.CreateTempSubdirectory("crossover-tune-").FullName;
        for (var i = 1; i <= rows; i++)
        {
            var label = i % 2 == 0 ? "bug" : "billing";
            var other = label == "bug" ? "billing" : "bug";
            Lines.Add($$"""{"id":"t{{i}}","text":"ticket {{i}} about {{(label == "bug" ? "a crash" : "an invoice")}}","label":"{{label}}","chosen":"{{label}}","rejected":"{{other}}"}""");
        }
    }

    public string Folder { get; }

    public List<string> Lines { get; } = [];

    public string Split { get; set; } = "{ train: 1, dev: 0, test: 0 }";

    public string Evaluate { get; set; } = "all";

    public string Labels { get; set; } = "[billing, bug]";

    public string Experiment => Path.Combine(Folder, "exp.yaml");

    public string Data => Path.Combine(Folder, "data.jsonl");

    public string Write()
    {
        File.WriteAllText(Data, string.Join('\n', Lines) + "\n");
        File.WriteAllText(Experiment, $$$"""
            name: routing
            dataset:
              path: data.jsonl
              expected: label
              id: id
              split: {{{Split}}}
              evaluate: {{{Evaluate}}}
            task:
              kind: classification
              instructions: Route the support ticket.
              input: "Ticket: {{text}}"
              labels: {{{Labels}}}
            candidates:
              - name: mini
                model: { provider: openai, id: gpt-4.1-mini }
            """);
        return Experiment;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
