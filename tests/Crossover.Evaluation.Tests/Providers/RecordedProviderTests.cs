using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests.Providers;

public sealed class RecordedProviderTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    private static string Candidates(params string[] files) => string.Concat(files.Select((file, i) => $"""
          - name: recorded-{i}
            model: {"{"} provider: recorded, id: {file}, priceAs: gpt-4.1-mini {"}"}

        """));

    private static string Plain(int i, string output) => JsonSerializer.Serialize(new { id = $"t{i}", output, usage = new { prompt_tokens = 50, completion_tokens = 3 } });

    /// <summary>A Batch API output line (https://platform.openai.com/docs/guides/batch): a chat completion body.</summary>
    private static string BatchChat(int i, string content) => JsonSerializer.Serialize(new
    {
        id = $"batch_req_{i}",
        custom_id = $"t{i}",
        response = new
        {
            status_code = 200,
            request_id = $"req_{i}",
            body = new
            {
                id = $"chatcmpl-{i}",
                @object = "chat.completion",
                model = "gpt-4.1-mini-2025-04-14",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 61, completion_tokens = 2, total_tokens = 63, prompt_tokens_details = new { cached_tokens = 32 } },
            },
        },
        error = (object?)null,
    });

    /// <summary>A Batch API output line whose body is a Responses API response.</summary>
    private static string BatchResponses(int i, string text) => JsonSerializer.Serialize(new
    {
        id = $"batch_req_{i}",
        custom_id = $"t{i}",
        response = new
        {
            status_code = 200,
            body = new
            {
                @object = "response",
                model = "gpt-4.1-mini",
                output = new object[] { new { type = "reasoning", summary = Array.Empty<object>() }, new { type = "message", role = "assistant", content = new[] { new { type = "output_text", text } } } },
                usage = new { input_tokens = 70, output_tokens = 4, input_tokens_details = new { cached_tokens = 0 } },
            },
        },
        error = (object?)null,
    });

    private static string BatchFailed(int i) => JsonSerializer.Serialize(new
    {
        id = $"batch_req_{i}",
        custom_id = $"t{i}",
        response = (object?)null,
        error = new { code = "batch_expired", message = "This request could not be executed before the completion window expired." },
    });

    [Fact]
    public async Task Eval_RecordedOutputs_ScoresThemWithoutCallsAndItemsMissingAreErrors()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        // Items 0–5 recorded (item 3 wrong), 6 and 7 missing; the file is named relative to the experiment file.
        File.WriteAllLines(Path.Combine(workspace.Folder, "outputs.jsonl"), Enumerable.Range(0, 6).Select(i => Plain(i, i == 3 ? "billing" : Workspace.LabelOf(i))));
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: Candidates("outputs.jsonl")));

        var outcome = await new EvalRunner(new ProviderRegistry(), Catalog).RunAsync(experiment, RunStore.Open(workspace.Db));

        var store = RunStore.Open(workspace.Db);
        var records = store.Records(outcome.RunId).ToDictionary(r => r.ItemId);
        Assert.Equal(6, outcome.ProviderCalls);
        Assert.Equal(2, outcome.Errors);
        Assert.Contains("no recorded output for item 't6'", records["t6"].Error, StringComparison.Ordinal);
        Assert.Equal(50, records["t0"].InputTokens);
        Assert.Equal(3, records["t0"].OutputTokens);
        var report = RunReport.Load(store, outcome.RunId, Catalog);
        Assert.Equal(5.0 / 6, report.Candidates[0].Metrics["accuracy"].Value, 9);
        Assert.NotNull(report.Candidates[0].CostPer1kUsd);
    }

    [Fact]
    public async Task Eval_BatchApiOutputFile_ReadsChatAndResponsesBodiesAndRecordsBatchErrors()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(4);
        Directory.CreateDirectory(Path.Combine(workspace.Folder, "batches"));
        File.WriteAllLines(Path.Combine(workspace.Folder, "batches", "batch_out.jsonl"),
            [BatchResponses(1, Workspace.LabelOf(1)), BatchChat(0, Workspace.LabelOf(0)), BatchFailed(2), BatchChat(3, "other")]);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: Candidates("batches/batch_out.jsonl")));

        var outcome = await new EvalRunner(new ProviderRegistry(), Catalog).RunAsync(experiment, RunStore.Open(workspace.Db));

        var records = RunStore.Open(workspace.Db).Records(outcome.RunId).ToDictionary(r => r.ItemId);
        Assert.Equal(Workspace.LabelOf(0), records["t0"].Output);
        Assert.Equal((61, 32, 2), (records["t0"].InputTokens, records["t0"].CachedTokens, records["t0"].OutputTokens));
        Assert.Equal(Workspace.LabelOf(1), records["t1"].Output);
        Assert.Equal(70, records["t1"].InputTokens);
        Assert.Contains("completion window expired", records["t2"].Error, StringComparison.Ordinal);
        Assert.Equal("other", records["t3"].Output);
        Assert.Equal(1, outcome.Errors);
    }

    [Fact]
    public async Task Eval_TwoItemsWithTheSameInput_GetTheirOwnRecordedAnswers_NotACachedOne()
    {
        using var workspace = new Workspace();
        File.WriteAllLines(Path.Combine(workspace.Folder, "data.jsonl"),
            [JsonSerializer.Serialize(new { id = "a", text = "same text", label = "bug" }), JsonSerializer.Serialize(new { id = "b", text = "same text", label = "billing" })]);
        File.WriteAllLines(Path.Combine(workspace.Folder, "outputs.jsonl"),
            [JsonSerializer.Serialize(new { id = "a", output = "bug" }), JsonSerializer.Serialize(new { id = "b", output = "billing" })]);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: Candidates("outputs.jsonl")));

        var outcome = await new EvalRunner(new ProviderRegistry(), Catalog).RunAsync(experiment, RunStore.Open(workspace.Db));

        var records = RunStore.Open(workspace.Db).Records(outcome.RunId).ToDictionary(r => r.ItemId);
        Assert.Equal("bug", records["a"].Output);
        Assert.Equal("billing", records["b"].Output);
        Assert.Equal(0, outcome.CacheHits);
    }

    [Theory]
    [InlineData("{\"id\": \"t1\", \"output\": \"bug\"}\n{\"id\": \"t1\", \"output\": \"billing\"}", 2, "item 't1' is recorded twice")]
    [InlineData("{\"id\": \"t1\", \"output\": \"bug\"}\nnot json", 2, "not a JSON object")]
    [InlineData("{\"output\": \"bug\"}", 1, "the line has no id")]
    public void Load_BadFile_NamesTheFileAndLine(string text, int line, string problem)
    {
        using var workspace = new Workspace();
        var path = Path.Combine(workspace.Folder, "outputs.jsonl");
        File.WriteAllText(path, text);

        var error = Assert.Throws<InputException>(() => RecordedChatClient.Load(path));

        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesThePathResolvedAgainstTheExperimentFile()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(2);
        var experiment = ExperimentReader.Load(workspace.WriteExperiment("http://127.0.0.1:1", candidates: Candidates("logs/none.jsonl")));

        var error = Assert.Throws<InputException>(() => new ProviderRegistry().CreateClient(experiment.Candidates[0].Model));

        Assert.Contains(Path.Combine(workspace.Folder, "logs", "none.jsonl"), error.Message, StringComparison.Ordinal);
    }
}
