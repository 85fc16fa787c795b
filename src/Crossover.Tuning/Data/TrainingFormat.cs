namespace Crossover.Tuning.Data;

/// <summary>The training-file formats <c>crossover tune prepare</c> writes (docs/training-data.md).</summary>
public enum TrainingFormat
{
    /// <summary>OpenAI chat fine-tuning JSONL: <c>{"messages":[{role,content}…]}</c>.</summary>
    OpenAiChat,

    /// <summary>Hugging Face chat JSONL (TRL conversational): <c>{"messages":[{role,content}…]}</c>, read by <c>apply_chat_template</c>.</summary>
    HfChat,

    /// <summary>Alpaca: <c>{"instruction","input","output"}</c>.</summary>
    Alpaca,

    /// <summary>ShareGPT: <c>{"conversations":[{from,value}…]}</c> with system, human and gpt turns.</summary>
    ShareGpt,

    /// <summary>Preference pairs for DPO (TRL conversational): <c>{"prompt":[…],"chosen":[…],"rejected":[…]}</c>.</summary>
    Dpo,

    /// <summary>Preference pairs for OpenAI's DPO fine-tuning: <c>{"input":{"messages":[…]},"preferred_output":[…],"non_preferred_output":[…]}</c>.</summary>
    OpenAiDpo,
}

/// <summary>The command-line names of the formats.</summary>
public static class TrainingFormats
{
    /// <summary>Every name, in the order help shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["openai-chat", "hf-chat", "alpaca", "sharegpt", "dpo", "openai-dpo"];

    /// <summary>Whether the format holds preference pairs (a chosen and a rejected answer per prompt).</summary>
    /// <param name="format">The format.</param>
    /// <returns>True for <see cref="TrainingFormat.Dpo"/> and <see cref="TrainingFormat.OpenAiDpo"/>.</returns>
    public static bool IsPreference(TrainingFormat format) => format is TrainingFormat.Dpo or TrainingFormat.OpenAiDpo;

    /// <summary>The format for a command-line name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentException">The name is not a format.</exception>
    public static TrainingFormat Parse(string name) => name switch
    {
        "openai-chat" => TrainingFormat.OpenAiChat,
        "hf-chat" => TrainingFormat.HfChat,
        "alpaca" => TrainingFormat.Alpaca,
        "sharegpt" => TrainingFormat.ShareGpt,
        "dpo" => TrainingFormat.Dpo,
        "openai-dpo" => TrainingFormat.OpenAiDpo,
        _ => throw new ArgumentException($"'{name}' is not a training format", nameof(name)),
    };
}
