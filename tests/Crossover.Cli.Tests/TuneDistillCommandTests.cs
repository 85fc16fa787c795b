using System.Globalization;
using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;

namespace Crossover.Cli.Tests;

public sealed class TuneDistillCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string Out => Path.Combine(_ws.Folder, "distilled.jsonl");

    /// <summary>Unlabeled input k: "new ticket k: …"; the script answers by k.</summary>
    private static string Input(int k) => $"new ticket {k}: something about {Workspace.LabelOf(k)} number {k}";

    private static int KeyOf(string user) => int.Parse(user.Split(' ', ':')[2], CultureInfo.InvariantCulture);

    /// <summary>
    /// Teacher script: k 0–5 answer their label; 6 answers no label; 7 names two labels; 8 answers billing, bug, billing
    /// across attempts; 9 always fails with HTTP 500.
    /// </summary>
    private static Reply Teacher(SeenRequest request)
    {
        var k = KeyOf(request.UserMessage);
        return k switch
        {
            6 => Reply.Text("I cannot tell from this ticket.", 1000, 100),
            7 => Reply.Text("billing or bug", 1000, 100),
            8 => Reply.Text(request.Attempt == 2 ? "bug" : "billing", 1000, 100),
            9 => Reply.Status(500),
            _ => Reply.Text($"Label: {Workspace.LabelOf(k)}", 1000, 100),
        };
    }

    /// <summary>Writes 40 labeled tickets (half train, half test), a few-shot teacher and a zero-shot student, and the inputs file.</summary>
    private (string Experiment, string Inputs, string HeldOutText) Setup(ScriptedServer server)
    {
        _ws.WriteTickets(40);
        var experiment = _ws.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: teacher
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
                strategy: { kind: few-shot, shots: 2 }
              - name: student
                model: { provider: openai, id: gpt-4.1-nano, baseUrl: "{{server.BaseUrl}}/v1" }
            """, split: "{ train: 0.5, dev: 0, test: 0.5, seed: 3 }");
        var loaded = ExperimentReader.Load(experiment);
        var test = DataSplit.Create(DatasetReader.Read(loaded.Dataset), loaded.Dataset.Split, stratify: true).Test;
        var heldOut = test[0].Fields["text"];
        var rows = Enumerable.Range(0, 10).Select(k => new { text = Input(k) }).Append(new { text = Input(0) }).Append(new { text = heldOut });
        var inputs = Path.Combine(_ws.Folder, "inputs.jsonl");
        File.WriteAllLines(inputs, rows.Select(r => JsonSerializer.Serialize(r)));
        return (experiment, inputs, heldOut);
    }

    private Task<CliResult> Distill(string experiment, string inputs, params string[] extra) =>
        CliRunner.RunAsync(["tune", "distill", experiment, "--teacher", "teacher", "--inputs", inputs, "--out", Out, "--db", _ws.Db, .. extra]);

    private List<JsonElement> OutLines() => [.. File.ReadAllLines(Out).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Distill_RequireAgreement_KeepsOnlyCheckedAgreeingAnswersWithProductionPrompt()
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, heldOut) = Setup(server);

        var result = await Distill(experiment, inputs, "--repeats", "3", "--require-agreement");

        Assert.Equal(0, result.ExitCode);
        var lines = OutLines();
        Assert.Equal(Enumerable.Range(0, 6).Select(Input), lines.Select(l => l.GetProperty("messages")[1].GetProperty("content").GetString()));
        Assert.Equal(Enumerable.Range(0, 6).Select(Workspace.LabelOf), lines.Select(l => l.GetProperty("messages")[2].GetProperty("content").GetString()));
        Assert.All(lines, l =>
        {
            var messages = l.GetProperty("messages");
            Assert.Equal(3, messages.GetArrayLength());
            // The student is trained on the zero-shot prompt its tuned candidate is scored with.
            Assert.Equal("Route the ticket to one queue.\nAnswer with exactly one of: billing, bug, account, other. Reply with the label only.", messages[0].GetProperty("content").GetString());
        });

        // The teacher got its own few-shot prompt; the held-out and repeated inputs were never sent.
        var first = server.Requests.First(r => r.UserMessage == Input(0));
        Assert.Equal(2 + (2 * 2), first.Body["messages"]!.AsArray().Count);
        Assert.Contains("Answer with exactly one of", (string?)first.Body["messages"]![0]!["content"], StringComparison.Ordinal);
        Assert.Equal(0, server.Count(heldOut));
        Assert.Equal(3, server.Count(Input(0)));

        Assert.Contains("kept 6 of 12 inputs; rejected 6: unknown-label 2, call-failed 1, disagreement 1, duplicate-input 1, in-dev-or-test-split 1", result.Stdout, StringComparison.Ordinal);

        // 9 answered inputs × 3 repeats; input 9 failed and costs nothing.
        var price = PriceCatalogReader.LoadBundled().FindModel("gpt-4.1-mini")!;
        var cost = 27 * ((1000 * price.Input) + (100 * price.Output)) / 1e6;
        Assert.Contains("teacher tokens: 27000 input (0 cached), 2700 output", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"teacher cost: ${cost:0.000000}"), result.Stdout, StringComparison.Ordinal);
        Assert.Contains("27 provider calls, 0 from cache", result.Stdout, StringComparison.Ordinal);

        using var record = JsonDocument.Parse(File.ReadAllText(Out + ".distill.json"));
        Assert.Equal(6, record.RootElement.GetProperty("kept").GetInt32());
        Assert.Equal(2, record.RootElement.GetProperty("rejected").GetProperty("unknown-label").GetInt32());
        Assert.Equal(cost, record.RootElement.GetProperty("usage").GetProperty("costUsd").GetDouble(), 9);
        Assert.Equal(27, record.RootElement.GetProperty("usage").GetProperty("providerCalls").GetInt32());
    }

    [Fact]
    public async Task Distill_WithoutAgreement_KeepsMajorityAnswerAndRerunIsServedFromCacheForFree()
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, _) = Setup(server);

        var first = await Distill(experiment, inputs, "--repeats", "3", "--format", "alpaca");
        var answeredBefore = server.Requests.Count(r => KeyOf(r.UserMessage) != 9);
        var failedBefore = server.Requests.Count(r => KeyOf(r.UserMessage) == 9);
        var second = await Distill(experiment, inputs, "--repeats", "3", "--format", "alpaca");

        Assert.Equal(0, first.ExitCode);
        var lines = OutLines();
        Assert.Equal(7, lines.Count);
        Assert.Equal("Route the ticket to one queue.\nAnswer with exactly one of: billing, bug, account, other. Reply with the label only.", lines[0].GetProperty("system").GetString());
        var majority = lines.Single(l => l.GetProperty("instruction").GetString() == Input(8));
        Assert.Equal("billing", majority.GetProperty("output").GetString());
        Assert.Contains("kept 7 of 12 inputs", first.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, second.ExitCode);

        // Only input 9's failures are called again: errors are never cached. (How many retries each failure gets depends
        // on timing under load, so the test counts which inputs were called, not how often input 9 was retried.)
        Assert.Equal(answeredBefore, server.Requests.Count(r => KeyOf(r.UserMessage) != 9));
        Assert.True(server.Requests.Count(r => KeyOf(r.UserMessage) == 9) > failedBefore);
        Assert.Contains("0 provider calls, 27 from cache", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("teacher cost: $0.000000", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_ExtractionTask_DropsInvalidJsonAndSchemaMismatchAndKeepsCompactJson()
    {
        using var server = new ScriptedServer(request => KeyOf(request.UserMessage) switch
        {
            0 => Reply.Text("""{"name": "Ada", "amount": 12}"""),
            1 => Reply.Text("```json\n{\"name\": \"Bob\", \"amount\": 3}\n```"),
            2 => Reply.Text("name is Cy"),
            _ => Reply.Text("""{"name": "Di"}"""),
        });
        File.WriteAllText(Path.Combine(_ws.Folder, "schema.json"), """{"type":"object","properties":{"name":{"type":"string"},"amount":{"type":"number"}},"required":["name","amount"]}""");
        File.WriteAllLines(Path.Combine(_ws.Folder, "data.jsonl"), Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new { text = $"invoice {i}", fields = $"{{\"name\":\"N{i}\",\"amount\":{i}}}" })));
        var experiment = Path.Combine(_ws.Folder, "extract.yaml");
        File.WriteAllText(experiment, $$"""
            name: invoices
            dataset: { path: data.jsonl, expected: fields, split: { train: 0, dev: 0, test: 1 } }
            task: { kind: extraction, instructions: "Extract the invoice fields.", input: "{{"{{"}}text{{"}}"}}", outputSchema: schema.json }
            candidates:
              - name: teacher
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
            calls: { timeoutSeconds: 2, retries: 0 }
            """);
        var inputs = Path.Combine(_ws.Folder, "inputs.csv");
        File.WriteAllText(inputs, "text\n" + string.Join("\n", Enumerable.Range(0, 4).Select(k => $"\"new ticket {k}: invoice, please\"")) + "\n");

        var result = await Distill(experiment, inputs);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["""{"name":"Ada","amount":12}""", """{"name":"Bob","amount":3}"""],
            OutLines().Select(l => l.GetProperty("messages")[2].GetProperty("content").GetString()));
        Assert.Contains("rejected 2: invalid-json 1, schema-mismatch 1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_ChainOfThoughtGeneration_KeepsOnlyTheAnswerLineMatchingTheRegex()
    {
        using var server = new ScriptedServer(request => KeyOf(request.UserMessage) switch
        {
            0 => Reply.Text("The customer quotes an order.\nAnswer: REF-123"),
            1 => Reply.Text("Looks like a refund.\nAnswer: refund please"),
            2 => Reply.Text("I am not sure what to say."),
            _ => Reply.Text("Thinking.\nAnswer:"),
        });
        File.WriteAllLines(Path.Combine(_ws.Folder, "data.jsonl"), Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new { text = $"order {i}", reply = $"REF-{i}" })));
        var experiment = Path.Combine(_ws.Folder, "reply.yaml");
        File.WriteAllText(experiment, $$"""
            name: references
            dataset: { path: data.jsonl, expected: reply, split: { train: 0, dev: 0, test: 1 } }
            task: { kind: generation, instructions: "Give the order reference.", input: "{{"{{"}}text{{"}}"}}", regex: "^REF-[0-9]+$" }
            candidates:
              - name: teacher
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1" }
                strategy: { kind: chain-of-thought }
            calls: { timeoutSeconds: 2, retries: 0 }
            """);
        var inputs = Path.Combine(_ws.Folder, "inputs.jsonl");
        File.WriteAllLines(inputs, Enumerable.Range(0, 4).Select(k => JsonSerializer.Serialize(new { text = $"new ticket {k}: where is my order" })));

        var result = await Distill(experiment, inputs, "--format", "sharegpt");

        Assert.Equal(0, result.ExitCode);
        var kept = Assert.Single(OutLines());
        var turns = kept.GetProperty("conversations");
        Assert.Equal("Give the order reference.", turns[0].GetProperty("value").GetString());
        Assert.Equal("REF-123", turns[2].GetProperty("value").GetString());
        Assert.Contains("rejected 3: empty 1, malformed 1, regex-mismatch 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: only 1 examples kept", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_MissingInputsFile_ExitsTwoWithOneLine()
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, _, _) = Setup(server);

        var result = await Distill(experiment, Path.Combine(_ws.Folder, "nope.jsonl"));

        AssertInputError(result, "the inputs file does not exist");
        Assert.Contains("nope.jsonl", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_RowMissingTemplateField_NamesFileAndLine()
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, _) = Setup(server);
        File.WriteAllLines(inputs, [JsonSerializer.Serialize(new { text = Input(0) }), JsonSerializer.Serialize(new { body = Input(1) })]);

        var result = await Distill(experiment, inputs);

        AssertInputError(result, "the row has no 'text' field");
        Assert.Contains("inputs.jsonl:2", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("missing-inputs", "the inputs file does not exist")]
    [InlineData("row-without-field", "the row has no 'text' field")]
    [InlineData("unknown-teacher", "no candidate named 'oracle'")]
    [InlineData("repeats", "--repeats 0 is out of range")]
    [InlineData("missing-key", "the environment variable CROSSOVER_DISTILL_TEST_KEY is not set")]
    public async Task Distill_InvalidInputOrOption_FailsBeforeOpeningTheResponseCache(string mistake, string message)
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, _) = Setup(server);
        if (mistake == "row-without-field")
        {
            File.WriteAllLines(inputs, [JsonSerializer.Serialize(new { text = Input(0) }), JsonSerializer.Serialize(new { body = Input(1) })]);
        }

        if (mistake == "missing-key")
        {
            File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("id: gpt-4.1-mini,", "id: gpt-4.1-mini, apiKeyEnv: CROSSOVER_DISTILL_TEST_KEY,", StringComparison.Ordinal));
        }

        var result = await CliRunner.RunAsync([
            "tune", "distill", experiment, "--teacher", mistake == "unknown-teacher" ? "oracle" : "teacher",
            "--inputs", mistake == "missing-inputs" ? Path.Combine(_ws.Folder, "nope.jsonl") : inputs,
            "--out", Out, "--db", _ws.Db, .. mistake == "repeats" ? new[] { "--repeats", "0" } : []]);

        AssertInputError(result, message);
        Assert.False(File.Exists(_ws.Db), "the response cache was opened before the inputs were checked");
        Assert.False(File.Exists(Out));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Distill_UnknownTeacher_ListsCandidates()
    {
        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, _) = Setup(server);

        var result = await CliRunner.RunAsync("tune", "distill", experiment, "--teacher", "oracle", "--inputs", inputs, "--out", Out, "--db", _ws.Db);

        AssertInputError(result, "no candidate named 'oracle'");
        Assert.Contains("candidates: teacher, student", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_TeacherUnreachable_ExitsTwoAndLeavesExistingFileUntouched()
    {
        string baseUrl;
        using (var gone = new ScriptedServer(Teacher))
        {
            baseUrl = gone.BaseUrl;
        }

        using var server = new ScriptedServer(Teacher);
        var (experiment, inputs, _) = Setup(server);
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace(server.BaseUrl, baseUrl, StringComparison.Ordinal));
        File.WriteAllText(Out, "previous\n");

        var result = await Distill(experiment, inputs);

        AssertInputError(result, "cannot reach the teacher 'teacher'");
        Assert.Equal("previous\n", File.ReadAllText(Out));
        Assert.Empty(Directory.GetFiles(_ws.Folder, "*.tmp"));
    }

    [Fact]
    public async Task Distill_NothingPassesTheChecks_ExitsTwoAndWritesNothing()
    {
        using var server = new ScriptedServer(_ => Reply.Text("no idea"));
        var (experiment, inputs, _) = Setup(server);

        var result = await Distill(experiment, inputs);

        AssertInputError(result, "no teacher answer passed the checks");
        Assert.Contains("unknown-label 10", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    private static void AssertInputError(CliResult result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        // Progress lines and warnings (e.g. which endpoint a custom key variable goes to) may precede it; the error is one line.
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("distill:", StringComparison.Ordinal) && !l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
    }
}
