using Crossover.Evaluation.Experiments;
using Crossover.Tuning.Data;

namespace Crossover.Tuning.Tests;

public sealed class ExperimentPathTests
{
    [Fact]
    public void AppendCandidate_LocalModelAndAdapter_AreWrittenRelativeToTheExperimentAndStillResolve()
    {
        using var data = new TuneData();
        var path = data.Write();
        var model = Path.Combine(data.Folder, "models", "qwen");
        var adapter = Path.Combine(data.Folder, ".crossover", "adapters", "job-1");
        Directory.CreateDirectory(model);

        Assert.True(ExperimentCandidates.Append(path, "tuned-local", new ModelSpec("local", model, null, null, null, null, null, null, adapter), TrainingPrompt.Strategy));

        var text = File.ReadAllText(path);
        Assert.DoesNotContain(data.Folder, text, StringComparison.Ordinal);
        Assert.Contains("models/qwen", text, StringComparison.Ordinal);
        Assert.Contains(".crossover/adapters/job-1", text, StringComparison.Ordinal);
        var moved = Path.Combine(data.Folder, "moved");
        CopyFolder(data.Folder, moved);
        var candidate = ExperimentReader.Load(Path.Combine(moved, Path.GetFileName(path))).Candidates.Single(c => c.Name == "tuned-local");
        Assert.Equal(Path.Combine(moved, "models", "qwen"), candidate.Model.Id);
        Assert.Equal(Path.Combine(moved, ".crossover", "adapters", "job-1"), candidate.Model.Adapter);
        Assert.False(ExperimentCandidates.Append(path, "tuned-local", new ModelSpec("local", model, null, null, null, null, null, null, adapter), TrainingPrompt.Strategy));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateDirectory(Path.Combine(to, "models", "qwen"));
    }
}
