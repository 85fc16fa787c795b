using Crossover.Tuning.Data;

namespace Crossover.Tuning.Jobs;

/// <summary>The data files a job is started with, as <see cref="TuningWorkspace.WriteJobFiles"/> wrote them.</summary>
/// <param name="Report">The training set's counts, tokens, estimated cost and warnings.</param>
/// <param name="TrainingFile">The training file (OpenAI chat JSONL).</param>
/// <param name="ValidationFile">The validation file (the dev split), or null when there is none or none was asked for.</param>
/// <param name="ValidationExamples">Examples in the validation file.</param>
public sealed record JobFiles(TrainingSetReport Report, string TrainingFile, string? ValidationFile, int ValidationExamples);
