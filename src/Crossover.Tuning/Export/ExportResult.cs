using Crossover.Tuning.Data;

namespace Crossover.Tuning.Export;

/// <summary>What <see cref="TrainingExporter"/> wrote.</summary>
/// <param name="Folder">The output folder.</param>
/// <param name="Files">Every file written, as full paths, data first.</param>
/// <param name="TrainExamples">Examples in <c>train.jsonl</c>.</param>
/// <param name="ValidationExamples">Examples in <c>validation.jsonl</c> (the dev split; 0 when there is none and no file was written).</param>
/// <param name="SequenceLength">The sequence length the config uses.</param>
/// <param name="Command">The shell command that starts training.</param>
/// <param name="Report">The training set's validation report (tokens and labels; its warnings about OpenAI's prices do not apply to an export).</param>
/// <param name="Warnings">Things to know: label imbalance, truncation, an unknown chat template.</param>
public sealed record ExportResult(
    string Folder,
    IReadOnlyList<string> Files,
    int TrainExamples,
    int ValidationExamples,
    int SequenceLength,
    string Command,
    TrainingSetReport Report,
    IReadOnlyList<string> Warnings);
