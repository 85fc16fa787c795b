namespace Crossover.Core.Decisions;

/// <summary>How to fine-tune.</summary>
public enum TuningMethod
{
    /// <summary>Parameter-efficient supervised fine-tuning with low-rank adapters.</summary>
    Lora,

    /// <summary>Supervised fine-tuning on input/output pairs (as managed providers run it).</summary>
    Sft,

    /// <summary>Preference tuning (DPO) on chosen/rejected pairs.</summary>
    PreferenceTuning,
}
