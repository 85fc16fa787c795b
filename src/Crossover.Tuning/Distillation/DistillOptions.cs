namespace Crossover.Tuning.Distillation;

/// <summary>How <see cref="Distiller"/> labels inputs (docs/distillation.md).</summary>
/// <param name="Teacher">The experiment candidate that answers: its model with its own prompt strategy.</param>
/// <param name="InputsPath">A JSONL or CSV file of unlabeled rows carrying the fields of <c>task.input</c>.</param>
/// <param name="Repeats">Teacher answers per input.</param>
/// <param name="RequireAgreement">Keep an input only when every repeat passes the checks and all give the same answer.</param>
/// <param name="Limit">Label at most this many rows (the first ones), when set.</param>
/// <param name="UseCache">Whether identical calls are answered from the response cache.</param>
public sealed record DistillOptions(string Teacher, string InputsPath, int Repeats = 1, bool RequireAgreement = false, int? Limit = null, bool UseCache = true);
