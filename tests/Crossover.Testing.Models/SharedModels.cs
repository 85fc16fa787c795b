using Xunit;

namespace Crossover.Testing;

/// <summary>
/// The real checkpoints in the project's shared folder (<c>../shared/models</c> beside the repository). Tests that need
/// one are <see cref="ModelFactAttribute"/> or <see cref="ModelTheoryAttribute"/>: where the folder is missing they are
/// reported as skipped with the reason, so the test count never changes silently.
/// </summary>
public static class SharedModels
{
    /// <summary>Karpathy's stories260K in the Hugging Face layout, with llama2.c's reference outputs in <c>expected/</c>.</summary>
    public static string Stories260K { get; } = Path.Combine(SharedFolder(), "models", "stories260K-hf");

    /// <summary>Why tests needing the checkpoint in <paramref name="folder"/> cannot run, or null when they can.</summary>
    /// <param name="folder">The model folder.</param>
    public static string? SkipReason(string folder) => File.Exists(Path.Combine(folder, "model.safetensors"))
        ? null
        : $"no model.safetensors in {folder}: these tests run on the real checkpoint in the project's shared folder (../shared/models beside the repository)";

    private static string SharedFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.GetFullPath(Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "..", "shared"));
    }
}

/// <summary>A test on the stories260K checkpoint: skipped, with the reason, where <c>../shared/models</c> lacks it.</summary>
public sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute()
    {
        Skip = SharedModels.SkipReason(SharedModels.Stories260K);
    }
}

/// <summary>A theory on the stories260K checkpoint: skipped, with the reason, where <c>../shared/models</c> lacks it.</summary>
public sealed class ModelTheoryAttribute : TheoryAttribute
{
    public ModelTheoryAttribute()
    {
        Skip = SharedModels.SkipReason(SharedModels.Stories260K);
    }
}
