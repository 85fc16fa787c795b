using System.Text.Json;
using Crossover.Core.Catalog;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Tests.Data;

public sealed class TrainingPreparerTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    private static (PreparedTrainingSet Set, List<JsonElement> Lines) Prepare(TrainingFormat format, TuneData data)
    {
        var experiment = ExperimentReader.Load(data.Write());
        var set = TrainingPreparer.Prepare(experiment, new PrepareOptions(format), Catalog);
        using var writer = new StringWriter();
        TrainingWriter.Write(set.Examples, format, writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (set, lines);
    }

    [Theory]
    [InlineData(TrainingFormat.OpenAiChat)]
    [InlineData(TrainingFormat.HfChat)]
    public void ChatFormats_WriteSystemUserAssistantMessages(TrainingFormat format)
    {
        using var data = new TuneData();
        var (_, lines) = Prepare(format, data);
        Assert.Equal(20, lines.Count);
        var messages = lines[0].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only.", messages[0].GetProperty("content").GetString());
        Assert.Equal("Ticket: ticket 1 about an invoice", messages[1].GetProperty("content").GetString());
        Assert.Equal("billing", messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public void Alpaca_PutsTheSystemPromptInItsOwnColumnAndTheInputAsTheInstruction()
    {
        using var data = new TuneData();
        var (_, lines) = Prepare(TrainingFormat.Alpaca, data);
        Assert.Equal(["system", "instruction", "input", "output"], lines[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only.", lines[1].GetProperty("system").GetString());
        Assert.Equal("Ticket: ticket 2 about a crash", lines[1].GetProperty("instruction").GetString());
        Assert.Equal(string.Empty, lines[1].GetProperty("input").GetString());
        Assert.Equal("bug", lines[1].GetProperty("output").GetString());
    }

    [Fact]
    public void ShareGpt_WritesSystemHumanGptTurns()
    {
        using var data = new TuneData();
        var (_, lines) = Prepare(TrainingFormat.ShareGpt, data);
        var turns = lines[0].GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal(["system", "human", "gpt"], turns.Select(t => t.GetProperty("from").GetString()));
        Assert.Equal("billing", turns[2].GetProperty("value").GetString());
    }

    [Fact]
    public void Dpo_WritesPromptChosenAndRejected()
    {
        using var data = new TuneData();
        var (_, lines) = Prepare(TrainingFormat.Dpo, data);
        var line = lines[0];
        Assert.Equal(["system", "user"], line.GetProperty("prompt").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("billing", line.GetProperty("chosen")[0].GetProperty("content").GetString());
        Assert.Equal("bug", line.GetProperty("rejected")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void OpenAiDpo_WritesInputPreferredAndNonPreferredOutput()
    {
        using var data = new TuneData();
        var (_, lines) = Prepare(TrainingFormat.OpenAiDpo, data);
        var line = lines[0];
        Assert.Equal(["input", "preferred_output", "non_preferred_output"], line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["system", "user"], line.GetProperty("input").GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Ticket: ticket 1 about an invoice", line.GetProperty("input").GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Equal(("assistant", "billing"), (line.GetProperty("preferred_output")[0].GetProperty("role").GetString(), line.GetProperty("preferred_output")[0].GetProperty("content").GetString()));
        Assert.Equal("bug", line.GetProperty("non_preferred_output")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Report_CountsTokensAndPricesTrainingFromTheCatalog()
    {
        using var data = new TuneData();
        var (set, _) = Prepare(TrainingFormat.OpenAiChat, data);
        var report = set.Report;
        var ft = Catalog.FindModel("gpt-4.1-mini")!.FineTuning!;
        Assert.Equal("gpt-4.1-mini", report.Model);
        Assert.Equal("o200k_base", report.Encoding);
        Assert.InRange(report.MinTokens, 15, report.MaxTokens);
        Assert.Equal(report.TrainingTokens * 3 * ft.Training / 1e6, report.TrainingCost!.Value, 12);
        Assert.Equal((report.MeanPromptTokens * ft.Input + report.MeanAnswerTokens * ft.Output) / 1e6, report.TunedCallCost!.Value, 12);
        Assert.Equal(10, report.Labels["bug"]);
        Assert.Contains(report.Warnings, w => w.Contains("no longer accepts new fine-tuning jobs", StringComparison.Ordinal));
    }

    [Fact]
    public void SystemPrompt_IsTheZeroShotPromptNotTheFewShotPrompt()
    {
        using var data = new TuneData();
        var (set, _) = Prepare(TrainingFormat.OpenAiChat, data);
        Assert.All(set.Examples, e => Assert.Equal([("system", "Route the support ticket.\nAnswer with exactly one of: billing, bug. Reply with the label only."), ("user", e.Messages[1].Content)], e.Messages));
    }

    [Fact]
    public void MissingInputField_NamesFileAndLine()
    {
        using var data = new TuneData();
        data.Lines[6] = """{"id":"x","body":"no text","label":"bug"}""";
        var experiment = ExperimentReader.Load(data.Write());
        var ex = Assert.Throws<InputException>(() => TrainingPreparer.Prepare(experiment, new PrepareOptions(TrainingFormat.Alpaca), Catalog));
        Assert.Equal(data.Data, ex.File);
        Assert.Equal(7, ex.Line);
    }
}
