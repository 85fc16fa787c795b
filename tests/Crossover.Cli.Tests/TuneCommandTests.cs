using System.Text.Json;

namespace Crossover.Cli.Tests;

public sealed class TuneCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossover-tune-cli-").FullName;
    private readonly List<string> _lines = [];
    private string _split = "{ train: 1, dev: 0, test: 0 }";
    private string _evaluate = "all";
    private string _labels = "[billing, bug]";
    private string _kind = "classification";
    private string _extra = string.Empty;

    public TuneCommandTests()
    {
        for (var i = 1; i <= 20; i++)
        {
            _lines.Add(Row(i, $"ticket {i} about {(i % 2 == 0 ? "a crash" : "an invoice")}", i % 2 == 0 ? "bug" : "billing"));
        }
    }

    private string Data => Path.Combine(_folder, "data.jsonl");

    private string Out => Path.Combine(_folder, "train.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Prepare_WritesTrainingFileAndPrintsSummaryWithCost()
    {
        var result = await RunAsync("openai-chat");

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(Out);
        Assert.Equal(20, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only.", first.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Contains("wrote 20 examples", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("model: gpt-4.1-mini (tokens counted with o200k_base", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("labels: billing 10, bug 10", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"training cost: \d+ tokens x 3 epochs = \$\d+\.\d{4}", result.Stdout);
        Assert.Matches(@"tuned per-call cost: \$\d+\.\d{6}", result.Stdout);
        Assert.Contains("warning: 'gpt-4.1-mini' no longer accepts new fine-tuning jobs", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_ModelOptionPricesAnotherModelAndEpochsScaleTrainingCost()
    {
        var one = await RunAsync("alpaca", "--model", "gpt-4.1", "--epochs", "1");
        var two = await RunAsync("alpaca", "--model", "gpt-4.1", "--epochs", "2");

        Assert.Equal(0, one.ExitCode);
        Assert.Contains("model: gpt-4.1 ", one.Stdout, StringComparison.Ordinal);
        Assert.Equal(2 * TrainingCost(one.Stdout), TrainingCost(two.Stdout), 4);
    }

    [Fact]
    public async Task Prepare_ImbalancedLabelsWarnOnStderr()
    {
        for (var i = 21; i <= 40; i++)
        {
            _lines.Add(Row(i, $"ticket {i} about an invoice", "billing"));
        }

        _lines[1] = Row(2, "ticket 2 about a crash", "bug");
        for (var i = 3; i < 20; i += 2)
        {
            _lines[i] = Row(i + 1, $"ticket {i + 1} about an invoice", "billing");
        }

        var result = await RunAsync("openai-chat");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: label 'bug' has 1 of 40 examples", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-expected", "data.jsonl:5: dataset.expected: the record has no 'label' value")]
    [InlineData("missing-input-field", "data.jsonl:5: text: the record has no 'text' field, which task.input uses")]
    [InlineData("invalid-json", "data.jsonl:5: not valid JSON")]
    [InlineData("not-an-object", "data.jsonl:5: each line must be a JSON object")]
    [InlineData("repeated-id", "data.jsonl:5: dataset.id: the id 't4' appears twice")]
    [InlineData("empty-input", "data.jsonl:5: text: the input is empty")]
    [InlineData("exact-duplicate", "data.jsonl:5: exact duplicate of line 3")]
    [InlineData("near-duplicate", "data.jsonl:5: near duplicate of line 3 (same text ignoring case, punctuation and spacing)")]
    [InlineData("contradiction", "data.jsonl:5: same input as line 3 but a different answer")]
    [InlineData("unknown-label", "data.jsonl:5: label: the answer 'refund' is not one of task.labels")]
    [InlineData("over-long", "data.jsonl:5: the example has")]
    [InlineData("label-without-examples", "data.jsonl: label 'account' has no training examples")]
    [InlineData("leakage", "which is in the dev/test split")]
    [InlineData("too-few", "exp.yaml: dataset.split.train: the train split has 6 examples; fine-tuning needs at least 10")]
    [InlineData("empty-dataset", "data.jsonl: the dataset has no records")]
    [InlineData("dpo-missing-chosen", "data.jsonl:5: chosen: the record has no 'chosen' field (the preferred answer), which --format dpo needs")]
    [InlineData("dpo-missing-rejected", "data.jsonl:5: rejected: the record has no 'rejected' field (the dispreferred answer), which --format dpo needs")]
    [InlineData("dpo-same-answers", "data.jsonl:5: rejected: 'chosen' and 'rejected' are the same answer")]
    [InlineData("dpo-empty-chosen", "data.jsonl:5: chosen: 'chosen' (the preferred answer) is empty")]
    [InlineData("extraction-not-json", "data.jsonl:5: label: the answer is not a JSON object")]
    public async Task Prepare_BadData_FailsWithOneLineAndExitCode2(string kind, string message)
    {
        var format = kind.StartsWith("dpo", StringComparison.Ordinal) ? "dpo" : "openai-chat";
        string[] extra = [];
        switch (kind)
        {
            case "missing-expected": _lines[4] = """{"id":"t5","text":"ticket five"}"""; break;
            case "missing-input-field": _lines[4] = """{"id":"t5","body":"ticket five","label":"bug"}"""; break;
            case "invalid-json": _lines[4] = """{"id":"t5","text":"ticket five",""" ; break;
            case "not-an-object": _lines[4] = """["t5","ticket five","bug"]"""; break;
            case "repeated-id": _lines[4] = Row(4, "ticket five", "bug"); break;
            case "empty-input": _lines[4] = Row(5, "   ", "bug"); break;
            case "exact-duplicate": _lines[4] = Row(5, "ticket 3 about an invoice", "billing"); break;
            case "near-duplicate": _lines[4] = Row(5, "TICKET 3 -- about an invoice!", "billing"); break;
            case "contradiction": _lines[4] = Row(5, "ticket 3 about an invoice", "bug"); break;
            case "unknown-label": _lines[4] = Row(5, "ticket five", "refund"); break;
            case "over-long":
                _lines[4] = Row(5, string.Join(' ', Enumerable.Repeat("crash", 200)), "bug");
                File.WriteAllText(Path.Combine(_folder, "catalog.yaml"), """
                    date: 2026-11-23
                    models:
                      - id: tiny-8k
                        input: 0.1
                        output: 0.2
                        contextTokens: 100
                    """);
                extra = ["--model", "tiny-8k", "--catalog", Path.Combine(_folder, "catalog.yaml")];
                break;
            case "label-without-examples": _labels = "[billing, bug, account]"; break;
            case "leakage":
                _lines.AddRange(_lines.Select((l, i) => l.Replace($"\"t{i + 1}\"", $"\"copy{i + 1}\"", StringComparison.Ordinal)).ToList());
                _split = "{ train: 0.5, dev: 0, test: 0.5 }";
                _evaluate = "test";
                break;
            case "too-few": _lines.RemoveRange(6, 14); break;
            case "empty-dataset": _lines.Clear(); break;
            case "dpo-missing-chosen": _lines[4] = """{"id":"t5","text":"ticket five","label":"bug","rejected":"billing"}"""; break;
            case "dpo-missing-rejected": _lines[4] = """{"id":"t5","text":"ticket five","label":"bug","chosen":"bug"}"""; break;
            case "dpo-same-answers": _lines[4] = """{"id":"t5","text":"ticket five","label":"bug","chosen":"bug","rejected":" bug "}"""; break;
            case "dpo-empty-chosen": _lines[4] = """{"id":"t5","text":"ticket five","label":"bug","chosen":"","rejected":"bug"}"""; break;
            case "extraction-not-json":
                _kind = "extraction";
                File.WriteAllText(Path.Combine(_folder, "schema.json"), """{"type":"object"}""");
                _extra = "  outputSchema: schema.json\n";
                for (var i = 0; i < _lines.Count; i++)
                {
                    _lines[i] = _lines[i].Replace("\"label\":\"bug\"", "\"label\":\"{\\\"team\\\":\\\"bug\\\"}\"", StringComparison.Ordinal)
                        .Replace("\"label\":\"billing\"", "\"label\":\"{\\\"team\\\":\\\"billing\\\"}\"", StringComparison.Ordinal);
                }

                _lines[4] = Row(5, "ticket five", "team bug");
                break;
            default: throw new ArgumentException(kind, nameof(kind));
        }

        var result = await RunAsync(format, extra);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task Prepare_UnknownFormat_IsRejectedWithExitCode2()
    {
        var result = await RunAsync("jsonl");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    private static string Row(int i, string text, string label) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = $"t{i}", ["text"] = text, ["label"] = label, ["chosen"] = label, ["rejected"] = label == "bug" ? "billing" : "bug" });

    private static double TrainingCost(string stdout)
    {
        var match = System.Text.RegularExpressions.Regex.Match(stdout, @"= \$(\d+\.\d+)");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<CliResult> RunAsync(string format, params string[] extra)
    {
        File.WriteAllText(Data, string.Join('\n', _lines) + (_lines.Count > 0 ? "\n" : string.Empty));
        var experiment = Path.Combine(_folder, "exp.yaml");
        File.WriteAllText(experiment, $$$"""
            name: routing
            dataset:
              path: data.jsonl
              expected: label
              id: id
              split: {{{_split}}}
              evaluate: {{{_evaluate}}}
            task:
              kind: {{{_kind}}}
              instructions: Route the support ticket.
              input: "Ticket: {{text}}"
            {{{(_kind == "classification" ? "  labels: " + _labels + "\n" : _extra)}}}candidates:
              - name: mini
                model: { provider: openai, id: gpt-4.1-mini }
            """);
        return CliRunner.RunAsync(["tune", "prepare", experiment, "--format", format, "--out", Out, .. extra]);
    }
}
