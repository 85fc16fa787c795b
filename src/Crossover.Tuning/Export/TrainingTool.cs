namespace Crossover.Tuning.Export;

/// <summary>The open-source trainers <c>crossover tune export</c> writes a project for (docs/training-exports.md).</summary>
public enum TrainingTool
{
    /// <summary>LLaMA-Factory: <c>dataset_info.json</c> plus a <c>train_lora.yaml</c> for <c>llamafactory-cli train</c>.</summary>
    LlamaFactory,

    /// <summary>Axolotl: an <c>axolotl.yaml</c> for <c>axolotl train</c>.</summary>
    Axolotl,

    /// <summary>Unsloth: a <c>train_unsloth.py</c> script using FastLanguageModel and TRL's SFTTrainer.</summary>
    Unsloth,
}

/// <summary>The command-line names of the trainers.</summary>
public static class TrainingTools
{
    /// <summary>Every name, in the order help shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["llama-factory", "axolotl", "unsloth"];

    /// <summary>The trainer for a command-line name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The trainer.</returns>
    /// <exception cref="ArgumentException">The name is not a trainer.</exception>
    public static TrainingTool Parse(string name) => name switch
    {
        "llama-factory" => TrainingTool.LlamaFactory,
        "axolotl" => TrainingTool.Axolotl,
        "unsloth" => TrainingTool.Unsloth,
        _ => throw new ArgumentException($"'{name}' is not a training tool", nameof(name)),
    };
}
