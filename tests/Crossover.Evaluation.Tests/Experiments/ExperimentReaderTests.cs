using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Tests.Experiments;

public sealed class ExperimentReaderTests
{
    private const string Good = """
        name: tickets
        dataset:
          path: data.jsonl
          expected: label
          split: { train: 0.5, dev: 0.25, test: 0.25, seed: 7 }
        task:
          kind: classification
          instructions: Route the ticket.
          input: "{{text}}"
          labels: [billing, bug, account, other]
        candidates:
          - name: small
            model: { provider: openai, id: gpt-4.1-mini, apiKeyEnv: OPENAI_API_KEY }
            strategy: { kind: few-shot, shots: 4, select: similar }
        metrics: [accuracy, macro-f1, format-compliance]
        repeats: 1
        concurrency: 8
        """;

    [Fact]
    public void ValidFile_ReadsEveryField()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var experiment = ExperimentReader.Parse(Good, Path.Combine(workspace.Folder, "e.yaml"));

        Assert.Equal("tickets", experiment.Name);
        Assert.Equal(Path.Combine(workspace.Folder, "data.jsonl"), experiment.Dataset.Path);
        Assert.Equal(new SplitSpec(0.5, 0.25, 0.25, 7), experiment.Dataset.Split);
        Assert.Equal(TaskKind.Classification, experiment.Task.Kind);
        Assert.Equal(new StrategySpec(PromptStrategies.FewShot, 4, ShotSelection.Similar), experiment.Candidates[0].Strategy);
        Assert.Equal("OPENAI_API_KEY", experiment.Candidates[0].Model.ApiKeyEnv);
        Assert.Equal("accuracy", experiment.Primary);
        Assert.Equal(8, experiment.Concurrency);
    }

    [Theory]
    [InlineData("name: tickets", "name: ''", "e.yaml:1: name: must not be empty")]
    [InlineData("  expected: label\n", "", "e.yaml:3: dataset.expected: is required")]
    [InlineData("path: data.jsonl", "path: missing.jsonl", "e.yaml:3: dataset.path: 'missing.jsonl' does not exist")]
    [InlineData("path: data.jsonl", "path: data.parquet", "dataset.path: 'data.parquet' is neither .jsonl nor .csv")]
    [InlineData("test: 0.25, seed", "test: 0.5, seed", "e.yaml:5: dataset.split: train + dev + test must be 1, not 1.25")]
    [InlineData("kind: classification", "kind: summarize", "e.yaml:7: task.kind: 'summarize' is not allowed (use one of: classification, extraction, generation)")]
    [InlineData("input: \"{{text}}\"", "input: \"text\"", "e.yaml:9: task.input: has no {{field}} placeholder")]
    [InlineData("labels: [billing, bug, account, other]", "labels: [billing]", "e.yaml:10: task.labels: needs at least two labels")]
    [InlineData("labels: [billing, bug, account, other]", "labels: [billing, bug, Billing]", "task.labels: a label appears twice")]
    [InlineData("provider: openai, id: gpt-4.1-mini,", "provider: openai,", "e.yaml:13: candidates[0].model.id: is required")]
    [InlineData("apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: sk-123-secret", "candidates[0].model.apiKeyEnv: 'sk-123-secret' is not an environment variable name")]
    [InlineData("apiKeyEnv: OPENAI_API_KEY", "baseUrl: localhost:8080", "candidates[0].model.baseUrl: 'localhost:8080' is not an http(s) URL")]
    [InlineData("shots: 4, select: similar", "shots: 0", "candidates[0].strategy.shots: few-shot needs at least one shot")]
    [InlineData("select: similar", "select: nearest", "candidates[0].strategy.select: 'nearest' is not allowed")]
    [InlineData("[accuracy, macro-f1, format-compliance]", "[accuracy, bleu]", "e.yaml:15: metrics: 'bleu' is not a known metric")]
    [InlineData("[accuracy, macro-f1, format-compliance]", "[accuracy, field-f1]", "metrics: field-f1 needs an extraction task with an outputSchema")]
    [InlineData("[accuracy, macro-f1, format-compliance]", "[accuracy, consistency]", "metrics: consistency needs repeats of 2 or more")]
    [InlineData("repeats: 1", "repeats: 0", "e.yaml:16: repeats: 0 is out of range (must be between 1 and 20)")]
    [InlineData("concurrency: 8", "concurrency: eight", "e.yaml:17: concurrency: must be a number, not 'eight'")]
    [InlineData("concurrency: 8", "concurency: 8", "e.yaml:17: concurency: unknown field (did you mean 'concurrency'?)")]
    [InlineData("repeats: 1", "repeats: 1\nprimary: chrf", "primary: 'chrf' is not in metrics")]
    [InlineData("  - name: small", "  - name: small\n    temperature: 3", "candidates[0].temperature: 3 is out of range")]
    [InlineData("task:", "task: classification\nx:", "e.yaml:6: task: must be a mapping of fields")]
    [InlineData("concurrency: 8", "concurrency: 8\ncalls: { timeoutSeconds: 0 }", "calls.timeoutSeconds: 0 is out of range")]
    [InlineData("  - name: small", "  - name: [small]", "candidates[0].name: must be text, not a list")]
    [InlineData("  labels: [billing, bug, account, other]", "  labels: [billing, bug, account, other\n", "e.yaml")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, rubric: same queue, scale: 1-10 }", "judge.scale: '1-10' is not a judge scale")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, scale: 1-5 }", "judge.rubric: is required")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, rubric: a, rubricFile: r.md }", "judge.rubricFile: rubric and rubricFile are both set")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, rubricFile: missing.md }", "judge.rubricFile: 'missing.md' does not exist")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { rubric: same queue }", "judge.model: is required")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, rubric: x, scales: 1-5 }", "judge.scales: unknown field")]
    [InlineData("[accuracy, macro-f1, format-compliance]", "[accuracy, judge]", "metrics: judge needs a judge block")]
    [InlineData("select: similar", "select: similar, similarity: embeddings", "candidates[0].strategy.embeddings: is required for similarity: embeddings")]
    [InlineData("select: similar", "select: similar, similarity: cosine", "candidates[0].strategy.similarity: 'cosine' is not allowed")]
    [InlineData("select: similar", "select: random, similarity: bm25", "candidates[0].strategy.similarity: applies only to select: similar")]
    [InlineData("select: similar", "select: similar, similarity: bm25, embeddings: { provider: openai, id: text-embedding-3-small }", "candidates[0].strategy.embeddings: is set but no similar selection uses it")]
    [InlineData("select: similar", "select: similar, embeddings: { provider: openai }", "candidates[0].strategy.embeddings.id: is required")]
    [InlineData("input: \"{{text}}\"", "input: \"Ticket: {{text\"", "e.yaml:9: task.input: has a '{{' that does not open a {{field}} placeholder")]
    [InlineData("input: \"{{text}}\"", "input: \"{{text}} }}\"", "e.yaml:9: task.input: has a '}}' that closes no {{field}} placeholder")]
    [InlineData("input: \"{{text}}\"", "input: \"{{ text body }}\"", "e.yaml:9: task.input: has a '{{' that does not open")]
    [InlineData("name: tickets", "name: \"tickets\\nrouting\"", "e.yaml:1: name: must not contain control characters")]
    [InlineData("  - name: small", "  - name: \"small\\tone\"", "candidates[0].name: must not contain control characters")]
    [InlineData("apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: HOME", "candidates[0].model.apiKeyEnv: 'HOME' does not look like an API key variable")]
    [InlineData("path: data.jsonl", "path: ../data.jsonl", "dataset.path: '../data.jsonl' is outside the experiment's folder")]
    [InlineData("path: data.jsonl", "path: /etc/passwd.jsonl", "is outside the experiment's folder")]
    [InlineData("concurrency: 8", "concurrency: 8\njudge: { model: { provider: openai, id: gpt-4.1 }, rubricFile: ../../etc/hostname }", "judge.rubricFile: '../../etc/hostname' is outside the experiment's folder")]
    [InlineData("concurrency: 8", "concurrency: 8\n---\nconcurrency: 1", "more than one YAML document")]
    [InlineData("split: { train: 0.5, dev: 0.25, test: 0.25, seed: 7 }", "split: { train: 0.5, dev: 0.5, test: 0, seed: 7 }\n  evaluate: dev+test", "dataset.evaluate: the test split is empty (give split.test a share above 0)")]
    [InlineData("split: { train: 0.5, dev: 0.25, test: 0.25, seed: 7 }", "split: { train: 0.5, dev: 0, test: 0.5, seed: 7 }\n  evaluate: dev+test", "dataset.evaluate: the dev split is empty (give split.dev a share above 0)")]
    [InlineData("seed: 7 }", "seed: 7 }\n  evaluate: train", "dataset.evaluate: 'train' is not a split (use test, dev, dev+test or all)")]
    [InlineData("repeats: 1", "repeats: 1\nlogprobs: maybe", "logprobs:")]
    public void BadFile_GivesOneClearLocatedError(string find, string replace, string expected)
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        Assert.Contains(find, Good, StringComparison.Ordinal);
        var text = Good.Replace(find, replace, StringComparison.Ordinal);
        if (text.Contains("\nx:", StringComparison.Ordinal))
        {
            text = text.Replace("\n  kind: classification\n  instructions: Route the ticket.\n  input: \"{{text}}\"\n  labels: [billing, bug, account, other]", string.Empty, StringComparison.Ordinal).Replace("\nx:", string.Empty, StringComparison.Ordinal);
        }

        var error = Assert.Throws<InputException>(() => ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml")));

        var message = error.Message.Replace(workspace.Folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void DevPlusTestAndLogProbs_AreRead()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var text = Good.Replace("seed: 7 }", "seed: 7 }\n  evaluate: dev+test", StringComparison.Ordinal).Replace("repeats: 1", "repeats: 1\nlogprobs: true", StringComparison.Ordinal);

        var experiment = ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml"));

        Assert.Equal(("dev+test", true), (experiment.Dataset.Evaluate, experiment.LogProbs));
        Assert.False(ExperimentReader.Parse(Good, Path.Combine(workspace.Folder, "e.yaml")).LogProbs);
    }

    [Fact]
    public void JudgeAndEmbeddings_AreRead()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        File.WriteAllText(Path.Combine(workspace.Folder, "rubric.md"), "Same queue as the reference.");
        var text = Good.Replace("select: similar", "select: similar, embeddings: { provider: openai, id: text-embedding-3-small, apiKeyEnv: EMB_KEY }", StringComparison.Ordinal)
            + "\njudge: { model: { provider: openai, id: gpt-4.1 }, rubricFile: rubric.md, scale: pass-fail }\n";

        var experiment = ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml"));

        Assert.Equal(Similarity.Embeddings, experiment.Candidates[0].Strategy.Similarity);
        Assert.Equal("EMB_KEY", experiment.Candidates[0].Strategy.Embeddings!.ApiKeyEnv);
        Assert.Equal(new JudgeSpec(new ModelSpec("openai", "gpt-4.1", null, null, null, null, null, null), "Same queue as the reference.", JudgeScale.PassFail), experiment.Judge);
        Assert.Equal(["accuracy", "macro-f1", "format-compliance", "judge"], experiment.Metrics);
    }

    [Fact]
    public void NoCandidates_SaysHowToAddOne()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var text = Good[..Good.IndexOf("candidates:", StringComparison.Ordinal)] + "metrics: [accuracy]\n";

        var error = Assert.Throws<InputException>(() => ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml")));

        Assert.Contains("candidates: needs at least one candidate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideFiles_AreReadWhenAllowed()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var inner = Path.Combine(workspace.Folder, "experiments");
        Directory.CreateDirectory(inner);
        var path = Path.Combine(inner, "e.yaml");
        File.WriteAllText(path, Good.Replace("path: data.jsonl", "path: ../data.jsonl", StringComparison.Ordinal));

        Assert.Throws<InputException>(() => ExperimentReader.Load(path));
        var experiment = ExperimentReader.Load(path, allowOutsideFiles: true);

        Assert.Equal(Path.Combine(workspace.Folder, "data.jsonl"), experiment.Dataset.Path);
    }

    [Theory]
    [InlineData("apiKeyEnv: GITHUB_TOKEN, baseUrl: \"https://collector.example/v1\"", true)]
    [InlineData("apiKeyEnv: GITHUB_TOKEN, baseUrlEnv: SOME_BASE", true)]
    [InlineData("apiKeyEnv: OPENAI_API_KEY, baseUrl: \"https://collector.example/v1\"", false)]
    [InlineData("apiKeyEnv: TOGETHER_API_KEY", false)]
    [InlineData("apiKeyEnv: TOGETHER_API_KEY, baseUrl: \"https://api.openai.com/v1\"", false)]
    public void ForeignKeyVariableSentToAForeignEndpoint_IsWarnedAbout(string model, bool warned)
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(8);
        var text = Good.Replace("apiKeyEnv: OPENAI_API_KEY", model, StringComparison.Ordinal);

        var experiment = ExperimentReader.Parse(text, Path.Combine(workspace.Folder, "e.yaml"));

        Assert.Equal(warned, experiment.Warnings.Any(w => w.Contains("sent as the key", StringComparison.Ordinal)));
    }

    [Fact]
    public void OffLabelExpectedValue_IsAnErrorNamingTheLine()
    {
        using var workspace = new Workspace();
        File.WriteAllLines(Path.Combine(workspace.Folder, "data.jsonl"), ["{\"text\":\"a\",\"label\":\"billing\"}", "{\"text\":\"b\",\"label\":\"biling\"}"]);
        var experiment = ExperimentReader.Parse(Good, Path.Combine(workspace.Folder, "e.yaml"));

        var error = Assert.Throws<InputException>(() => Evaluation.Data.DatasetReader.Read(experiment.Dataset));

        Assert.Contains("data.jsonl:2: label: the answer 'biling' is not one of task.labels", error.Message, StringComparison.Ordinal);
    }
}
