using Crossover.LocalModels;

namespace Crossover.Tuning.Data;

/// <summary>What <c>tune prepare</c> learned about a training set: sizes, token counts and cost estimates.</summary>
/// <param name="Model">The model priced and tokenized for.</param>
/// <param name="Encoding">The tokenizer encoding used for the counts.</param>
/// <param name="Examples">Training examples written.</param>
/// <param name="TrainingTokens">Tokens in one pass over the training set (chat overhead included).</param>
/// <param name="MinTokens">The shortest example, in tokens.</param>
/// <param name="MaxTokens">The longest example, in tokens.</param>
/// <param name="MeanPromptTokens">Mean tokens a tuned call sends: system prompt, input and chat overhead.</param>
/// <param name="MeanAnswerTokens">Mean tokens of the expected answer.</param>
/// <param name="ContextTokens">The model's context window from the catalog, when known.</param>
/// <param name="Labels">Training examples per label (classification; empty otherwise).</param>
/// <param name="Epochs">Passes over the data the estimate assumes.</param>
/// <param name="TrainingCost">Training tokens × epochs × the catalog's training price, in USD, when priced.</param>
/// <param name="TunedCallCost">The tuned model's cost per call at the mean prompt and answer size, in USD, when priced.</param>
/// <param name="Warnings">Things to know that do not stop the preparation.</param>
public sealed record TrainingSetReport(
    string Model,
    string Encoding,
    int Examples,
    long TrainingTokens,
    int MinTokens,
    int MaxTokens,
    double MeanPromptTokens,
    double MeanAnswerTokens,
    int? ContextTokens,
    IReadOnlyDictionary<string, int> Labels,
    int Epochs,
    double? TrainingCost,
    double? TunedCallCost,
    IReadOnlyList<string> Warnings);

/// <summary>A validated training set and its report.</summary>
/// <param name="Examples">The examples, in dataset order.</param>
/// <param name="Report">Counts and estimates.</param>
public sealed record PreparedTrainingSet(IReadOnlyList<TrainingExample> Examples, TrainingSetReport Report);

/// <summary>How to prepare a training set.</summary>
/// <param name="Format">The output format (DPO needs preference fields).</param>
/// <param name="Model">The model to price and tokenize for; null for the experiment's first candidate's model.</param>
/// <param name="Epochs">Passes over the data the cost estimate assumes.</param>
/// <param name="ChosenField">The dataset field with the preferred answer (DPO).</param>
/// <param name="RejectedField">The dataset field with the dispreferred answer (DPO).</param>
public sealed record PrepareOptions(TrainingFormat Format, string? Model = null, int Epochs = Jobs.TuningHyperparameters.DefaultEpochs, string ChosenField = "chosen", string RejectedField = "rejected");
