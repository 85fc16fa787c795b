namespace Crossover.LocalModels.Tests;

public sealed class SharedModelsTests
{
    [Fact]
    public void SkipReason_NoCheckpointInTheFolder_NamesTheFolderAndWhereItComesFrom()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-no-model-").FullName;
        try
        {
            var reason = SharedModels.SkipReason(folder);

            Assert.NotNull(reason);
            Assert.Contains(folder, reason, StringComparison.Ordinal);
            Assert.Contains("../shared/models", reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SkipReason_CheckpointPresent_RunsTheTest()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-model-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), [0]);

            Assert.Null(SharedModels.SkipReason(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Stories260K_IsTheSharedFolderBesideTheRepository()
    {
        var expected = Path.Combine("shared", "models", "stories260K-hf");

        Assert.EndsWith(expected, SharedModels.Stories260K, StringComparison.Ordinal);
        Assert.False(SharedModels.Stories260K.Contains(Path.Combine("bin", "Debug"), StringComparison.Ordinal), "the path is found from the repository root, not the build output");
    }
}
